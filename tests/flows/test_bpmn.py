"""BPMN 2.0 interchange: round trips keep our extensions, plain models are accepted,
the structure is what bpmn-js and Camunda Modeler open, hostile XML is refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from yangguang.flows.bpmn import BPMN, BPMNDI, DC, DI, BpmnError, export_bpmn, parse_bpmn
from yangguang.flows.validation import validate

FIXTURES = Path(__file__).resolve().parents[2] / "src" / "yangguang" / "flows" / "fixtures"

PLAIN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="P" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:startEvent id="S"/>
    <bpmn:userTask id="A" name="受理" camunda:assignee="x">
      <bpmn:extensionElements><camunda:inputOutput/></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:manualTask id="B" name="审查"/>
    <bpmn:endEvent id="E"/>
    <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <bpmn:sequenceFlow id="f2" sourceRef="A" targetRef="B"/>
    <bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E"/>
  </bpmn:process>
</bpmn:definitions>""".encode()


def test_fixtures_parse_and_validate():
    files = sorted(FIXTURES.glob("*.bpmn"))
    assert len(files) >= 4
    for f in files:
        p = parse_bpmn(f.read_bytes())
        assert validate(p) == [], f


def test_round_trip_keeps_extensions():
    src = parse_bpmn((FIXTURES / "food-licence.bpmn").read_bytes())
    again = parse_bpmn(export_bpmn(src))
    assert again.sod_groups == src.sod_groups and src.sod_groups
    assert again.case_limits == src.case_limits
    assert again.pause_tasks == src.pause_tasks and src.pause_tasks
    for nid, n in src.nodes.items():
        m = again.nodes[nid]
        assert (m.kind, m.name, m.lane, m.limit, m.limit_unit, m.visibility) == (
            n.kind, n.name, n.lane, n.limit, n.limit_unit, n.visibility,
        )  # fmt: skip
    assert {(f.source, f.target, f.condition) for f in again.flows} == {
        (f.source, f.target, f.condition) for f in src.flows
    }


def test_plain_model_without_extensions_accepted_and_vendor_extensions_ignored():
    p = parse_bpmn(PLAIN)
    assert [n.name for n in p.tasks] == ["受理", "审查"]
    assert p.tasks[0].limit is None and p.tasks[0].visibility == "external"
    assert {x.code for x in validate(p)} == {"task_no_post", "task_no_limit"}


def test_calendar_days_accepted():
    xml = PLAIN.replace(
        b'<bpmn:manualTask id="B" name="\xe5\xae\xa1\xe6\x9f\xa5"/>',
        b'<bpmn:task id="B"><bpmn:extensionElements><yg:timeLimit xmlns:yg="urn:yangguang:bpmn:1" days="7"/>'
        b"</bpmn:extensionElements></bpmn:task>",
    )
    assert parse_bpmn(xml).nodes["B"].limit_unit == "calendar"


def test_export_is_bpmn_js_compatible():
    root = ET.fromstring(export_bpmn(parse_bpmn(PLAIN)))  # noqa: S314 (our own output)
    assert root.tag == f"{{{BPMN}}}definitions" and root.get("targetNamespace")
    process = root.find(f"{{{BPMN}}}process")
    assert process.get("isExecutable") == "true"
    assert root.find(f"{{{BPMN}}}collaboration/{{{BPMN}}}participant").get("processRef") == "P"
    plane = root.find(f"{{{BPMNDI}}}BPMNDiagram/{{{BPMNDI}}}BPMNPlane")
    shapes = {s.get("bpmnElement"): s for s in plane.findall(f"{{{BPMNDI}}}BPMNShape")}
    edges = {e.get("bpmnElement"): e for e in plane.findall(f"{{{BPMNDI}}}BPMNEdge")}
    assert {"S", "A", "B", "E", "Participant_1"} <= set(shapes)
    assert all(s.find(f"{{{DC}}}Bounds") is not None for s in shapes.values())
    assert set(edges) == {"f1", "f2", "f3"}
    assert all(len(e.findall(f"{{{DI}}}waypoint")) >= 2 for e in edges.values())
    # tasks were userTask/manualTask: their types are kept
    assert process.find(f"{{{BPMN}}}userTask").get("id") == "A"


HOSTILE = {
    "billion_laughs": b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>""",
    "external_entity": b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;</bpmn:definitions>""",
    "dtd": b"""<?xml version="1.0"?><!DOCTYPE bpmn:definitions SYSTEM "http://example.org/x.dtd">
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>""",
    "malformed": b"<bpmn:definitions",
    "not_bpmn": b"<html/>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_and_malformed_xml_refused(name):
    with pytest.raises(BpmnError) as err:
        parse_bpmn(HOSTILE[name])
    assert err.value.zh and err.value.en


def test_size_limit():
    with pytest.raises(BpmnError) as err:
        parse_bpmn(PLAIN + b" " * 2000, max_bytes=1000)
    assert err.value.code == "too_large"
    with pytest.raises(BpmnError):
        parse_bpmn(b" " * (5 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("element", "code"),
    [
        (b'<bpmn:inclusiveGateway id="IG"/>', "unsupported_element"),
        (b'<bpmn:subProcess id="SP"/>', "unsupported_element"),
        (b'<bpmn:intermediateCatchEvent id="TM"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>', "unsupported_element"),
        (b'<bpmn:fancyThing id="FT"/>', "unknown_element"),
    ],
)  # fmt: skip
def test_unknown_and_unsupported_elements_named(element, code):
    xml = PLAIN.replace(b'<bpmn:endEvent id="E"/>', b'<bpmn:endEvent id="E"/>' + element)
    with pytest.raises(BpmnError) as err:
        parse_bpmn(xml)
    assert err.value.code == code
    ident = element.split(b'id="')[1].split(b'"')[0].decode()
    assert err.value.element == ident and ident in err.value.zh


def test_non_positive_limit_named():
    xml = PLAIN.replace(
        b'<bpmn:manualTask id="B" name="\xe5\xae\xa1\xe6\x9f\xa5"/>',
        b'<bpmn:task id="B"><bpmn:extensionElements><yg:timeLimit xmlns:yg="urn:yangguang:bpmn:1" workingDays="0"/>'
        b"</bpmn:extensionElements></bpmn:task>",
    )
    with pytest.raises(BpmnError) as err:
        parse_bpmn(xml)
    assert err.value.code == "limit_not_positive" and err.value.element == "B"
