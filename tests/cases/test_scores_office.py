"""The scores reached by their users: the office pages and the API set a sheet (the
commission only), show scores within the sheet's bounds with two decimals and how each
deduction arose (links to the alerts), and take appeals (a department's staff) and their
re-review (the commission), with the score effect of an upheld appeal. Refusals are 403
(bilingual in the API), with nothing written."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.test import Client

from tests.assertions import one_audit
from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.cases.models_scores import ScoreAppeal, ScoreItem, ScoreSheet
from yangguang.cases.scores.selectors import scores
from yangguang.core.context import Actor

from .conftest import at

pytestmark = pytest.mark.django_db
Q = "2026Q1"
ITEMS = [
    {"category": "时效", "weight": 1, "kind": "alert_yellow", "points": -3, "cap": 15},
    {"category": "时效", "weight": 1, "kind": "alert_red", "points": "-60.5", "cap": 120},
    {"category": "时效", "weight": "0.5", "kind": "step_late", "points": -2},
    {"category": "预警", "weight": 1, "kind": "alert_warning", "points": -1},
]


@pytest.fixture
def sheet(w):
    return cs.score_sheet_set(
        actor=Actor.person(w.u["inspector"]), organisation=w.gov, name="县通用评分表",
        items=ITEMS,
    )  # fmt: skip


@pytest.fixture
def late(w, clock, sheet):
    """Two cases past both limits: yellow and red cards against 某县市场监督管理局."""
    clock.now = at(2026, 3, 20)
    win = Actor.person(w.u["win1"])
    cases = [
        cs.case_register(actor=win, power=w.food, applicant=n, at=at(2026, 2, 2))
        for n in ("甲", "乙")
    ]
    assert Alert.objects.filter(rule="red_card").count() == 2
    return cases


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(client, method, url, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )  # fmt: skip


def _bilingual_403(response):
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "permission_denied"
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]


def _dept(user, name="某县市场监督管理局", quarter=Q):
    return next(r for r in scores(user=user, quarter=quarter)["departments"] if r.name == name)


def test_the_floor_and_caps_hold_on_the_page(w, late):
    dept = _dept(w.u["inspector"])
    red = next(x for x in dept.result.lines if x.kind == "alert_red")
    assert red.count == 2 and red.raw == Decimal("-121.00") and red.applied == Decimal(-120)
    assert dept.result.total < 0 and dept.score == Decimal("0.00")  # never below the floor
    html = _client(w.u["inspector"]).get(f"/office/cases/scores/?quarter={Q}").content.decode()
    assert "某县市场监督管理局" in html and "0.00" in html and "已封顶" in html
    assert not re.search(r"-\d+\.\d{2}</td>", html.split("单位得分")[1].split("</table>")[0])
    assert not re.search(r"\d\.\d{3,}", html)  # two decimals everywhere


def test_two_decimals_and_the_deductions_link_to_their_alerts(w, late):
    cs.score_sheet_set(
        actor=Actor.person(w.u["inspector"]), organisation=w.gov, name="县通用评分表",
        items=[{"kind": "alert_red", "points": "-2.5", "weight": "0.5"}],
    )  # fmt: skip
    dept = _dept(w.u["lead1"])
    assert dept.score == Decimal("97.50")
    client = _client(w.u["lead1"])
    html = client.get(f"/office/cases/scores/?quarter={Q}").content.decode()
    assert "97.50" in html and "本单位得分" in html
    assert f"/office/cases/scores/org/{w.dept.code}/?quarter={Q}" in html
    detail = client.get(f"/office/cases/scores/org/{w.dept.code}/?quarter={Q}")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "97.50" in page and "-1.25" in page and "-2.50" in page
    for alert in Alert.objects.filter(rule="red_card"):
        assert f"/office/cases/{alert.case_id}/#alert-{alert.pk}" in page
    assert not re.search(r"\d\.\d{3,}", page)
    # out of the leader's scope: 404, no figures
    assert client.get(f"/office/cases/scores/org/{w.other.code}/").status_code == 404
    assert client.get("/office/cases/scores/org/NOPE/").status_code == 404


def test_an_organisation_without_a_sheet_of_its_own_inherits_its_parents(w, late):
    inspector = w.u["inspector"]
    rows = {r.name: r for r in scores(user=inspector, quarter=Q)["departments"]}
    assert rows["某县市场监督管理局"].sheet.organisation == w.gov
    own = cs.score_sheet_set(
        actor=Actor.person(inspector), organisation=w.dept, name="市场监管局评分表",
        items=[{"kind": "alert_red", "points": -1}], floor=-10,
    )  # fmt: skip
    rows = {r.name: r for r in scores(user=inspector, quarter=Q)["departments"]}
    assert rows["某县市场监督管理局"].sheet == own
    assert rows["某县市场监督管理局"].score == Decimal("98.00")
    people = {r.name: r for r in scores(user=inspector, quarter=Q)["people"]}
    assert people["win1"].sheet == own  # a person: the sheet of his or her organisation


def test_the_sheet_page_sets_a_sheet_for_the_commission_only(w, sheet):
    url = f"/office/cases/scores/sheets/{w.dept.code}/"
    form = {
        "name": "市场监管局评分表", "base": "100", "floor": "0", "excellent": "95", "good": "85",
        "passing": "60", "alert_red-category": "时效", "alert_red-weight": "1",
        "alert_red-points": "-5", "alert_red-cap": "20", "alert_yellow-points": "",
    }  # fmt: skip
    for who in ("win1", "lead1", "other_clerk"):
        client = _client(w.u[who])
        before = AuditEntry.objects.count()
        got = client.get(url)
        assert got.status_code in (403, 404), who
        assert client.post(url, form).status_code in (403, 404), who
        assert not ScoreSheet.objects.filter(organisation=w.dept).exists()
        assert AuditEntry.objects.count() == before
    refused = _client(w.u["win1"]).get(url)
    assert refused.status_code == 403 and "无权执行此操作" in refused.content.decode()
    client = _client(w.u["inspector"])
    page = client.get(url).content.decode()
    assert "县通用评分表" in page  # prefilled with the sheet it inherits
    bad = client.post(url, {**form, "good": "99"})
    assert bad.status_code == 400 and "优秀线" in bad.content.decode()
    assert not ScoreSheet.objects.filter(organisation=w.dept).exists()
    with one_audit("cases.score_sheet_set"):
        assert client.post(url, form).status_code == 302
    own = ScoreSheet.objects.get(organisation=w.dept)
    assert (own.name, own.excellent, own.floor) == ("市场监管局评分表", 95, 0)
    (item,) = ScoreItem.objects.filter(sheet=own)
    assert (item.kind, item.points, item.cap) == ("alert_red", -5, 20)


def test_the_sheet_api(w, sheet):
    url = f"/api/v1/scores/sheets/{w.dept.code}"
    body = {
        "name": "API 评分表", "floor": "0",
        "items": [{"kind": "alert_yellow", "points": "-3", "cap": "12", "category": "时效"}],
    }  # fmt: skip
    clerk = _client(w.u["win1"])
    got = clerk.get(url).json()
    assert got["inherited"] is True and got["organisation"] == w.gov.code
    assert got["base"] == "100.00" and got["floor"] == "0.00"
    _bilingual_403(_api(clerk, "put", url, body))
    assert not ScoreSheet.objects.filter(organisation=w.dept).exists()
    inspector = _client(w.u["inspector"])
    bad = _api(inspector, "put", url, {**body, "items": [{"kind": "alert_red", "points": -1,
                                                          "cap": "-3"}]})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "cap"
    assert bad.json()["message_zh"] and bad.json()["message_en"]
    assert _api(inspector, "put", "/api/v1/scores/sheets/NOPE", body).status_code == 404
    done = _api(inspector, "put", url, body)
    assert done.status_code == 200, done.content
    out = done.json()
    assert out["inherited"] is False and out["items"][0]["cap"] == "12.00"
    assert _api(clerk, "get", url).json()["name"] == "API 评分表"


def test_the_scores_api_is_the_page_s_calculation(w, late):
    client = _client(w.u["lead1"])
    out = client.get(f"/api/v1/scores?quarter={Q}&org={w.dept.code}").json()
    (dept,) = [r for r in out["departments"] if r["organisation"] == w.dept.code]
    row = _dept(w.u["lead1"])
    assert dept["score"] == f"{row.score:.2f}" == "0.00"
    assert dept["floored"] is True
    red = next(x for x in dept["lines"] if x["kind"] == "alert_red")
    assert (red["count"], red["applied"], red["capped"]) == (2, "-120.00", True)
    assert client.get(f"/api/v1/scores?org={w.other.code}").status_code == 404
    bad = client.get("/api/v1/scores?quarter=2026Q9")
    assert bad.status_code == 400 and bad.json()["message_en"]
    assert Client().get("/api/v1/scores").status_code in (401, 403)


def test_appeals_on_the_pages(w, late):
    red = Alert.objects.filter(rule="red_card").order_by("pk").first()
    # the commission may not appeal for the department; staff of another department
    # do not even see the alert
    refused = _client(w.u["inspector"]).post(
        "/office/cases/scores/appeals/file/", {"alert": red.pk, "reason": "x"}
    )
    assert refused.status_code == 403
    other = _client(w.u["other_clerk"]).post(
        "/office/cases/scores/appeals/file/", {"alert": red.pk, "reason": "x"}
    )
    assert other.status_code == 404
    assert not ScoreAppeal.objects.exists()
    clerk = _client(w.u["win1"])
    detail = f"/office/cases/scores/org/{w.dept.code}/?quarter={Q}"
    assert "提出申诉" in clerk.get(detail).content.decode()
    with one_audit("cases.score_appeal_file"):
        done = clerk.post("/office/cases/scores/appeals/file/",
                          {"alert": red.pk, "reason": "系统停机两天", "next": detail})  # fmt: skip
    assert done.status_code == 302 and done["Location"] == detail
    appeal = ScoreAppeal.objects.get(alert=red)
    again = clerk.post("/office/cases/scores/appeals/file/",
                       {"alert": red.pk, "reason": "再次"}, follow=True)  # fmt: skip
    assert "该预警已申诉" in again.content.decode()
    assert ScoreAppeal.objects.count() == 1
    # the clerk cannot decide his own appeal
    url = f"/office/cases/scores/appeals/{appeal.pk}/decide/"
    assert clerk.post(url, {"upheld": "1", "decision": "x"}).status_code == 403
    assert ScoreAppeal.objects.get().status == "pending"
    inspector = _client(w.u["inspector"])
    listing = inspector.get("/office/cases/scores/appeals/?status=pending").content.decode()
    assert "系统停机两天" in listing and url in listing
    before = _dept(w.u["inspector"]).result
    decided = inspector.post(url, {"upheld": "1", "decision": "情况属实"}, follow=True)
    html = decided.content.decode()
    after = _dept(w.u["inspector"]).result
    # from the floor: 100 - 60.50 (one red card) - 2 × 3 (yellow) - the rest
    assert f"申诉成立: 某县市场监督管理局 {Q} 得分 0.00 → {after.score:.2f}" in html
    assert after.score > 0
    assert next(x for x in after.lines if x.kind == "alert_red").count == 1
    assert before.total < after.total
    assert inspector.post(url, {"upheld": "0", "decision": "x"}, follow=True).status_code == 200
    assert ScoreAppeal.objects.get().status == "upheld"


def test_appeals_through_the_api_with_the_score_effect(w, late):
    cs.score_sheet_set(
        actor=Actor.person(w.u["inspector"]), organisation=w.gov, name="县通用评分表",
        items=[{"kind": "alert_red", "points": -5}, {"kind": "alert_yellow", "points": -3}],
    )  # fmt: skip
    red = Alert.objects.filter(rule="red_card").order_by("pk").first()
    clerk, inspector = _client(w.u["win1"]), _client(w.u["inspector"])
    _bilingual_403(_api(inspector, "post", "/api/v1/scores/appeals",
                        {"alert": red.pk, "reason": "x"}))  # fmt: skip
    assert _api(_client(w.u["other_clerk"]), "post", "/api/v1/scores/appeals",
                {"alert": red.pk, "reason": "x"}).status_code == 404  # fmt: skip
    empty = _api(clerk, "post", "/api/v1/scores/appeals", {"alert": red.pk, "reason": " "})
    assert empty.status_code == 400 and empty.json()["field"] == "reason"
    filed = _api(clerk, "post", "/api/v1/scores/appeals", {"alert": red.pk, "reason": "停机"})
    assert filed.status_code == 201, filed.content
    appeal = filed.json()
    assert appeal["status"] == "pending" and appeal["filed_by"] == "win1"
    twice = _api(clerk, "post", "/api/v1/scores/appeals", {"alert": red.pk, "reason": "再"})
    assert twice.status_code == 400 and twice.json()["code"] == "appeal_exists"
    url = f"/api/v1/scores/appeals/{appeal['id']}/decide"
    _bilingual_403(_api(clerk, "post", url, {"upheld": True, "decision": "x"}))
    assert _api(inspector, "post", "/api/v1/scores/appeals/999999/decide",
                {"upheld": True, "decision": "x"}).status_code == 404  # fmt: skip
    done = _api(inspector, "post", url, {"upheld": True, "decision": "情况属实"})
    assert done.status_code == 200, done.content
    effect = done.json()["effect"]
    assert effect["quarter"] == Q
    assert Decimal(effect["department_after"]) - Decimal(effect["department_before"]) == 5
    assert done.json()["appeal"]["status"] == "upheld"
    assert done.json()["appeal"]["decided_by"] == "inspector"
    listed = clerk.get("/api/v1/scores/appeals?status=upheld").json()
    assert [a["id"] for a in listed] == [appeal["id"]]
    assert clerk.get("/api/v1/scores/appeals?status=bogus").status_code == 400


def test_the_export_is_the_page_s_calculation(w, late):
    client = _client(w.u["lead1"])
    got = client.get(f"/office/cases/scores/export.csv?quarter={Q}")
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    text = got.content.decode("utf-8-sig")
    row = _dept(w.u["lead1"])
    (line,) = [x for x in text.splitlines() if x.split(",")[2] == "某县市场监督管理局"]
    assert line.split(",")[-2] == f"{row.score:.2f}" == "0.00"
    assert "-120.00" in line
    assert client.get("/office/cases/scores/export.csv?quarter=bad").status_code == 400
