"""A report must never be handled by the official it accuses: a report against the
leader of 市场监管局 (杨帆) tried by that leader, his deputy, his superior (the county
head) and the commission, through the services (as the demo loader calls them), the
office pages, the API and the export; conflicted handlers replaced."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at
from yangguang.accounts import services as accounts
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.disclosure import services as s
from yangguang.disclosure import visibility
from yangguang.disclosure.conflicts import ConflictOfInterestError, handling_commission
from yangguang.orgs import models as orgs_models
from yangguang.orgs import services as orgs

pytestmark = pytest.mark.django_db

OFFICIALS = ("yangfan", "deputy", "head")  # the accused, his deputy, his superior


def _report(county, kind="report", person="杨帆", **kw):
    c, _code = s.complaint_submit(
        actor=SYSTEM, kind=kind, subject_kind="person", organisation=county.dept,
        title="局长违规减免罚款", content="在行政处罚案件审核中违规减免罚款的详细经过",
        person_name=person, anonymous=False, name="举报人钱女士", contact="13700000002",
        at=at(2026, 3, 2), **kw,
    )  # fmt: skip
    return c


def _attempts(county, c, who):
    """Every handling service tried by ``who``; the refusals (nothing written)."""
    actor = Actor.person(county[who])
    calls = {
        "assign": lambda: s.complaint_assign(
            actor=actor, complaint=c, assignee=county["inspector"]
        ),
        "reply": lambda: s.complaint_reply(
            actor=actor, complaint=c, reply="不属实", finding="unfounded"
        ),
        "reject": lambda: s.complaint_reject(actor=actor, complaint=c, reason="不予受理"),
        "identity": lambda: s.reporter_identity_read(actor=actor, complaint=c, reason="看看"),
        "name": lambda: s.complaint_name_person(actor=actor, complaint=c, user=county["clerk"]),
    }
    refused = {}
    for name, call in calls.items():
        before = AuditEntry.objects.count()
        with pytest.raises(PermissionDeniedError) as exc:
            call()
        assert AuditEntry.objects.count() == before
        err = exc.value
        assert err.zh and err.en and err.as_dict()["message"] == f"{err.zh} ({err.en})"
        refused[name] = err.error_code
    return refused


def test_a_report_goes_to_the_commission_and_names_the_accused(county):
    c = _report(county)
    assert c.commission == county.commission == handling_commission(county.dept)
    assert [p.user for p in c.persons.all()] == [county["yangfan"]]
    complaint = _report(county, kind="complaint")
    assert complaint.commission is None  # a complaint stays with the organisation
    # an ambiguous or unknown name links nobody (never a guess)
    assert not _report(county, person="某科员").persons.exists()


def test_a_report_against_a_leader_refused_to_him_his_deputy_and_superior(county):
    c = _report(county)
    for who in OFFICIALS:
        refused = _attempts(county, c, who)
        assert set(refused.values()) <= {"permission_denied", "conflict_of_interest"}, who
    # the commission handles it: its secretary assigns, its inspector replies
    s.protected_reader_designate(
        actor=SYSTEM, commission=county.commission, user=county["inspector"], reason="指定"
    )
    seen = s.reporter_identity_read(
        actor=Actor.person(county["inspector"]), complaint=c, reason="核查线索"
    )
    assert seen["name"] == "举报人钱女士"
    c = s.complaint_assign(
        actor=Actor.person(county["secretary"]), complaint=c, assignee=county["inspector"]
    )
    c = s.complaint_reply(
        actor=Actor.person(county["inspector"]), complaint=c, reply="部分属实", finding="partly"
    )
    assert c.status == "replied" and c.assignee == county["inspector"]
    # concluded: the officials still may not touch it
    for who in OFFICIALS:
        with pytest.raises(PermissionDeniedError):
            s.complaint_reject(actor=Actor.person(county[who]), complaint=c, reason="x")


def test_a_complaint_naming_the_leader_is_handled_by_his_staff_not_by_him(county):
    c = _report(county, kind="complaint")
    for who in OFFICIALS:
        refused = _attempts(county, c, who)
        # they may operate in the department, so the refusal is the conflict itself
        assert refused["reply"] == refused["assign"] == "conflict_of_interest", who
    c = s.complaint_assign(
        actor=Actor.person(county["clerk"]), complaint=c, assignee=county["clerk"]
    )
    with pytest.raises(ConflictOfInterestError) as exc:
        s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["deputy"])
    assert exc.value.field == "assignee" and "回避" in exc.value.zh
    c = s.complaint_reply(
        actor=Actor.person(county["clerk"]), complaint=c, reply="已整改", finding="founded"
    )
    assert c.status == "replied"


def test_a_report_is_assigned_only_within_its_commission(county):
    c = _report(county)
    with pytest.raises(DomainError) as exc:
        s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["clerk"])
    assert exc.value.error_code == "assignee_scope"


def test_a_declared_relative_stands_aside_and_the_handler_is_replaced(county):
    c = _report(county)
    secretary = Actor.person(county["secretary"])
    c = s.complaint_assign(actor=secretary, complaint=c, assignee=county["inspector2"])
    # 方圆 declares 杨帆 her brother: she is replaced by an unconflicted colleague
    orgs.relative_declare(
        actor=Actor.person(county["inspector2"]), person=county["inspector2"],
        relative=county["yangfan"], relation="collateral", note="兄妹",
    )  # fmt: skip
    c.refresh_from_db()
    assert c.assignee in (county["inspector"], county["secretary"]) and c.status == "assigned"
    entry = AuditEntry.objects.filter(action="complaints.handler_replaced").get()
    extra = json.loads(entry.payload)["extra"]
    assert "近亲属" in extra["reason_zh"] and "relative" in extra["reason_en"]
    assert extra["trigger"] == "relative_declared"
    # and she may no longer be assigned it, nor read its reporter
    with pytest.raises(ConflictOfInterestError):
        s.complaint_assign(actor=secretary, complaint=c, assignee=county["inspector2"])
    s.protected_reader_designate(
        actor=SYSTEM, commission=county.commission, user=county["inspector2"], reason="指定"
    )
    with pytest.raises(ConflictOfInterestError):
        s.reporter_identity_read(actor=Actor.person(county["inspector2"]), complaint=c,
                                 reason="核查")  # fmt: skip
    # a declaration works both ways, is refused twice, and only by whom it may be
    with pytest.raises(DomainError) as exc:
        orgs.relative_declare(actor=SYSTEM, person=county["yangfan"],
                              relative=county["inspector2"], relation="collateral")  # fmt: skip
    assert exc.value.error_code == "relative_exists"
    with pytest.raises(PermissionDeniedError):
        orgs.relative_declare(actor=Actor.person(county["clerk"]), person=county["deputy"],
                              relative=county["inspector"], relation="spouse")  # fmt: skip


def test_no_unconflicted_handler_left_unassigns_with_the_reason(county):
    c = _report(county)
    c = s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["inspector"])
    for other in ("inspector2", "secretary"):
        orgs.relative_declare(actor=SYSTEM, person=county[other],
                              relative=county["yangfan"], relation="in_law")  # fmt: skip
    orgs.relative_declare(
        actor=SYSTEM, person=county["inspector"], relative=county["yangfan"], relation="spouse"
    )
    c.refresh_from_db()
    assert c.assignee is None and c.status == "received"
    extra = json.loads(
        AuditEntry.objects.filter(action="complaints.handler_replaced").get().payload
    )["extra"]
    assert extra["unassigned"] is True
    page = _login(county["sysadmin"]).get(f"/office/complaints/{c.pk}/").content.decode()
    assert "无可交办的人员" in page


def test_naming_the_handler_later_replaces_him(county):
    c = _report(county, kind="complaint", person="")
    c = s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["deputy"])
    c = s.complaint_name_person(
        actor=Actor.person(county["clerk"]), complaint=c, user=county["deputy"]
    )
    assert c.assignee not in (county["deputy"], county["yangfan"])  # 杨帆 leads her
    assert c.assignee == county["clerk"]
    assert AuditEntry.objects.filter(action="complaints.handler_replaced").count() == 1
    with pytest.raises(DomainError) as exc:
        s.complaint_name_person(actor=SYSTEM, complaint=c, user=county["deputy"])
    assert exc.value.error_code == "already_named"


def test_a_report_is_referred_to_another_commission(county):
    c = _report(county)
    with pytest.raises(PermissionDeniedError):
        s.complaint_route(actor=Actor.person(county["yangfan"]), complaint=c,
                          commission=county.commission, reason="x")  # fmt: skip
    higher = orgs.organisation_create(
        actor=SYSTEM, code="SJW", name="青山市纪委监委", kind="commission",
        region=county.gov.region, parent=None, jurisdiction=county.gov,
    )  # fmt: skip
    c = s.complaint_route(actor=Actor.person(county["secretary"]), complaint=c,
                          commission=higher, reason="涉及县管干部, 报市纪委")  # fmt: skip
    assert c.commission == higher
    with pytest.raises(PermissionDeniedError):  # no longer the county commission's
        s.complaint_reply(actor=Actor.person(county["inspector"]), complaint=c, reply="x",
                          finding="unfounded")  # fmt: skip


# --- what each one sees, on every path -------------------------------------------------


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> tuple[Client, dict]:
    _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="t")
    return Client(), {"Authorization": f"Bearer {secret}"}


def _seen(county, who, c) -> dict[str, str]:
    """What ``who`` sees of ``c`` on each path: 'full', 'outcome' or 'none'."""
    user = county[who]
    web = _login(user)
    out = {}
    listed = web.get("/office/complaints/").content.decode()
    page = web.get(f"/office/complaints/{c.pk}/")
    out["list"] = "full" if c.title in listed else "outcome" if c.number in listed else "none"
    html = page.content.decode() if page.status_code == 200 else ""
    out["page"] = "full" if c.content in html else "outcome" if page.status_code == 200 else "none"
    body = web.get("/office/complaints/all.csv").content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(body)) if r["number"] == c.number]
    out["export"] = "none" if not rows else "full" if rows[0]["content"] else "outcome"
    assert "举报人钱女士" not in listed + html + body and "13700000002" not in html + body
    client, headers = _api(user)
    r = client.get(f"/api/v1/complaints/{c.number}", headers=headers)
    out["api"] = "none" if r.status_code == 404 else "full" if r.json()["full"] else "outcome"
    if r.status_code == 200 and not r.json()["full"]:
        assert r.json()["content"] is None and r.json()["title"] is None
    return out


def test_every_path_shows_the_accused_at_most_the_finding_after_the_conclusion(county):
    c = _report(county)
    expected_open = {
        "yangfan": "none", "deputy": "none", "head": "none", "clerk": "none",
        "inspector": "full", "secretary": "full", "sysadmin": "full",
    }  # fmt: skip
    for who, want in expected_open.items():
        assert set(_seen(county, who, c).values()) == {want}, who
    # the accused tries to reply through the API: he does not even find it
    client, headers = _api(county["yangfan"])
    r = client.post(f"/api/v1/complaints/{c.number}/reply", data={"reply": "不属实",
                    "finding": "unfounded"}, content_type="application/json",
                    headers=headers)  # fmt: skip
    assert r.status_code == 404
    # the commission replies through the API
    client, headers = _api(county["inspector"])
    r = client.post(f"/api/v1/complaints/{c.number}/assign", data={"assignee": "inspector"},
                    content_type="application/json", headers=headers)  # fmt: skip
    assert r.status_code == 200 and r.json()["assignee"] == "inspector"
    r = client.post(f"/api/v1/complaints/{c.number}/reply", data={"reply": "经核查部分属实",
                    "finding": "partly"}, content_type="application/json",
                    headers=headers)  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "replied"
    c.refresh_from_db()
    for who in ("yangfan", "deputy", "head", "clerk"):
        assert set(_seen(county, who, c).values()) == {"outcome"}, who
    page = _login(county["yangfan"]).get(f"/office/complaints/{c.pk}/").content.decode()
    assert "部分属实" in page and "经核查部分属实" not in page and c.title not in page
    # concluded and visible: his refusal through the API is a bilingual 403
    client, headers = _api(county["yangfan"])
    r = client.post(f"/api/v1/complaints/{c.number}/reject", data={"reason": "x"},
                    content_type="application/json", headers=headers)  # fmt: skip
    assert r.status_code == 403
    assert r.json()["message_zh"] and r.json()["message_en"]
    # and the office page refuses his form post with the same message, changing nothing
    _login(county["yangfan"]).post(f"/office/complaints/{c.pk}/", {"step": "reject",
                                   "reason": "x"})  # fmt: skip
    c.refresh_from_db()
    assert c.status == "replied"


def test_a_conflicted_member_of_the_commission_sees_no_case_file(county):
    c = _report(county)
    orgs.relative_declare(
        actor=SYSTEM, person=county["inspector2"], relative=county["yangfan"], relation="spouse"
    )
    assert set(_seen(county, "inspector2", c).values()) == {"none"}
    assert set(_seen(county, "inspector", c).values()) == {"full"}
    rec = visibility.record(c, full=False)  # never the content when not full
    assert "content" not in rec and "title" not in rec and rec["finding"] == ""


def test_the_relatives_page_declares_and_ends(county):
    c = _report(county)
    c = s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["inspector2"])
    web = _login(county["inspector2"])
    page = web.get("/office/orgs/relatives/").content.decode()
    assert "亲属关系申报" in page
    web.post("/office/orgs/relatives/", {"step": "declare", "relative": "scj.lead",
                                          "relation": "collateral", "note": "兄妹"})  # fmt: skip
    d = orgs_models.RelativeDeclaration.objects.get()
    assert d.person == county["inspector2"] and d.relative == county["yangfan"]
    assert d.declared_by == county["inspector2"]
    c.refresh_from_db()
    assert c.assignee != county["inspector2"]  # replaced at once
    # a bad relation is refused with the bilingual message, nothing stored
    r = web.post("/office/orgs/relatives/", {"step": "declare", "relative": "scj.clerk",
                                              "relation": "friend"}, follow=True)  # fmt: skip
    assert "亲属关系无效" in r.content.decode()
    assert orgs_models.RelativeDeclaration.objects.count() == 1
    # the clerk of 市场监管局 may not end someone else's declaration
    _login(county["clerk"]).post("/office/orgs/relatives/", {"step": "end",
                                 "declaration": d.pk, "reason": "x"})  # fmt: skip
    d.refresh_from_db()
    assert d.ended_at is None
    web.post("/office/orgs/relatives/", {"step": "end", "declaration": d.pk,
                                         "reason": "申报有误"})  # fmt: skip
    d.refresh_from_db()
    assert d.ended_at is not None and d.end_reason == "申报有误"
    page = web.get("/office/orgs/relatives/").content.decode()
    assert "已结束" in page


def test_a_handler_appointed_leader_over_the_accused_is_replaced(county):
    import datetime

    c = _report(county, kind="complaint", person="秦磊")  # about the clerk
    with pytest.raises(ConflictOfInterestError):  # his leaders may not take it
        s.complaint_assign(actor=SYSTEM, complaint=c, assignee=county["deputy"])
    colleague = accounts.user_create(
        actor=SYSTEM, username="scj.clerk2", full_name="韩梅", organisation=county.dept,
        role="clerk",
    )  # fmt: skip
    c = s.complaint_assign(actor=SYSTEM, complaint=c, assignee=colleague)
    orgs.leadership_appoint(
        actor=SYSTEM, organisation=county.dept, user=colleague, role="deputy",
        title="副局长", start=datetime.date(2026, 1, 1),
    )  # fmt: skip
    c.refresh_from_db()
    assert c.assignee is None and c.status == "received"  # nobody else there is free
    extra = json.loads(
        AuditEntry.objects.filter(action="complaints.handler_replaced").get().payload
    )["extra"]
    assert extra["trigger"] == "leader_appointed" and "领导" in extra["reason_zh"]
