"""Services: editing, publishing and versions, risk grade rule, 五步法 permissions, bad
imports leave nothing behind."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.flows import rules, selectors
from yangguang.flows import services as s
from yangguang.flows.compiled import from_db
from yangguang.flows.models import Flow, Node, ProcessModel

from .conftest import SYSTEM, build_licence
from .test_bpmn import HOSTILE, PLAIN


def test_build_and_publish_freezes_the_version(w):
    p = build_licence(w, publish=True)
    assert p.status == "published" and selectors.problems(p) == []
    task = p.nodes.filter(kind="task").first()
    with pytest.raises(DomainError) as err:
        s.step_update(actor=SYSTEM, node=task, name="改")
    assert err.value.error_code == "process_published"
    new = s.process_new_version(actor=SYSTEM, process=p)
    assert new.version == 2 and new.status == "draft"
    assert from_db(new).risks[0].measures and len(from_db(new).nodes) == len(from_db(p).nodes)
    s.step_update(actor=SYSTEM, node=new.nodes.get(name="受理"), name="收件受理")
    assert p.nodes.filter(name="受理").exists()  # the published version is unchanged


def test_publish_refuses_over_the_promised_limit(w):
    p = build_licence(w)
    s.step_update(actor=SYSTEM, node=p.nodes.get(name="审查"), limit_days=10)
    with pytest.raises(DomainError) as err:
        s.process_publish(actor=SYSTEM, process=p)
    assert err.value.error_code == "over_promised_limit"


def test_editor_operations(w):
    p = s.process_create(actor=SYSTEM, power=w.penalty, template="empty")
    flow = p.flows.get()
    a = s.step_insert(actor=SYSTEM, flow=flow, name="立案", post=w.post, limit_days=2)
    b = s.step_insert(actor=SYSTEM, flow=a.outgoing.get(), name="调查", post=w.post2, limit_days=10)
    split, _join = s.branch_insert(
        actor=SYSTEM, flow=b.outgoing.get(), kind="choice", name="是否听证",
        branches=[{"name": "听证", "post": w.post2, "limit_days": 5, "pauses_clock": True, "condition": "要求"}],
        skip_condition="不要求",
    )  # fmt: skip
    s.branch_add(
        actor=SYSTEM, gateway=split, name="补充调查", condition="需补充", post=w.post2, limit_days=3
    )
    s.step_move(actor=SYSTEM, node=b, direction="up")
    c = from_db(p)
    assert c.successors["StartEvent_1"] == (b.key,) and c.successors[b.key] == (a.key,)
    assert selectors.problems(p) == []
    with pytest.raises(DomainError):
        s.step_update(actor=SYSTEM, node=a, limit_days=0)
    s.step_delete(actor=SYSTEM, node=a)
    assert not Node.objects.filter(pk=a.pk).exists() and selectors.problems(p) == []
    with pytest.raises(DomainError):
        s.branch_insert(
            actor=SYSTEM,
            flow=b.outgoing.get(),
            kind="choice",
            branches=[{"name": "x"}, {"name": "y"}],
        )


def test_grade_rule_and_override():
    assert rules.computed_grade([]) is None
    assert rules.computed_grade([("C", 1, 1)]) == "C"
    assert rules.computed_grade([("B", 1, 1)]) == "B"
    assert rules.computed_grade([("B", 1, 1)] * 3) == "A"
    assert rules.computed_grade([("A", 1, 1)]) == "A"
    assert rules.computed_grade([("C", 5, 5)] * 3) == "B"  # score 3.0 reaches B
    assert (
        rules.computed_grade([("B", 1, 1)] * 3, {**rules.DEFAULT_GRADE_RULE, "a_if_b_points": 4})
        == "B"
    )


def test_override_keeps_its_reason(w):
    p = build_licence(w)
    assert selectors.grade_of(p).effective == "A"
    with pytest.raises(DomainError):
        s.grade_override(actor=SYSTEM, process=p, grade="B", reason="")
    s.grade_override(
        actor=Actor.person(w.users["leader"]), process=p, grade="B", reason="已采取信息化监控"
    )
    info = selectors.grade_of(ProcessModel.objects.get(pk=p.pk))
    assert (info.computed, info.effective, info.reason) == ("A", "B", "已采取信息化监控")


def test_five_step_review_permissions(w):
    p = build_licence(w)
    clerk, leader, inspector = (Actor.person(w.users[k]) for k in ("clerk", "leader", "inspector"))
    with pytest.raises(PermissionDeniedError):
        s.risk_review_advance(actor=leader, process=p)  # 找 is the drafters' step
    for _ in range(3):
        s.risk_review_advance(actor=clerk, process=p, note="ok")
    with pytest.raises(PermissionDeniedError):
        s.risk_review_advance(actor=clerk, process=p)  # 审 is the leader's
    with pytest.raises(PermissionDeniedError):
        s.risk_review_advance(actor=Actor.person(w.users["other_clerk"]), process=p)
    s.risk_review_return(actor=leader, process=p, reason="风险点不全")
    assert ProcessModel.objects.get(pk=p.pk).review_state == "find"
    for _ in range(3):
        s.risk_review_advance(actor=clerk, process=p)
    s.risk_review_advance(actor=leader, process=p)
    with pytest.raises(PermissionDeniedError):
        s.risk_review_advance(actor=leader, process=p)  # 核 is the commission's
    s.risk_review_advance(actor=inspector, process=p, note="核定")
    p.refresh_from_db()
    assert p.review_state == "done"
    assert [(x.from_state, x.to_state) for x in p.review_steps.all()][-2:] == [
        ("review", "check"),
        ("check", "done"),
    ]


def test_review_needs_measures(w):
    p = build_licence(w)
    s.risk_point_add(actor=SYSTEM, node=p.nodes.get(name="决定"), description="违规审批", grade="B")
    clerk = Actor.person(w.users["clerk"])
    s.risk_review_advance(actor=clerk, process=p)
    s.risk_review_advance(actor=clerk, process=p)
    with pytest.raises(DomainError) as err:
        s.risk_review_advance(actor=clerk, process=p)
    assert err.value.error_code == "risk_no_measure"


def test_only_editors_of_the_organisation_edit(w):
    with pytest.raises(PermissionDeniedError):
        s.process_create(actor=Actor.person(w.users["other_clerk"]), power=w.licence)
    with pytest.raises(PermissionDeniedError):
        s.process_create(actor=Actor.person(w.users["inspector"]), power=w.licence)
    assert s.process_create(actor=Actor.person(w.users["clerk"]), power=w.licence).version == 1


def test_evidence_limits(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = build_licence(w)
    measure = p.nodes.get(name="审查").risk_points.get().measures.get()
    e = s.evidence_attach(
        actor=SYSTEM, measure=measure, file=SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 x")
    )
    assert e.size == 10 and (tmp_path / e.file.name).exists()
    with pytest.raises(DomainError):
        s.evidence_attach(actor=SYSTEM, measure=measure, file=SimpleUploadedFile("x.exe", b"MZ"))
    with pytest.raises(DomainError):
        s.evidence_attach(
            actor=SYSTEM, measure=measure, file=SimpleUploadedFile("x.pdf", b"<html>")
        )
    settings.FLOWS_EVIDENCE_MAX_BYTES = 5
    with pytest.raises(DomainError):
        s.evidence_attach(
            actor=SYSTEM, measure=measure, file=SimpleUploadedFile("y.pdf", b"%PDF-1.4 x")
        )


def _counts():
    return (
        ProcessModel.objects.count(),
        Node.objects.count(),
        Flow.objects.count(),
        AuditEntry.objects.count(),
    )


CYCLE = PLAIN.replace(
    b'<bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="E"/>',
    b'<bpmn:sequenceFlow id="f3" sourceRef="B" targetRef="A"/>',
)


@pytest.mark.parametrize(
    "xml", [*HOSTILE.values(), CYCLE, b"x" * 100], ids=[*HOSTILE, "cycle", "junk"]
)
def test_bad_imports_save_nothing(w, xml):
    before = _counts()
    with pytest.raises(DomainError) as err:
        s.import_bpmn(actor=SYSTEM, power=w.licence, xml_bytes=xml)
    assert err.value.field == "xml"
    assert _counts() == before


def test_cycle_import_names_the_elements(w):
    with pytest.raises(DomainError) as err:
        s.import_bpmn(actor=SYSTEM, power=w.licence, xml_bytes=CYCLE)
    assert err.value.error_code == "bpmn_cycle_without_exit" and "A" in err.value.zh


def test_import_maps_lanes_to_posts_and_replaces_the_draft(w):
    from pathlib import Path

    xml = (
        Path(__file__).resolve().parents[2] / "src/yangguang/flows/fixtures/food-licence.bpmn"
    ).read_bytes()
    s.process_create(actor=SYSTEM, power=w.licence)
    p = s.import_bpmn(actor=SYSTEM, power=w.licence, xml_bytes=xml)
    assert ProcessModel.objects.filter(power=w.licence).count() == 1
    assert p.nodes.filter(post=w.post).exists()  # lane 窗口受理岗 is the department's post
    assert p.sod_groups.count() == 1
