"""The correction workflow (纠错): the department explains and corrects, an inspector
closes or escalates to accountability; who may do what; all of it on the audit trail;
and 首问负责 handovers."""

from __future__ import annotations

import pytest

from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.models import Alert, Handover
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.meetings.models import AccountabilityCase

from .conftest import SYSTEM, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def yellow(w, clock):
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip
    cs.supervision_sweep(actor=SYSTEM, now=at(2026, 3, 10, 10))
    return Alert.objects.get(case=case, rule="yellow_card")


def test_explain_then_close(w, yellow):
    clerk, insp = Actor.person(w.u["win1"]), Actor.person(w.u["inspector"])
    with pytest.raises(DomainError) as exc:  # nothing explained yet
        cs.alert_close(actor=insp, alert=yellow, review="同意")
    assert exc.value.error_code == "alert_state"
    for outsider in (insp, Actor.person(w.u["other_clerk"])):
        with pytest.raises(PermissionDeniedError):
            cs.alert_explain(actor=outsider, alert=yellow, explanation="x", correction="y")
    with pytest.raises(DomainError):
        cs.alert_explain(actor=clerk, alert=yellow, explanation=" ", correction="y")
    cs.alert_explain(actor=clerk, alert=yellow, explanation="材料流转延误", correction="已办结")
    with pytest.raises(PermissionDeniedError):
        cs.alert_close(actor=clerk, alert=yellow, review="自己审核")
    cs.alert_close(actor=insp, alert=yellow, review="纠错到位")
    yellow.refresh_from_db()
    assert yellow.status == "closed" and yellow.reviewed_by == w.u["inspector"]
    trail = list(
        AuditEntry.objects.filter(object_type="cases.alert", object_id=str(yellow.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert trail == ["cases.alert_explain", "cases.alert_close"]


def test_escalate_to_accountability(w, yellow):
    with pytest.raises(PermissionDeniedError):
        cs.alert_escalate(actor=Actor.person(w.u["lead1"]), alert=yellow, review="问责")
    cs.alert_escalate(actor=Actor.person(w.u["inspector"]), alert=yellow, review="多次超期")
    yellow.refresh_from_db()
    acc = AccountabilityCase.objects.get()
    assert yellow.status == "escalated" and yellow.accountability == acc
    assert list(acc.persons.all()) == [w.u["win1"]] and acc.rule == "yellow_card"
    assert yellow.case.number in acc.summary


def test_confirm_and_withdraw_pending_alerts(w, clock):
    insp = Actor.person(w.u["inspector"])
    cs.supervision_rule_set(actor=insp, organisation=w.dept, rule="yellow_card", automatic=False)
    for _ in range(2):
        cs.case_register(
            actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
            at=clock.tick(2026, 3, 2, 9),
        )  # fmt: skip
    cs.supervision_sweep(actor=SYSTEM, now=at(2026, 3, 10, 10))
    a, b = Alert.objects.filter(rule="yellow_card", status="pending").order_by("pk")
    with pytest.raises(PermissionDeniedError):
        cs.alert_confirm(actor=Actor.person(w.u["win1"]), alert=a)
    with pytest.raises(DomainError):  # pending alerts are not explained yet
        cs.alert_explain(actor=Actor.person(w.u["win1"]), alert=a, explanation="x", correction="y")
    cs.alert_confirm(actor=insp, alert=a)
    cs.alert_withdraw(actor=insp, alert=b, reason="系统停电, 已顺延")
    assert set(Alert.objects.values_list("status", flat=True)) == {"open", "dismissed"}


def test_first_responsibility_handover(w, clock):
    win1, win2 = Actor.person(w.u["win1"]), Actor.person(w.u["win2"])
    case = cs.case_register(actor=win1, power=w.food, applicant="张三", at=clock.tick(2026, 3, 2))
    with pytest.raises(PermissionDeniedError):  # not responsible, not a leader
        cs.responsibility_handover(actor=win2, case=case, to=w.u["win2"], reason="接手")
    with pytest.raises(DomainError):  # outside the organisation
        cs.responsibility_handover(actor=win1, case=case, to=w.u["other_clerk"], reason="转")
    cs.responsibility_handover(actor=win1, case=case, to=w.u["win2"], reason="调岗")
    case.refresh_from_db()
    assert case.responsible == w.u["win2"]
    enquiry = cs.enquiry_receive(actor=win1, organisation=w.dept, person="李四", subject="怎么办")
    assert enquiry.responsible == w.u["win1"]
    cs.responsibility_handover(
        actor=Actor.person(w.u["lead1"]), enquiry=enquiry, to=w.u["win2"], reason="分派"
    )
    enquiry.refresh_from_db()
    assert enquiry.responsible == w.u["win2"]
    assert Handover.objects.count() == 2


def test_documents_limits(w, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import open_step

    win = Actor.person(w.u["win1"])
    case = cs.case_register(actor=win, power=w.food, applicant="张三", at=clock.tick(2026, 3, 2))
    step = open_step(case, "受理")
    for name, data, code in (
        ("a.exe", b"MZ", "document_type"),
        ("a.pdf", b"not a pdf", "document_content"),
        ("a.pdf", b"", "document_size"),
    ):
        with pytest.raises(DomainError) as exc:
            cs.document_attach(actor=win, step=step, file=SimpleUploadedFile(name, data))
        assert exc.value.error_code == code
    doc = cs.document_attach(
        actor=win, step=step, file=SimpleUploadedFile("申请书.pdf", b"%PDF-1.7 ...")
    )
    assert doc.step == step and doc.content_type == "application/pdf"
