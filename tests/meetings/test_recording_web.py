"""Recording a meeting through the back-office forms: a whole meeting end to end (then
the checks find nothing, or the breach recorded on purpose), the bad input of issue 8 as
field errors with nothing written, and who may record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from yangguang.meetings import checks
from yangguang.meetings import models as m

from .conftest import agenda, new_meeting, snapshot_rows

JULY = (dt.date(2026, 7, 1), dt.date(2026, 7, 31))


def office(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def op_url(meeting, op: str) -> str:
    return f"/office/meetings/{meeting.pk}/record/{op}/"


def ok(response, meeting):
    assert response.status_code == 302, _errors(response)
    assert response["Location"].startswith(f"/office/meetings/{meeting.pk}/record/")


def _errors(response) -> str:
    form = (response.context or {}).get("form")
    return str(form.errors.as_data()) if form is not None else response.content.decode()[:500]


def field_error(response, field: str, *needles: str) -> str:
    """The page is shown again with the error next to ``field``, in the page's language
    only: the Chinese ``needles`` are in it, the English ones (the API's) are not."""
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    text = " ".join(form.errors[field])
    for needle in needles:
        if re.search(r"[\u4e00-\u9fff]", needle):
            assert needle in text, text
        else:
            assert needle not in text, text
    html = response.content.decode()
    assert all(escape(e) in html for e in form.errors[field])  # rendered on the page
    return text


def schedule(client, world, **overrides) -> m.Meeting:
    data = {
        "organisation": world.dept.pk,
        "body": "party_committee",
        "title": "局党组会议(网页登记)",
        "convener": world.principal.pk,
        "members": [u.pk for u in world.members],
        "observers": [world.inspector.pk],
        "starts_at": "2026-07-15T09:00",
        "location": "三楼会议室",
        **overrides,
    }
    response = client.post("/office/meetings/new/", data)
    assert response.status_code == 302, _errors(response)
    meeting = m.Meeting.objects.get(title=data["title"])
    assert response["Location"] == f"/office/meetings/{meeting.pk}/record/"
    return meeting


def record_meeting(client, world, *, notice: str = "2026-07-12T09:00") -> m.Meeting:
    """A whole meeting through the forms; returns it."""
    meeting = schedule(client, world)
    assert meeting.starts_at == dt.datetime(2026, 7, 15, 1, 0, tzinfo=dt.UTC)  # 09:00 Beijing
    pdf = SimpleUploadedFile("预算.pdf", b"%PDF-1.4 budget", content_type="application/pdf")
    ok(
        client.post(
            op_url(meeting, "topic"),
            {
                "title": "2026年部门预算调整",
                "proposer": world.deputies[0].pk,
                "category": "funds",
                "amount": "500000",
                "material": pdf,
            },
        ),
        meeting,
    )
    topic = meeting.topics.get()
    assert topic.materials.get().name == "预算.pdf"
    ok(client.post(op_url(meeting, "notice"), {"topic": topic.pk, "sent_at": notice}), meeting)
    rows = list(meeting.members.all())
    hold = {"held_at": "2026-07-15T09:00"} | {f"present_{r.pk}": "on" for r in rows}
    ok(client.post(op_url(meeting, "hold"), hold), meeting)
    page = client.get(f"/office/meetings/{meeting.pk}/record/").content.decode()
    assert "登记回避" in page and "起草会议纪要" in page
    ok(client.post(op_url(meeting, "open"), {"topic": topic.pk}), meeting)
    page = client.get(f"/office/meetings/{meeting.pk}/record/").content.decode()
    assert f'hx-post="{op_url(meeting, "vote")}"' in page  # inline, in the topic's section
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # many forms on one page, no id twice
    assert "<script>" not in page and "style=" not in page  # CSP: nothing inline
    for user in world.members:  # deputies first, the principal last
        data = {"topic": topic.pk, "member": user.pk, "summary": f"{user.full_name}: 同意"}
        ok(client.post(op_url(meeting, "speech"), data), meeting)
    # the votes inline, with htmx: the topic's section comes back
    for user in world.members:
        response = client.post(
            op_url(meeting, "vote"),
            {"topic": topic.pk, "member": user.pk, "choice": "agree"},
            headers={"HX-Request": "true"},
            follow=True,
        )
        assert response.status_code == 200
        assert f'id="topic-{topic.pk}"' in response.content.decode()
    decide = {
        "topic": topic.pk,
        "outcome": "passed",
        "decided_at": "2026-07-15T10:00",
        "public": "on",
        "public_summary": "同意调整预算",
    }
    ok(client.post(op_url(meeting, "decide"), decide), meeting)
    ok(client.post(op_url(meeting, "minutes"), {"meeting": meeting.pk, "text": "纪要"}), meeting)
    minutes = meeting.minutes.get()
    assert minutes.label == "〔2026〕1号" and minutes.status == "draft"
    approve = {
        "minutes": minutes.pk,
        "approver": world.principal.pk,
        "approved_at": "2026-07-16T09:00",
    }
    ok(client.post(op_url(meeting, "approve"), approve), meeting)
    amend = {"minutes": minutes.pk, "text": "纪要(更正)", "reason": "更正金额笔误"}
    ok(client.post(op_url(meeting, "amend"), amend), meeting)
    ok(client.post(op_url(meeting, "record"), {"text": "会议记录全文"}), meeting)
    announce = {"announced_at": "2026-07-16T10:00", "scope": "局机关全体", "text": "通报"}
    ok(client.post(op_url(meeting, "announcement"), announce), meeting)
    task = {
        "topic": topic.pk,
        "owner": world.deputies[0].pk,
        "description": "调整预算执行",
        "due": "2026-09-30",
    }
    ok(client.post(op_url(meeting, "task"), task), meeting)
    task_row = topic.tasks.get()
    progress = {"task": task_row.pk, "on": "2026-08-01", "note": "已完成", "done": "on"}
    ok(client.post(op_url(meeting, "progress"), progress), meeting)
    return meeting


def test_a_whole_meeting_through_the_forms(world):
    client = office(world.clerk)
    assert client.get("/office/meetings/new/").status_code == 200
    meeting = record_meeting(client, world)
    meeting.refresh_from_db()
    topic = meeting.topics.get()
    assert meeting.status == "held"
    assert [s.member.user for s in topic.speeches.order_by("order")] == world.members
    assert topic.votes.count() == 5 and topic.outcome == "passed" and topic.public
    old, new = meeting.minutes.order_by("pk")
    assert old.status == "approved" and old.text == "纪要" and old.approved_by == world.principal
    assert new.amends == old and new.number == old.number and new.reason == "更正金额笔误"
    assert topic.tasks.get().status == "done"
    assert meeting.announcements.count() == 1 and meeting.records.count() == 1
    assert checks.run(world.dept, *JULY, today=dt.date(2026, 8, 1)) == []
    page = client.get(f"/office/meetings/{meeting.pk}/record/").content.decode()
    assert "〔2026〕1号" in page and "副局长1: 同意" in page


def test_a_late_notice_recorded_on_purpose_is_found(world):
    meeting = record_meeting(office(world.clerk), world, notice="2026-07-14T09:00")
    found = checks.run(world.dept, *JULY, today=dt.date(2026, 8, 1))
    assert [(f.rule, f.meeting.pk) for f in found] == [("notice_late", meeting.pk)]


def test_english_labels_and_errors(world):
    client = office(world.clerk)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/office/meetings/new/").content.decode()
    assert "Schedule a meeting" in html and "Convener" in html
    response = client.post("/office/meetings/new/", {"organisation": world.dept.pk})
    assert "a meeting needs a convener" in response.content.decode() or (
        "this field is required" in response.content.decode()
    )


# --- bad input: a field error, nothing written ---------------------------------------------


def test_meeting_without_a_convener(world):
    client = office(world.clerk)
    before = snapshot_rows()
    response = client.post(
        "/office/meetings/new/",
        {
            "organisation": world.dept.pk,
            "body": "party_committee",
            "title": "无召集人的会议",
            "members": [u.pk for u in world.members],
            "starts_at": "2026-07-15T09:00",
        },
    )
    field_error(response, "convener", "会议必须有召集人", "a meeting needs a convener")
    assert snapshot_rows() == before


def _open_topic(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    from .conftest import hold

    hold(world, meeting)
    return meeting, topic


def test_vote_from_a_non_member(world):
    from tests.factories import SYSTEM
    from yangguang.meetings import services as s

    meeting, topic = _open_topic(world)
    s.topic_open(actor=SYSTEM, topic=topic)
    s.speech_record(actor=SYSTEM, topic=topic, member=world.deputies[0], summary="同意")
    client = office(world.clerk)
    before = snapshot_rows()
    # the commission's observer attends but has no vote
    data = {"topic": topic.pk, "member": world.inspector.pk, "choice": "agree"}
    response = client.post(op_url(meeting, "vote"), data)
    field_error(response, "member", "不是", "is not a voting member")
    # somebody of another organisation is not even offered
    data["member"] = world.outsider.pk
    field_error(client.post(op_url(meeting, "vote"), data), "member", "选择无效")
    # with htmx the topic's section comes back with the error in it
    data["member"] = world.inspector.pk
    response = client.post(op_url(meeting, "vote"), data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and f'id="topic-{topic.pk}"' in html
    assert "不是“局党组会议”的表决成员" in html and "is not a voting member" not in html
    assert snapshot_rows() == before


def test_vote_before_the_topic_was_discussed(world):
    meeting, topic = _open_topic(world)
    client = office(world.clerk)
    before = snapshot_rows()
    data = {"topic": topic.pk, "member": world.deputies[0].pk, "choice": "agree"}
    response = client.post(op_url(meeting, "vote"), data)
    field_error(response, "topic", "尚未讨论", "has not been discussed")
    assert snapshot_rows() == before


def test_minutes_for_a_meeting_not_held(world):
    meeting = new_meeting(world)
    client = office(world.clerk)
    before = snapshot_rows()
    data = {"meeting": meeting.pk, "text": "纪要"}
    response = client.post(op_url(meeting, "minutes"), data)
    field_error(response, "meeting", "未召开", "did not take place")
    assert snapshot_rows() == before


def test_a_refused_material_leaves_no_topic_behind(world):
    meeting = new_meeting(world)
    client = office(world.clerk)
    before = snapshot_rows()
    exe = SimpleUploadedFile("evil.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(
        op_url(meeting, "topic"),
        {"title": "带附件的议题", "proposer": world.deputies[0].pk, "material": exe},
    )
    field_error(response, "material", "不支持的文件类型", "not allowed")
    assert snapshot_rows() == before
    assert not m.Material.objects.exists()


def test_absence_needs_a_reason(world):
    meeting = new_meeting(world)
    rows = list(meeting.members.all())
    data = {"held_at": "2026-07-15T09:00"} | {f"present_{r.pk}": "on" for r in rows[1:]}
    before = snapshot_rows()
    response = office(world.clerk).post(op_url(meeting, "hold"), data)
    field_error(response, f"reason_{rows[0].pk}", "缺席原因", "reason")
    assert snapshot_rows() == before


# --- who may record ---------------------------------------------------------------------


@pytest.mark.parametrize("op", ["topic", "vote", "minutes", "hold"])
def test_other_organisations_staff_get_404(world, op):
    meeting = new_meeting(world)
    client = office(world.outsider)
    assert client.get(f"/office/meetings/{meeting.pk}/record/").status_code == 404
    before = snapshot_rows()
    assert client.post(op_url(meeting, op), {"topic": "1"}).status_code == 404
    assert snapshot_rows() == before


def test_inspectors_read_but_do_not_record(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    client = office(world.inspector)
    assert client.get(f"/office/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/office/meetings/{meeting.pk}/record/").status_code == 403
    assert client.get("/office/meetings/new/").status_code == 403
    before = snapshot_rows()
    response = client.post(
        op_url(meeting, "notice"), {"topic": topic.pk, "sent_at": "2026-07-10T09:00"}
    )
    assert response.status_code == 403
    assert snapshot_rows() == before


def test_the_public_is_sent_to_sign_in(world):
    meeting = new_meeting(world)
    client = Client()
    for url in (
        "/office/meetings/new/",
        f"/office/meetings/{meeting.pk}/record/",
        op_url(meeting, "vote"),
    ):
        response = client.post(url, {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_operation_is_404(world):
    meeting = new_meeting(world)
    assert office(world.clerk).get(op_url(meeting, "nope")).status_code == 404
