"""The finding of a complaint (核查结论: 属实, 部分属实, 不属实) is recorded with the reply:
required, validated, audited, shown on the office page."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.disclosure.conftest import SYSTEM, at, person

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError
from yangguang.disclosure import models as m
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
