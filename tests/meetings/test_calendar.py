"""A meeting's record cannot contradict the calendar (issue 24 point 1): each rule of
``meetings.timing`` refused by the service, the API and the recording pages, the clock
tolerance at its edge, and records already stored that break the rules (written
bypassing the services, as old data would be) found by ``meetings check`` and the
checks page, and kept off the portal."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import SYSTEM
from yangguang.meetings import checks, timing
from yangguang.meetings import models as m
from yangguang.meetings import services as s

from .conftest import (
    MEETING_DAY,
    agenda,
    at,
    discuss,
    hold,
    new_meeting,
    refused,
    snapshot_rows,
)

API = "/api/v1/meetings"


def office(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def local(value: dt.datetime) -> str:
    """A time as the pages' datetime-local inputs send it."""
    return f"{timezone.localtime(value):%Y-%m-%dT%H:%M}"


def soon_meeting(w, *, days: int = 1) -> tuple[m.Meeting, m.Topic]:
    """A meeting planned ``days`` from now, its topic notified an hour ago."""
    meeting = new_meeting(w, day=timezone.localdate() + dt.timedelta(days=days))
    topic = s.topic_add(actor=SYSTEM, meeting=meeting, title="预算调整", proposer=w.deputies[0])
    s.notice_send(actor=SYSTEM, topic=topic, sent_at=timezone.now() - dt.timedelta(hours=1))
    return meeting, topic


def held_and_open(w) -> tuple[m.Meeting, m.Topic]:
    """A meeting held on MEETING_DAY at 9:00, its topic opened at 9:30, discussed and
    voted on, not yet decided."""
    meeting = new_meeting(w)
    topic = agenda(w, meeting)
    hold(w, meeting)
    s.topic_open(actor=SYSTEM, topic=topic, opened_at=at(MEETING_DAY, 9) + dt.timedelta(minutes=30))
    discuss_only(w, topic)
    return meeting, topic


def discuss_only(w, topic):
    for user in w.members:
        s.speech_record(actor=SYSTEM, topic=topic, member=user, summary="同意")
    for user in w.members:
        s.vote_record(actor=SYSTEM, topic=topic, member=user, choice="agree")


# --- the services ------------------------------------------------------------------------


def test_holding_before_any_notice_is_refused(world):
    meeting = new_meeting(world)
    topic = s.topic_add(actor=SYSTEM, meeting=meeting, title="预算", proposer=world.deputies[0])
    with refused("held_before_notice", "held_at"):  # nobody was told
        hold(world, meeting)
    s.notice_send(actor=SYSTEM, topic=topic, sent_at=at(MEETING_DAY - dt.timedelta(days=3)))
    with refused("held_before_notice", "held_at"):  # held before the notice was sent
        s.meeting_hold(
            actor=SYSTEM, meeting=meeting, held_at=at(MEETING_DAY - dt.timedelta(days=4))
        )
    hold(world, meeting)
    # once held, no notice can be dated after the holding
    second = s.topic_add(actor=SYSTEM, meeting=meeting, title="追加", proposer=world.deputies[0])
    with refused("notice_after_meeting", "sent_at"):
        s.notice_send(actor=SYSTEM, topic=second, sent_at=at(MEETING_DAY, 10))


def test_holding_in_the_future_is_refused_within_the_tolerance_edge(world):
    meeting, _topic = soon_meeting(world)
    beyond = timezone.now() + timing.CLOCK_TOLERANCE + dt.timedelta(seconds=30)
    with refused("future_record", "held_at") as info:
        s.meeting_hold(actor=SYSTEM, meeting=meeting, held_at=beyond)
    assert "晚于当前时间" in info.value.zh and "future" in info.value.en
    within = timezone.now() + timing.CLOCK_TOLERANCE - dt.timedelta(seconds=30)
    s.meeting_hold(actor=SYSTEM, meeting=meeting, held_at=within)  # a slow clock is fine
    assert m.Meeting.objects.get(pk=meeting.pk).held_at == within


def test_future_notice_opening_decision_minutes_announcement_are_refused(world):
    future = timezone.now() + dt.timedelta(days=1)
    meeting, topic = soon_meeting(world, days=10)
    later = s.topic_add(actor=SYSTEM, meeting=meeting, title="另一议题", proposer=world.deputies[0])
    with refused("future_record", "sent_at"):
        s.notice_send(actor=SYSTEM, topic=later, sent_at=future)
    meeting, topic = held_and_open(world)
    with refused("future_record", "decided_at"):
        s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=future)
    other = s.topic_add(actor=SYSTEM, meeting=meeting, title="临时", proposer=world.deputies[0])
    with refused("future_record", "opened_at"):
        s.topic_open(actor=SYSTEM, topic=other, opened_at=future)
    with refused("opened_before_meeting", "opened_at"):
        s.topic_open(actor=SYSTEM, topic=other, opened_at=at(MEETING_DAY, 8))
    s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 10))
    row = s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")
    with refused("future_record", "approved_at"):
        s.minutes_approve(actor=SYSTEM, minutes=row, approver=world.principal, approved_at=future)
    with refused("future_record", "announced_at"):
        s.announcement_record(
            actor=SYSTEM, meeting=meeting, announced_at=future, scope="全局", text="通报"
        )


def test_a_decision_before_the_topic_was_opened_is_refused(world):
    _meeting, topic = held_and_open(world)  # opened at 9:30
    with refused("decided_before_opened", "decided_at") as info:
        s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 9))
    assert "09:30" in info.value.zh
    with refused("decided_before_meeting", "decided_at"):
        s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 8))
    topic = s.topic_decide(
        actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 10)
    )
    assert topic.opened_at == at(MEETING_DAY, 9) + dt.timedelta(minutes=30)


def test_publishing_what_has_not_happened_is_refused(world):
    _meeting, topic = held_and_open(world)
    future = timezone.now() + dt.timedelta(days=30)
    with refused("published_not_happened", "public") as info:
        s.topic_decide(
            actor=SYSTEM, topic=topic, outcome="passed", public=True,
            public_summary="同意", decided_at=future,
        )  # fmt: skip
    assert "不能公开" in info.value.zh
    # a decision of a meeting not held is never published
    planned = new_meeting(world, day=MEETING_DAY + dt.timedelta(days=3))
    pending = agenda(world, planned)
    with refused("published_not_happened", "public"):
        s.topic_decide(
            actor=SYSTEM, topic=pending, outcome="deferred", public=True, public_summary="缓议"
        )


def test_minutes_of_a_meeting_dated_in_the_future_are_refused(world):
    meeting = new_meeting(world)
    agenda(world, meeting)
    hold(world, meeting)
    m.Meeting.objects.filter(pk=meeting.pk).update(held_at=timezone.now() + dt.timedelta(days=90))
    with refused("future_record", "meeting"):
        s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")


# --- the API -----------------------------------------------------------------------------


def api(client, url: str, data: dict, code: str, field: str) -> None:
    before = snapshot_rows()
    response = client.post(f"{API}{url}", data, content_type="application/json")
    assert response.status_code == 400, response.content.decode()
    body = response.json()
    assert (body["code"], body["field"]) == (code, field), body
    assert body["message_zh"] and body["message_en"] and body["message_zh"] != body["message_en"]
    assert snapshot_rows() == before


def test_the_api_refuses_each_rule(world):
    client = office(world.clerk)
    future = (timezone.now() + dt.timedelta(days=2)).isoformat()
    meeting = new_meeting(world)
    topic = s.topic_add(actor=SYSTEM, meeting=meeting, title="预算", proposer=world.deputies[0])
    api(client, f"/meetings/{meeting.pk}/hold", {"held_at": "2026-07-15T09:00+08:00"},
        "held_before_notice", "held_at")  # fmt: skip
    s.notice_send(actor=SYSTEM, topic=topic, sent_at=at(MEETING_DAY - dt.timedelta(days=3)))
    api(client, f"/meetings/{meeting.pk}/hold", {"held_at": future}, "future_record", "held_at")
    hold(world, meeting)
    api(client, f"/topics/{topic.pk}/open", {"opened_at": future}, "future_record", "opened_at")
    response = client.post(
        f"{API}/topics/{topic.pk}/open",
        {"opened_at": "2026-07-15T09:30+08:00"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content.decode()
    discuss_only(world, topic)
    outcome = f"/topics/{topic.pk}/outcome"
    api(client, outcome, {"outcome": "passed", "decided_at": "2026-07-15T09:10+08:00"},
        "decided_before_opened", "decided_at")  # fmt: skip
    api(client, outcome, {"outcome": "passed", "decided_at": future}, "future_record", "decided_at")
    api(client, outcome, {"outcome": "passed", "decided_at": future, "public": True,
                          "public_summary": "同意"}, "published_not_happened", "public")  # fmt: skip
    s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 10))
    row = s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")
    api(client, f"/minutes/{row.pk}/approve", {"approver": "lead", "approved_at": future},
        "future_record", "approved_at")  # fmt: skip


# --- the recording pages -----------------------------------------------------------------


def page_error(client, meeting, op: str, data: dict, field: str, needle: str) -> None:
    before = snapshot_rows()
    response = client.post(f"/office/meetings/{meeting.pk}/record/{op}/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert needle in " ".join(errors[field])
    assert needle in response.content.decode()
    assert snapshot_rows() == before


def test_the_pages_refuse_each_rule(world):
    client = office(world.clerk)
    future = local(timezone.now() + dt.timedelta(days=2))
    meeting = new_meeting(world)
    topic = s.topic_add(actor=SYSTEM, meeting=meeting, title="预算", proposer=world.deputies[0])
    present = {f"present_{r.pk}": "on" for r in meeting.members.all()}
    page_error(client, meeting, "hold", {"held_at": "2026-07-15T09:00"} | present, "held_at",
               "尚未告知")  # fmt: skip
    s.notice_send(actor=SYSTEM, topic=topic, sent_at=at(MEETING_DAY - dt.timedelta(days=3)))
    page_error(client, meeting, "hold", {"held_at": future} | present, "held_at", "晚于当前时间")
    hold(world, meeting)
    page_error(client, meeting, "open", {"topic": topic.pk, "opened_at": future}, "opened_at",
               "晚于当前时间")  # fmt: skip
    response = client.post(
        f"/office/meetings/{meeting.pk}/record/open/",
        {"topic": topic.pk, "opened_at": "2026-07-15T09:30"},
    )
    assert response.status_code == 302
    discuss_only(world, topic)
    decide = {"topic": topic.pk, "outcome": "passed"}
    page_error(client, meeting, "decide", decide | {"decided_at": "2026-07-15T09:10"},
               "decided_at", "早于议题开始讨论时间")  # fmt: skip
    page_error(client, meeting, "decide", decide | {"decided_at": future}, "decided_at",
               "晚于当前时间")  # fmt: skip
    page_error(client, meeting, "decide",
               decide | {"decided_at": future, "public": "on", "public_summary": "同意"},
               "public", "不能公开")  # fmt: skip
    s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 10))
    row = s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")
    page_error(client, meeting, "approve",
               {"minutes": row.pk, "approver": world.principal.pk, "approved_at": future},
               "approved_at", "晚于当前时间")  # fmt: skip


# --- records already stored --------------------------------------------------------------


def _stored_bad_records(w) -> dict[str, m.Topic]:
    """The records of the issue, written straight to the tables (old data), dated from
    today: a meeting recorded as held five days ago whose notices are dated yesterday, a
    meeting "held" three months ahead, decisions dated years ahead and published, a
    speech and a vote recorded in the future, and a decision before its topic opened."""
    today9 = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    late = today9 - dt.timedelta(days=5)
    ahead = today9 + dt.timedelta(days=90)

    def meeting(title, starts_at, held_at):
        row = m.Meeting.objects.create(
            organisation=w.dept, body="party_committee", title=title, convener=w.principal,
            starts_at=starts_at, status="held", held_at=held_at,
        )  # fmt: skip
        members = [
            m.MeetingMember.objects.create(meeting=row, user=u, present=True) for u in w.members
        ]
        return row, members

    def topic(meeting_row, number, title, **kw):
        return m.Topic.objects.create(
            meeting=meeting_row, number=number, title=title, proposer=w.deputies[0], **kw
        )

    notified_late, members = meeting("告知前召开的会议", late, late)
    t1 = topic(notified_late, 1, "晚告知议题", status="decided", outcome="passed",
               decided_at=late + dt.timedelta(hours=1))  # fmt: skip
    for row in members:
        m.Notice.objects.create(topic=t1, member=row, sent_at=today9 - dt.timedelta(days=1))
    held_ahead, members = meeting("未来会议", ahead, ahead)
    t2 = topic(held_ahead, 1, "三年后的决定", status="decided", outcome="passed",
               decided_at=ahead + dt.timedelta(days=3 * 365), public=True,
               public_summary="公开三年后的决定")  # fmt: skip
    t3 = topic(held_ahead, 2, "四年后的决定", status="decided", outcome="passed",
               decided_at=ahead + dt.timedelta(days=4 * 365), public=True,
               public_summary="公开四年后的决定")  # fmt: skip
    for t in (t2, t3):
        m.Notice.objects.create(topic=t, member=members[0], sent_at=late)
    spoken = m.Speech.objects.create(
        topic=t2, member=members[0], order=1, summary="同意",
        recorded_at=ahead + dt.timedelta(days=3 * 365),
    )  # fmt: skip
    m.Vote.objects.create(topic=t2, member=members[0], choice="agree",
                          recorded_at=spoken.recorded_at)  # fmt: skip
    early, members = meeting("七月会议", at(MEETING_DAY), at(MEETING_DAY))
    t4 = topic(early, 1, "先决定后讨论", status="decided", outcome="passed",
               opened_at=at(MEETING_DAY, 11), decided_at=at(MEETING_DAY, 10))  # fmt: skip
    for row in members:
        m.Notice.objects.create(topic=t4, member=row, sent_at=at(MEETING_DAY - dt.timedelta(3)))
    return {"late": t1, "ahead3": t2, "ahead4": t3, "early": t4}


CALENDAR = ["held_before_notice", "future_record", "decided_before_opened",
            "published_not_happened"]  # fmt: skip


def test_stored_records_that_break_the_rules_are_found(world):
    topics = _stored_bad_records(world)
    # a period up to today: what is dated in the future is found anyway
    today = timezone.localdate()
    found = checks.run(world.county, MEETING_DAY, today, rules=CALENDAR)
    by_rule: dict[str, set] = {}
    for f in found:
        by_rule.setdefault(f.rule, set()).add((f.meeting.title, f.topic and f.topic.title, f.ref))
    assert by_rule["held_before_notice"] == {("告知前召开的会议", None, "")}
    assert ("未来会议", None, "held_at") in by_rule["future_record"]
    assert {("未来会议", "三年后的决定", ref) for ref in ("decided_at", "speech", "vote")} <= (
        by_rule["future_record"]
    )
    assert ("未来会议", "四年后的决定", "decided_at") in by_rule["future_record"]
    assert ("七月会议", "先决定后讨论", "") in by_rule["decided_before_opened"]
    assert by_rule["published_not_happened"] == {
        ("未来会议", "三年后的决定", ""),
        ("未来会议", "四年后的决定", ""),
    }
    assert not any(
        f.meeting.title == "告知前召开的会议" and f.rule == "future_record" for f in found
    )
    # the decisions dated in the future are not on the portal, in any format
    client = Client()
    html = client.get("/decisions/").content.decode()
    assert "公开二〇三〇年决定" not in html and "四年后的决定" not in html
    titles = [r["title"] for r in json.loads(client.get("/decisions.json").content)]
    assert "三年后的决定" not in titles and "四年后的决定" not in titles
    assert client.get(f"/decisions/{topics['ahead3'].pk}/").status_code == 404
    api_ids = [r["id"] for r in client.get(f"{API}/decisions").json()]
    assert topics["ahead3"].pk not in api_ids and topics["ahead4"].pk not in api_ids


def test_meetings_check_prints_the_codes(world):
    _stored_bad_records(world)
    out = io.StringIO()
    today = timezone.localdate()
    start = today - dt.timedelta(days=10)
    call_command(
        "meetings", "check", "--org", "XW", "--from", start.isoformat(), "--to",
        today.isoformat(), stdout=out,
    )  # fmt: skip
    rules = [line.split("\t")[0] for line in out.getvalue().splitlines()]
    for code in CALENDAR:
        if code != "decided_before_opened":  # the July meeting is outside the period
            assert code in rules, (code, rules)
    assert "decided_before_opened" not in rules
    line = next(x for x in out.getvalue().splitlines() if x.startswith("held_before_notice"))
    held = today - dt.timedelta(days=5)
    assert f"CZJ {held:%Y-%m-%d} 告知前召开的会议" in line
    assert f"{today - dt.timedelta(days=1):%Y-%m-%d} 09:00" in line


def test_the_checks_page_shows_them_labelled_in_chinese(world):
    _stored_bad_records(world)
    page = office(world.inspector).get(
        f"/office/meetings/checks/?org=XW&from=2026-07-01&to={timezone.localdate()}"
    )
    html = page.content.decode()
    for code in CALENDAR:
        assert f'class="finding-{code}"' in html
        assert checks.RULES[code].zh in html
    assert "<td>future_record</td>" not in html and "<code>" not in html
    assert "晚于当前时间" in html
    assert checks.RULES["future_record"].en not in html  # one language


def test_a_clean_meeting_breaks_no_calendar_rule(world):
    day = MEETING_DAY
    meeting = new_meeting(world, day=day)
    topic = agenda(world, meeting)
    hold(world, meeting)
    discuss(world, topic, public=True)
    assert checks.run(world.county, day, day, rules=CALENDAR) == []
    assert Client().get(f"/decisions/{topic.pk}/").status_code == 200
