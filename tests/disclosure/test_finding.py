"""The finding of a complaint (核查结论: 属实, 部分属实, 不属实) is recorded with the reply:
required, validated, audited, shown on the office page."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError
from yangguang.disclosure import models as m
from yangguang.disclosure import selectors
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _complaint(tree):
    c, _code = s.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=tree["dept"],
        title="窗口拖延", content="多次往返", at=at(2026, 3, 2),
    )  # fmt: skip
    return c


@pytest.mark.parametrize(
    ("finding", "code"), [("", "required"), ("  ", "required"), ("true", "invalid_finding")]
)
def test_the_finding_is_required_and_validated(tree, users, finding, code):
    c = _complaint(tree)
    with pytest.raises(DomainError) as exc:
        s.complaint_reply(
            actor=person(users["clerk"]), complaint=c, reply="已核查", finding=finding
        )
    assert exc.value.error_code == code and exc.value.field == "finding"
    assert exc.value.zh and exc.value.en and "finding" in str(exc.value)
    c.refresh_from_db()
    assert c.status == "received" and c.finding == "" and c.reply == ""


def test_the_finding_is_recorded_and_audited(tree, users):
    c = _complaint(tree)
    c = s.complaint_reply(
        actor=person(users["clerk"]), complaint=c, reply="部分属实", finding="partly"
    )
    assert c.finding == m.Finding.PARTLY and c.get_finding_display().startswith("部分属实")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "complaints.reply"
    assert json.loads(entry.payload)["changes"]["finding"] == ["", "partly"]


def test_the_office_form_asks_for_the_finding(tree, users):
    c = _complaint(tree)
    lead = Client()
    lead.force_login(users["lead"])
    page = lead.get(f"/office/complaints/{c.pk}/").content.decode()
    assert 'name="finding"' in page and "不属实" in page
    lead.post(f"/office/complaints/{c.pk}/", {"step": "reply", "reply": "已核实"})
    c.refresh_from_db()
    assert c.status == "received"  # refused without a finding
    lead.post(f"/office/complaints/{c.pk}/", {"step": "reply", "reply": "x", "finding": "maybe"})
    c.refresh_from_db()
    assert c.status == "received"
    lead.post(
        f"/office/complaints/{c.pk}/", {"step": "reply", "reply": "已核实", "finding": "unfounded"}
    )
    c.refresh_from_db()
    assert c.status == "replied" and c.finding == "unfounded"
    page = lead.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "核查结论" in page and "不属实" in page


def test_statistics_count_findings_per_organisation(tree, users):
    clerk = person(users["clerk"])
    for finding in ("founded", "partly", "partly", "unfounded"):
        s.complaint_reply(actor=clerk, complaint=_complaint(tree), reply="已核查", finding=finding)
    _complaint(tree)  # still open: no finding
    row = next(
        r
        for r in selectors.statistics(user=None, today=datetime.date(2026, 4, 1))
        if r["org"] == tree["dept"]
    )
    assert row["findings"] == {"founded": 1, "partly": 2, "unfounded": 1}
    assert row["complaints_total"] == 5
    html = Client().get("/statistics/").content.decode()
    assert "部分属实" in html and "不属实" in html
    rows = json.loads(Client().get("/statistics/all.json").content)
    dept = next(r for r in rows if r["organisation"] == tree["dept"].name)
    assert (dept["finding_founded"], dept["finding_partly"], dept["finding_unfounded"]) == (1, 2, 1)
    csv = Client().get("/statistics/all.csv").content.decode("utf-8-sig")
    assert "核查结论·属实" in csv.splitlines()[0]  # the CSV is headed in Chinese


def test_the_office_list_flags_overdue_complaints_and_shows_findings(tree, users):
    late = _complaint(tree)  # received 2026-03-02: its 15 working days are long past
    done = s.complaint_reply(
        actor=person(users["clerk"]), complaint=_complaint(tree), reply="x", finding="founded"
    )
    lead = Client()
    lead.force_login(users["lead"])
    html = lead.get("/office/complaints/").content.decode()
    rows = {n: html[html.index(n) :].split("</tr>", 1)[0] for n in (late.number, done.number)}
    assert "已逾期" in rows[late.number] and "已逾期" not in rows[done.number]
    assert "属实" in rows[done.number]
