"""Recording a meeting through the API: a whole meeting end to end, the bad input of
issue 8 as 400 with nothing written, and who may record (404 out of scope, 403 for
inspectors, 401 for the public)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import SYSTEM
from yangguang.accounts.models import ApiToken
from yangguang.meetings import checks
from yangguang.meetings import services as s

from .conftest import agenda, hold, new_meeting, snapshot_rows

API = "/api/v1/meetings"
JULY = (dt.date(2026, 7, 1), dt.date(2026, 7, 31))


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user) -> Client:
    from yangguang.accounts import services as accounts

    _token, secret = accounts.api_token_create(actor=SYSTEM, user=user, name="会议登记")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(client, url: str, data: dict | None = None, status: int = 201) -> dict:
    response = client.post(f"{API}{url}", data or {}, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def refused(client, url: str, data: dict, code: str, field: str, status: int = 400) -> dict:
    before = snapshot_rows()
    body = post(client, url, data, status)
    assert body["code"] == code and body["field"] == field, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message_zh"]), body
    assert body["message_en"] and body["message"]
    assert snapshot_rows() == before
    return body


def meeting_payload(world, **overrides) -> dict:
    return {
        "organisation": "CZJ",
        "body": "party_committee",
        "title": "局党组会议(接口登记)",
        "convener": world.principal.username,
        "members": [u.username for u in world.members],
        "observers": [world.inspector.username],
        "starts_at": "2026-07-15T09:00:00+08:00",
        **overrides,
    }


def record_meeting(client, world) -> dict:
    meeting = post(client, "/meetings", meeting_payload(world))
    assert meeting["status"] == "planned" and meeting["principal"] == "lead"
    mid = meeting["id"]
    topic = post(
        client,
        f"/meetings/{mid}/topics",
        {
            "title": "2026年部门预算调整",
            "proposer": "dep1",
            "category": "funds",
            "amount": "500000",
        },
    )
    tid = topic["id"]
    assert len(post(client, f"/topics/{tid}/notices", {"sent_at": "2026-07-12T09:00+08:00"})) == 6
    absent = [{"member": "dep4", "reason": "出差"}]
    held = post(client, f"/meetings/{mid}/hold", {"held_at": "2026-07-15T09:00+08:00", "absent": absent}, 200)  # fmt: skip
    assert held["status"] == "held"
    assert [r["present"] for r in held["members"] if r["username"] == "dep4"] == [False]
    post(client, f"/topics/{tid}/recusals", {"member": "dep3", "reason": "亲属关系"})
    assert post(client, f"/topics/{tid}/open", status=200)["status"] == "open"
    speakers = ["dep1", "dep2", "dep3", "lead"]
    for order, name in enumerate(speakers, 1):
        row = post(client, f"/topics/{tid}/speeches", {"member": name, "summary": f"{name}: 同意"})
        assert row["order"] == order
    for name in speakers:
        choice = "recused" if name == "dep3" else "agree"
        post(client, f"/topics/{tid}/votes", {"member": name, "choice": choice})
    decided = post(
        client,
        f"/topics/{tid}/outcome",
        {"outcome": "passed", "decided_at": "2026-07-15T10:00+08:00", "public": True,
         "public_summary": "同意调整预算"},
        200,
    )  # fmt: skip
    assert decided["outcome"] == "passed"
    minutes = post(client, f"/meetings/{mid}/minutes", {"text": "纪要"})
    assert minutes["label"] == "〔2026〕1号" and minutes["status"] == "draft"
    approved = post(
        client,
        f"/minutes/{minutes['id']}/approve",
        {"approver": "lead", "approved_at": "2026-07-16T09:00+08:00"},
        200,
    )
    assert approved["status"] == "approved"
    amended = post(
        client, f"/minutes/{minutes['id']}/amend", {"text": "纪要(更正)", "reason": "笔误"}
    )
    assert amended["amends"] == minutes["id"] and amended["label"] == "〔2026〕1号"
    post(
        client,
        f"/meetings/{mid}/announcements",
        {"announced_at": "2026-07-16T10:00+08:00", "scope": "局机关", "text": "通报"},
    )
    task = post(
        client,
        f"/topics/{tid}/tasks",
        {"owner": "dep1", "description": "调整预算执行", "due": "2026-09-30"},
    )
    post(
        client,
        f"/tasks/{task['id']}/progress",
        {"on": "2026-08-01", "note": "已完成", "done": True},
    )
    detail = client.get(f"{API}/meetings/{mid}").json()
    assert [x["member"] for x in detail["topics"][0]["speeches"]] == speakers
    assert [x["status"] for x in detail["minutes"]] == ["approved", "draft"]
    return detail


def test_a_whole_meeting_through_the_api_with_a_token(world):
    record_meeting(token_client(world.clerk), world)
    assert checks.run(world.dept, *JULY, today=dt.date(2026, 8, 1)) == []


def test_a_whole_meeting_with_the_session(world):
    record_meeting(session(world.principal), world)  # a leader of the organisation


def test_the_write_endpoints_are_in_the_openapi_document(db):
    doc = Client().get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    for path in (
        "/meetings", "/meetings/{meeting_id}/topics", "/topics/{topic_id}/notices",
        "/meetings/{meeting_id}/hold", "/topics/{topic_id}/recusals", "/topics/{topic_id}/open",
        "/topics/{topic_id}/speeches", "/topics/{topic_id}/votes", "/topics/{topic_id}/outcome",
        "/meetings/{meeting_id}/minutes", "/minutes/{minutes_id}/approve",
        "/minutes/{minutes_id}/amend", "/meetings/{meeting_id}/announcements",
        "/topics/{topic_id}/tasks", "/tasks/{task_id}/progress",
    ):  # fmt: skip
        assert "post" in paths[f"/api/v1/meetings{path}"], path
    schemas = doc["components"]["schemas"]
    assert {"MeetingIn", "VoteIn", "HoldIn", "MeetingOut"} <= set(schemas)


# --- bad input: 400, nothing written ------------------------------------------------------


def test_meeting_without_a_convener(world):
    payload = meeting_payload(world)
    del payload["convener"]
    refused(session(world.clerk), "/meetings", payload, "meeting_convener_required", "convener")


def test_meeting_with_a_local_time_without_offset(world):
    payload = meeting_payload(world, starts_at="2026-07-15T09:00:00")
    refused(session(world.clerk), "/meetings", payload, "naive_datetime", "starts_at")


def test_vote_from_a_non_member(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    s.topic_open(actor=SYSTEM, topic=topic)
    s.speech_record(actor=SYSTEM, topic=topic, member=world.deputies[0], summary="同意")
    client = session(world.clerk)
    url = f"/topics/{topic.pk}/votes"
    refused(client, url, {"member": "insp", "choice": "agree"}, "not_a_member", "member")
    # somebody out of the clerk's scope cannot even be named
    refused(client, url, {"member": "other", "choice": "agree"}, "not_found", "member")


def test_vote_before_the_topic_was_discussed(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    url = f"/topics/{topic.pk}/votes"
    body = refused(
        session(world.clerk), url, {"member": "dep1", "choice": "agree"},
        "vote_before_discussion", "topic",
    )  # fmt: skip
    assert "not been discussed" in body["message_en"]


def test_minutes_for_a_meeting_not_held(world):
    meeting = new_meeting(world)
    url = f"/meetings/{meeting.pk}/minutes"
    refused(session(world.clerk), url, {"text": "纪要"}, "meeting_not_held", "meeting")


# --- who may record ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/meetings/{m}/topics", {"title": "议题", "proposer": "dep1"}),
        ("/topics/{t}/votes", {"member": "dep1", "choice": "agree"}),
        ("/meetings/{m}/minutes", {"text": "纪要"}),
        ("/meetings/{m}/hold", {"held_at": "2026-07-15T09:00+08:00"}),
    ],
)
def test_permissions(world, url, data):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    url = url.format(m=meeting.pk, t=topic.pk)
    outsider, inspector = session(world.outsider), session(world.inspector)
    inspector_token = token_client(world.inspector)
    before = snapshot_rows()
    # other organisations' staff: not found
    post(outsider, url, data, 404)
    assert outsider.get(f"{API}/meetings/{meeting.pk}").status_code == 404
    # inspectors read, but do not record
    assert inspector.get(f"{API}/meetings/{meeting.pk}").status_code == 200
    assert post(inspector, url, data, 403)["code"] == "permission_denied"
    post(inspector_token, url, data, 403)
    # the public: sign in first
    post(Client(), url, data, 401)
    assert Client().get(f"{API}/meetings/{meeting.pk}").status_code == 401
    assert snapshot_rows() == before


def test_inspectors_cannot_schedule(world):
    refused(
        session(world.inspector), "/meetings", meeting_payload(world),
        "permission_denied", None, status=403,
    )  # fmt: skip
    post(Client(), "/meetings", meeting_payload(world), 401)


def test_a_wrong_token_is_refused(world):
    client = Client(headers={"Authorization": "Bearer nope"})
    post(client, "/meetings", meeting_payload(world), 401)
    assert not ApiToken.objects.filter(user=world.clerk).exists()
