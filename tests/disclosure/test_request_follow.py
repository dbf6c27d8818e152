"""An information request followed by its number and 查询码 from the first day: the
portal's page and the API, a wrong code answered as an unknown number, rate-limited."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.disclosure.conftest import SYSTEM, person
from yangguang.disclosure import abuse, selectors
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _answer(html: str) -> tuple[str, str]:
    from yangguang.disclosure import challenge

    token = re.search(r'name="captcha_token" value="([^"]+)"', html).group(1)
    return token, challenge.answer_of(token)


def _file(client: Client, **extra):
    token, answer = _answer(client.get("/requests/new/").content.decode())
    data = {
        "organisation": "D1",
        "subject": "2025年专项资金分配明细",
        "description": "请公开分配到村的明细",
        "requester_name": "王五",
        "requester_contact": "13800000000",
        "publish_consent": "no",
        "captcha_token": token,
        "captcha": answer,
    }
    data.update(extra)
    return client.post("/requests/new/", data)


def _follow(number: str, code: str) -> tuple[int, str]:
    r = Client().post("/requests/follow/", {"number": number, "code": code})
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())
    return r.status_code, body


def _events(html: str) -> list[str]:
    return re.findall(r'data-event="([a-z]+)"', html)


def test_followed_from_the_first_day_through_clarification_extension_and_answer(tree, users):
    filed = _file(Client())
    assert filed.status_code == 201 and filed["Cache-Control"] == "no-store"
    html = filed.content.decode()
    number = re.search(r'id="request-number">([^<]+)<', html).group(1)
    code = re.search(r'id="request-code">([^<]+)<', html).group(1)
    req = m.InfoRequest.objects.get(number=number)
    assert len(code) == 12 and code not in req.code_hash  # kept only hashed
    assert not req.publish_consent  # the requester's choice, as made
    # day one: received, with the deadline; the public page still shows nothing
    status, page = _follow(number, code)
    assert status == 200 and _events(page) == ["received"]
    assert req.deadline.strftime("%Y-%m-%d") in page and "王五" not in page
    assert Client().get(f"/requests/{number}/").status_code == 404
    clerk, lead = person(users["clerk"]), person(users["lead"])
    req = s.info_request_clarify(actor=clerk, request=req, question="请说明所指年度")
    status, page = _follow(number, code.lower())  # the code is read case-blind
    assert _events(page) == ["received", "clarification"] and "请说明所指年度" in page
    req = s.info_request_resume(actor=clerk, request=req)
    req = s.info_request_extend(actor=lead, request=req, reason="需汇总多个乡镇数据")
    status, page = _follow(number, code)
    assert _events(page) == ["received", "clarification", "resumed", "extended"]
    assert "需汇总多个乡镇数据" in page and req.deadline.strftime("%Y-%m-%d") in page
    s.info_request_answer(actor=clerk, request=req, outcome="answered_full", answer="见附表")
    status, page = _follow(number, code)
    assert _events(page)[-1] == "answered" and "见附表" in page
    # not published (no consent), yet its requester reads the answer
    assert Client().get(f"/requests/{number}/").status_code == 404


def test_a_wrong_code_is_answered_as_an_unknown_number(tree):
    req, code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="预算", description="明细",
        requester_name="王五", requester_contact="13800000000", publish_consent=True,
    )  # fmt: skip
    assert selectors.request_by_code(req.number, code) == req
    wrong = _follow(req.number, "AAAAAAAAAAAA")
    unknown = _follow("YS2026-00000001", code)
    assert wrong == unknown and wrong[0] == 404
    assert "申请编号或查询码不正确" in wrong[1] and req.subject not in wrong[1]
    api = Client()
    a = api.get(f"/api/v1/disclosure/requests/{req.number}/status", {"code": "AAAAAAAAAAAA"})
    b = api.get("/api/v1/disclosure/requests/YS2026-00000001/status", {"code": code})
    assert a.status_code == b.status_code == 404 and a.json() == b.json()
    assert a.json()["message_zh"] and a.json()["message_en"]


def test_the_api_gives_the_status_from_the_first_day(tree, users):
    req, code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="预算", description="明细",
        requester_name="王五", requester_contact="13800000000", publish_consent=True,
    )  # fmt: skip
    s.info_request_clarify(actor=person(users["clerk"]), request=req, question="哪一年?")
    r = Client().get(f"/api/v1/disclosure/requests/{req.number}/status", {"code": code})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "clarification" and body["clarification_question"] == "哪一年?"
    assert [e["event"] for e in body["events"]] == ["received", "clarification"]
    assert "王五" not in r.content.decode() and "13800000000" not in r.content.decode()
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/disclosure/requests/{number}/status" in schema["paths"]


def test_lookups_are_rate_limited(tree):
    client = Client()
    for _ in range(abuse.LIMITS["lookup"][0]):
        client.post("/requests/follow/", {"number": "YS2026-1", "code": "X"})
    assert client.post("/requests/follow/", {"number": "YS2026-1", "code": "X"}).status_code == 429
    api = client.get("/api/v1/disclosure/requests/YS2026-1/status", {"code": "X"})
    assert api.status_code == 429 and api.json()["code"] == "rate_limited"
