"""Hand-made models and logs for the conformance tests."""

from __future__ import annotations

from yangguang.conformance.checker import Machine, check
from yangguang.conformance.logs import read_csv
from yangguang.conformance.run import package_calendar
from yangguang.flows.bpmn import parse_bpmn

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:yg="urn:yangguang:bpmn:1" id="D" targetNamespace="urn:yangguang:process">
<bpmn:process id="P" name="测试" isExecutable="true">"""


def bpmn(nodes: list[str], flows: list[tuple[str, str]], ext: str = "") -> bytes:
    body = [HEAD]
    if ext:
        body.append(f"<bpmn:extensionElements>{ext}</bpmn:extensionElements>")
    body.extend(nodes)
    for i, (a, b) in enumerate(flows):
        body.append(f'<bpmn:sequenceFlow id="F{i}" sourceRef="{a}" targetRef="{b}"/>')
    body.append("</bpmn:process></bpmn:definitions>")
    return "\n".join(body).encode()


def task(tid: str, name: str, limit: str = "", pause: bool = False) -> str:
    ext = limit + ('<yg:clock mode="pause"/>' if pause else "")
    if ext:
        return (
            f'<bpmn:userTask id="{tid}" name="{name}"><bpmn:extensionElements>{ext}'
            "</bpmn:extensionElements></bpmn:userTask>"
        )
    return f'<bpmn:userTask id="{tid}" name="{name}"/>'


# 受理 → 材料齐全? → (补正 → 受理 | 审查 [2 wd]) → 决定 [1 wd] → 办结;
# 受理 and 决定 by different people; the case within the case limit
LICENCE = bpmn(
    [
        '<bpmn:startEvent id="S"/>',
        task("A", "受理"),
        '<bpmn:exclusiveGateway id="G"/>',
        task("FIX", "补正", pause=True),
        task("B", "审查", '<yg:timeLimit workingDays="2"/>'),
        task("C", "决定", '<yg:timeLimit workingDays="1"/>'),
        '<bpmn:endEvent id="E"/>',
    ],
    [("S", "A"), ("A", "G"), ("G", "FIX"), ("FIX", "A"), ("G", "B"), ("B", "C"), ("C", "E")],
    '<yg:separationOfDuties tasks="A C" name="受理与决定分离"/>'
    '<yg:caseLimit workingDays="3" kind="statutory"/>',
)

# 登记 → AND(现场核查, 专家评审) → 决定 → 办结
PARALLEL = bpmn(
    [
        '<bpmn:startEvent id="S"/>',
        task("A", "登记"),
        '<bpmn:parallelGateway id="SPLIT"/>',
        task("B", "现场核查"),
        task("C", "专家评审"),
        '<bpmn:parallelGateway id="JOIN"/>',
        task("D", "决定"),
        '<bpmn:endEvent id="E"/>',
    ],
    [
        ("S", "A"),
        ("A", "SPLIT"),
        ("SPLIT", "B"),
        ("SPLIT", "C"),
        ("B", "JOIN"),
        ("C", "JOIN"),
        ("JOIN", "D"),
        ("D", "E"),
    ],
)

_CAL = None


def calendar():
    global _CAL
    if _CAL is None:
        _CAL = package_calendar()
    return _CAL


def run(model: bytes, rows: list[tuple], with_calendar: bool = True):
    """Check CSV rows ``(case, activity, timestamp, resource)``; deviations as tuples
    ``(case, kind, activity, event_index)``, and the result."""
    lines = ["case_id,activity,timestamp,resource"]
    lines += [",".join(r) for r in rows]
    log = read_csv("\n".join(lines).encode())
    result = check(log, Machine(parse_bpmn(model)), calendar() if with_calendar else None)
    return [(d[0], d[1], d[2], d[3]) for d in result.deviations], result
