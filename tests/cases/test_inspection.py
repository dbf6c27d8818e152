"""The inspector's day (issue 23 point 6): withdrawing an open alert with a reason (the
score it cost comes back; the trail keeps both), assigning it to a colleague of the
commission, and its history in words on the alert page, the case page and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.assertions import one_audit, refused
from yangguang.accounts import services as accounts
from yangguang.accounts.models import User
from yangguang.audit.models import AuditEntry
from yangguang.cases import history
from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.cases.scores.selectors import scores
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError

from .conftest import SYSTEM, at

pytestmark = pytest.mark.django_db
DEPT = "某县市场监督管理局"


@pytest.fixture
def people(w):
    """Full names for the people of the story, and a second inspector (the colleague)."""
    for key, full in (("inspector", "赵监督"), ("win1", "钱窗口")):
        w.u[key].full_name = full
        w.u[key].save(update_fields=["full_name"])
    w.u["colleague"] = User.objects.create_user(
        "colleague", password="x-Passw0rd-long", full_name="孙同事", role="inspector",
        organisation=w.commission,
    )  # fmt: skip
    return w.u


@pytest.fixture
def yellow(w, clock, people):
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip
    cs.supervision_sweep(actor=SYSTEM, now=at(2026, 3, 10, 10))
    return Alert.objects.get(case=case, rule="yellow_card")


def _dept_score(w):
    return next(r for r in scores(user=w.u["inspector"], quarter="2026Q1")["departments"]
                if r.name == DEPT).score  # fmt: skip


def _api(user):
    _, secret = accounts.api_token_create(actor=SYSTEM, user=user, name=f"t-{user.username}")
    client, headers = Client(), {"Authorization": f"Bearer {secret}"}

    def call(url, body=None):
        if body is None:
            return client.get(url, headers=headers)
        return client.post(url, data=body, content_type="application/json", headers=headers)

    return call


def _bilingual(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]
    if field is not None:
        assert body["field"] == field
    return body


def test_withdraw_an_open_card_restores_the_score_and_keeps_the_trail(w, yellow):
    insp = Actor.person(w.u["inspector"])
    cs.score_sheet_set(
        actor=insp, organisation=w.gov, name="办件绩效",
        items=[{"category": "时效", "kind": "alert_yellow", "points": -5}],
    )  # fmt: skip
    # the case is also late for acceptance (another yellow-grade alert): two cards, -10
    assert yellow.status == "open" and _dept_score(w) == Decimal(90)
    with refused("required", "reason", [Alert, AuditEntry]):
        cs.alert_withdraw(actor=insp, alert=yellow, reason="  ")
    with one_audit("cases.alert_withdraw"):
        cs.alert_withdraw(actor=insp, alert=yellow, reason="节假日调整未同步, 日历有误")
    yellow.refresh_from_db()
    assert yellow.status == "dismissed" and yellow.reviewed_by == w.u["inspector"]
    assert _dept_score(w) == Decimal(95)  # the withdrawn card's 5 points come back
    entries = AuditEntry.objects.filter(object_type="cases.alert", object_id=str(yellow.pk))
    assert list(entries.values_list("action", flat=True)) == ["cases.alert_withdraw"]
    assert '"status":["open","dismissed"]' in entries.get().payload
    # the sweep that raised it is kept too, and a second withdrawal is refused
    assert AuditEntry.objects.filter(action="cases.sweep").exists()
    with refused("alert_state", "alert", [Alert, AuditEntry]):
        cs.alert_withdraw(actor=insp, alert=yellow, reason="再次")


def test_withdraw_from_every_open_state_and_not_after(w, clock, yellow):
    insp, clerk = Actor.person(w.u["inspector"]), Actor.person(w.u["win1"])
    cs.alert_explain(actor=clerk, alert=yellow, explanation="延误", correction="已办")
    cs.alert_withdraw(actor=insp, alert=yellow, reason="日历错误")  # explained
    closed = cs.case_register(
        actor=clerk, power=w.food, applicant="李四", at=clock.tick(2026, 3, 2, 10)
    )
    cs.supervision_sweep(actor=SYSTEM, now=at(2026, 3, 10, 11))
    card = Alert.objects.get(case=closed, rule="yellow_card")
    cs.alert_explain(actor=clerk, alert=card, explanation="x", correction="y")
    cs.alert_close(actor=insp, alert=card, review="好")
    with refused("alert_state", "alert", [Alert]):
        cs.alert_withdraw(actor=insp, alert=card, reason="迟了")


def test_withdraw_refused_for_clerks_on_every_path(client, w, yellow):
    with pytest.raises(PermissionDeniedError):
        cs.alert_withdraw(actor=Actor.person(w.u["win1"]), alert=yellow, reason="自己撤")
    client.force_login(w.u["win1"])
    page = client.get(reverse("cases:alert_action", args=[yellow.pk]))
    assert page.status_code == 200 and 'value="withdraw"' not in page.content.decode()
    r = client.post(
        reverse("cases:alert_action", args=[yellow.pk]), {"action": "withdraw", "text": "撤"}
    )
    assert r.status_code == 403 and "无权执行此操作" in r.content.decode()
    body = _bilingual(
        _api(w.u["win1"])(f"/api/v1/alerts/{yellow.pk}/withdraw", {"reason": "撤"}), 403
    )
    assert body["code"] == "permission_denied"
    yellow.refresh_from_db()
    assert yellow.status == "open"
    # another department's clerk does not see it at all
    assert _api(w.u["other_clerk"])(f"/api/v1/alerts/{yellow.pk}").status_code == 404


def test_withdraw_and_assign_through_the_pages(client, w, yellow):
    client.force_login(w.u["inspector"])
    page = client.get(reverse("cases:alert_action", args=[yellow.pk])).content.decode()
    assert 'value="withdraw"' in page and 'value="colleague"' in page and "孙同事" in page
    assert 'value="win1"' not in page  # only the commission's people are offered
    r = client.post(
        reverse("cases:alert_action", args=[yellow.pk]), {"action": "assign", "username": "win1"},
        follow=True,
    )  # fmt: skip
    assert "不是负责该单位的纪检监察人员" in r.content.decode()
    client.post(
        reverse("cases:alert_action", args=[yellow.pk]),
        {"action": "assign", "username": "colleague"},
    )
    r = client.post(
        reverse("cases:alert_action", args=[yellow.pk]),
        {"action": "withdraw", "text": "日历有误"},
        follow=True,
    )
    yellow.refresh_from_db()
    assert yellow.status == "dismissed" and yellow.assignee == w.u["colleague"]
    text = r.content.decode()
    assert "赵监督 · 指派预警: 指派给 孙同事" in text
    assert "赵监督 · 撤回预警: 理由：日历有误" in text
    # the list offers withdrawal of an open alert (not only of one awaiting confirmation)
    assert "已撤销" in client.get(reverse("cases:alerts")).content.decode()
    mine = client.get(reverse("cases:alerts"), {"mine": "1"}).content.decode()
    assert yellow.case.number not in mine


def test_assign_only_to_a_colleague_of_the_commission(w, yellow):
    insp = Actor.person(w.u["inspector"])
    for outsider in ("win1", "sysadmin"):
        with refused("assignee_not_inspector", "username", [Alert, AuditEntry]):
            cs.alert_assign(actor=insp, alert=yellow, assignee=w.u[outsider])
    with refused("unknown_user", "username", [Alert, AuditEntry]):
        cs.alert_assign(actor=insp, alert=yellow, assignee=None)
    w.u["colleague"].is_active = False
    w.u["colleague"].save(update_fields=["is_active"])
    with refused("assignee_not_inspector", "username", [Alert, AuditEntry]):
        cs.alert_assign(actor=insp, alert=yellow, assignee=w.u["colleague"])
    w.u["colleague"].is_active = True
    w.u["colleague"].save(update_fields=["is_active"])
    with pytest.raises(PermissionDeniedError):
        cs.alert_assign(actor=Actor.person(w.u["lead1"]), alert=yellow, assignee=w.u["colleague"])
    with one_audit("cases.alert_assign"):
        cs.alert_assign(actor=insp, alert=yellow, assignee=w.u["colleague"])
    with refused("already_assigned", "username", [Alert, AuditEntry]):
        cs.alert_assign(actor=insp, alert=yellow, assignee=w.u["colleague"])
    yellow.refresh_from_db()
    assert yellow.assignee == w.u["colleague"] and yellow.assigned_at is not None


def test_history_in_words(client, w, yellow):
    insp, clerk = Actor.person(w.u["inspector"]), Actor.person(w.u["win1"])
    cs.alert_assign(actor=insp, alert=yellow, assignee=w.u["colleague"])
    cs.alert_explain(actor=clerk, alert=yellow, explanation="材料流转延误", correction="已提速")
    cs.alert_escalate(actor=Actor.person(w.u["colleague"]), alert=yellow, review="多次超期")
    yellow.refresh_from_db()
    lines = [(line.actor, line.action, line.text) for line in history.history(yellow)]
    assert lines == [
        ("系统", "发现预警", "黄牌: 超承诺时限（黄牌）"),
        ("赵监督", "指派预警", "指派给 孙同事"),
        ("钱窗口", "说明并纠错", "情况说明：材料流转延误；纠正措施：已提速"),
        ("孙同事", "转入问责", f"转入问责案件 #{yellow.accountability_id}：多次超期"),
    ]
    client.force_login(w.u["inspector"])
    for url in (
        reverse("cases:alert_action", args=[yellow.pk]),
        reverse("cases:detail", args=[yellow.case_id]),
    ):
        text = client.get(url).content.decode()
        assert "赵监督 · 指派预警: 指派给 孙同事" in text, url
        assert "孙同事 · 转入问责" in text and "inspector" not in text.split("<main")[-1]
    client.post("/i18n/setlang/", {"language": "en", "next": "/office/"})
    text = client.get(reverse("cases:alert_action", args=[yellow.pk])).content.decode()
    assert "Assign an alert: assigned to 孙同事" in text and "指派给" not in text


def test_alert_api(w, yellow):
    as_insp = _api(w.u["inspector"])
    got = as_insp(f"/api/v1/alerts/{yellow.pk}")
    assert got.status_code == 200, got.content
    body = got.json()
    assert (body["case"], body["status"], body["assignee"]) == (yellow.case.number, "open", None)
    assert body["history_zh"][0]["action"] == "发现预警"
    assert body["history_en"][0]["action"] == "Alert raised"
    _bilingual(as_insp(f"/api/v1/alerts/{yellow.pk}/assign", {"username": "win1"}), 400, "username")
    _bilingual(as_insp(f"/api/v1/alerts/{yellow.pk}/assign", {"username": "nobody"}), 400)
    r = as_insp(f"/api/v1/alerts/{yellow.pk}/assign", {"username": "colleague"})
    assert r.status_code == 200 and r.json()["assignee"] == "孙同事"
    _bilingual(as_insp(f"/api/v1/alerts/{yellow.pk}/withdraw", {"reason": ""}), 400, "reason")
    r = as_insp(f"/api/v1/alerts/{yellow.pk}/withdraw", {"reason": "日历有误"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "dismissed" and body["status_zh"] == "已撤销"
    assert [h["action"] for h in body["history_zh"]] == ["发现预警", "指派预警", "撤回预警"]
    assert body["history_zh"][-1] == {
        **body["history_zh"][-1],
        "actor": "赵监督 (接口)",
        "text": "理由：日历有误",
    }
    assert body["history_en"][-1]["text"] == "reason: 日历有误"
    _bilingual(as_insp(f"/api/v1/alerts/{yellow.pk}/withdraw", {"reason": "再次"}), 400, "alert")
    assert as_insp("/api/v1/alerts/999999").status_code == 404


def test_alert_paths_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/alerts/{pk}", "/api/v1/alerts/{pk}/withdraw",
            "/api/v1/alerts/{pk}/assign"} <= set(paths)  # fmt: skip


def test_an_escalated_alert_is_listed_closed_and_its_history_says_so(client, w, yellow):
    cs.alert_escalate(actor=Actor.person(w.u["inspector"]), alert=yellow, review="多次超期")
    yellow.refresh_from_db()
    client.force_login(w.u["inspector"])
    listing = client.get(reverse("accountability:list")).content.decode()
    detail_url = reverse("accountability:detail", args=[yellow.accountability_id])
    assert detail_url in listing and "黄牌: 超承诺时限" in listing
    detail = client.get(detail_url).content.decode()
    assert reverse("cases:alert_action", args=[yellow.pk]) in detail
    r = client.post(detail_url, {"conclusion": "责令整改, 通报批评"}, follow=True)
    assert r.status_code == 200 and "问责案件已办结" in r.content.decode()
    lines = [(line.actor, line.action, line.text) for line in history.history(yellow)]
    assert lines[-1] == ("赵监督", "问责办结", "问责结论：责令整改, 通报批评")
    alert_page = client.get(reverse("cases:alert_action", args=[yellow.pk])).content.decode()
    assert "赵监督 · 问责办结: 问责结论：责令整改, 通报批评" in alert_page
    assert detail_url in alert_page


def test_assigned_alerts_wait_on_the_colleagues_home(client, w, yellow):
    cs.alert_assign(actor=Actor.person(w.u["inspector"]), alert=yellow, assignee=w.u["colleague"])
    client.force_login(w.u["colleague"])
    home = client.get("/office/").content.decode()
    assert "指派给我的预警" in home and reverse("cases:alerts") + "?mine=1" in home
    mine = client.get(reverse("cases:alerts"), {"mine": "1"}).content.decode()
    assert yellow.case.number in mine and "孙同事" in mine
    client.force_login(w.u["inspector"])
    assert "指派给我的预警" not in client.get("/office/").content.decode()
    assert (
        yellow.case.number
        not in client.get(reverse("cases:alerts"), {"mine": "1"}).content.decode()
    )


def test_the_alert_list_and_the_case_page_lead_to_the_alert_page(client, w, yellow):
    client.force_login(w.u["inspector"])
    url = reverse("cases:alert_action", args=[yellow.pk])
    assert url in client.get(reverse("cases:alerts")).content.decode()
    assert url in client.get(reverse("cases:detail", args=[yellow.case_id])).content.decode()
    assert client.get(reverse("cases:alert_action", args=[999999])).status_code == 404
