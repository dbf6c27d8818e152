"""Complaints past their handling deadline are raised as alerts, as overdue disclosure
items are: once each, set-wise, by a recurring job, with one audit entry, and seen by the
organisation's staff and the commission supervising it (not by other departments)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core.errors import PermissionDeniedError
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _complaint(tree, when, title="窗口拖延"):
    c, _code = s.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=tree["dept"],
        title=title, content="多次往返", at=when,
    )  # fmt: skip
    assert c.deadline is not None  # 15 working days from receipt
    return c


def _entries(since: int, action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=since, action=action).order_by("seq"))


def _head() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_overdue_complaints_are_raised_once_set_wise(tree, users):
    late = [_complaint(tree, at(2026, 3, 2), f"拖延{i}") for i in range(2)]
    assigned = _complaint(tree, at(2026, 3, 3))
    s.complaint_assign(actor=person(users["lead"]), complaint=assigned, assignee=users["clerk"])
    late.append(assigned)
    replied = s.complaint_reply(
        actor=person(users["clerk"]), complaint=_complaint(tree, at(2026, 3, 2)), reply="已核查",
        finding="unfounded",
    )  # fmt: skip
    fresh = _complaint(tree, at(2026, 3, 30))  # its deadline is still ahead on 1 April
    before = _head()

    alerts = s.complaint_alerts_raise(actor=SYSTEM, at=at(2026, 4, 1))
    assert sorted(a.complaint_id for a in alerts) == sorted(c.pk for c in late)
    assert {a.raised_on.isoformat() for a in alerts} == {"2026-04-01"}
    (entry,) = list(AuditEntry.objects.filter(seq__gt=before))  # one entry for all
    assert entry.action == "complaints.alerts_raise"
    assert sorted(json.loads(entry.payload)["extra"]["complaints"]) == sorted(c.pk for c in late)
    assert not m.ComplaintAlert.objects.filter(complaint__in=[replied, fresh]).exists()

    # once: a later run raises only what became overdue since, and writes nothing else
    assert s.complaint_alerts_raise(actor=SYSTEM, at=at(2026, 4, 2)) == []
    assert AuditEntry.objects.filter(seq__gt=entry.seq).count() == 0
    (later,) = s.complaint_alerts_raise(actor=SYSTEM, at=at(2026, 6, 1))
    assert later.complaint_id == fresh.pk
    assert m.ComplaintAlert.objects.count() == len(late) + 1

    for who in ("clerk", "lead", "inspector"):
        with pytest.raises(PermissionDeniedError):
            s.complaint_alerts_raise(actor=person(users[who]))


def test_the_alert_job_is_scheduled_and_runs(tree):
    from yangguang.core.schedule import JOBS
    from yangguang.disclosure.tasks import complaint_alerts_task

    assert any(name.endswith("complaint_alerts_task") for name in JOBS)
    c = _complaint(tree, at(2026, 3, 2))
    assert complaint_alerts_task.call() == 1
    assert m.ComplaintAlert.objects.get().complaint == c
    assert complaint_alerts_task.call() == 0


def test_alerts_are_seen_by_the_department_and_the_commission(tree, users):
    late = _complaint(tree, at(2026, 3, 2))
    open_ = _complaint(tree, at(2026, 3, 30))
    before = _head()
    s.complaint_alerts_raise(actor=SYSTEM, at=at(2026, 4, 1))
    for who, sees in (("clerk", True), ("lead", True), ("inspector", True),
                      ("other_clerk", False)):  # fmt: skip
        assert access.restrict(m.ComplaintAlert.objects.all(), users[who]).exists() is sees, who
    client = Client()
    for who in ("lead", "inspector"):
        client.force_login(users[who])
        html = client.get("/office/complaints/").content.decode()
        rows = {n: html[html.index(n) :].split("</tr>", 1)[0] for n in (late.number, open_.number)}
        assert "已预警 (2026-04-01)" in rows[late.number], who
        assert "已预警" not in rows[open_.number], who
    # the commission finds the job's entry in the audit trail; the department does not
    client.force_login(users["inspector"])
    page = client.get("/audit/trail/?action=complaints.alerts_raise")
    assert page.status_code == 200 and "complaints.alerts_raise" in page.content.decode()
    assert _entries(before, "complaints.alerts_raise")
    client.force_login(users["lead"])
    assert client.get("/audit/trail/?action=complaints.alerts_raise").status_code == 403
