"""The checks of a meeting's record against the calendar (issue 24): the records
already stored that break the rules of ``meetings.timing`` (which the services now
refuse), found so that old data is not hidden.

The meetings looked at are those of the organisations given that were held in the
period (or, not held, planned in it), and, whatever the period, every meeting with a
record dated in the future or a published decision while it was not held: such a
record belongs to no past period and would otherwise never be found. Loaded set-wise
(a fixed number of queries) and judged in memory with the rules of ``timing``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from yangguang.meetings import models as m
from yangguang.meetings import timing
from yangguang.meetings.findings import Finding, bounds

CODES = ("held_before_notice", "future_record", "decided_before_opened", "published_not_happened")


def _meetings(org_ids: list[int], lo, hi, limit) -> list[m.Meeting]:
    def later(model, field: str, path: str) -> Exists:
        return Exists(model.objects.filter(**{path: OuterRef("pk"), f"{field}__gt": limit}))

    topic, meeting = "topic__meeting", "meeting"
    in_period = Q(held_at__gte=lo, held_at__lt=hi) | Q(
        held_at__isnull=True, starts_at__gte=lo, starts_at__lt=hi
    )
    future = (
        Q(held_at__gt=limit)
        | later(m.Topic, "decided_at", meeting)
        | later(m.Topic, "opened_at", meeting)
        | later(m.Notice, "sent_at", topic)
        | later(m.Speech, "recorded_at", topic)
        | later(m.Vote, "recorded_at", topic)
        | later(m.Minutes, "approved_at", meeting)
        | later(m.Minutes, "created_at", meeting)
        | later(m.Announcement, "announced_at", meeting)
        | later(m.MeetingRecord, "recorded_at", meeting)
    )
    published_unheld = ~Q(status=m.MeetingStatus.HELD) & Exists(
        m.Topic.objects.filter(meeting=OuterRef("pk"), public=True)
    )
    return list(
        m.Meeting.objects.filter(organisation_id__in=org_ids)
        .filter(in_period | future | published_unheld)
        .select_related("organisation")
        .order_by("starts_at", "pk")
    )


def _latest(rows, key: str, value: str) -> dict[int, datetime.datetime]:
    out: dict[int, datetime.datetime] = {}
    for row in rows:
        k, v = row[key], row[value]
        if v is not None and (k not in out or v > out[k]):
            out[k] = v
    return out


def run(
    org_ids: list[int],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
) -> list[Finding]:
    """Every calendar finding, in the order of ``CODES``, then of the meetings."""
    now = now or timezone.now()
    limit = timing.latest_allowed(now)
    lo, hi = bounds(start, end)
    meetings = _meetings(org_ids, lo, hi, limit)
    mids = [x.pk for x in meetings]
    topics: dict[int, list[m.Topic]] = defaultdict(list)
    for t in m.Topic.objects.filter(meeting_id__in=mids).order_by("number"):
        topics[t.meeting_id].append(t)
    notices: dict[int, list[datetime.datetime]] = defaultdict(list)
    latest_notice: dict[int, datetime.datetime] = {}
    for topic_id, meeting_id, sent_at in m.Notice.objects.filter(
        topic__meeting_id__in=mids
    ).values_list("topic_id", "topic__meeting_id", "sent_at"):
        notices[meeting_id].append(sent_at)
        latest_notice[topic_id] = max(sent_at, latest_notice.get(topic_id, sent_at))
    tids = [t.pk for ts in topics.values() for t in ts]
    speeches = _latest(
        m.Speech.objects.filter(topic_id__in=tids).values("topic_id", "recorded_at"),
        "topic_id",
        "recorded_at",
    )
    votes = _latest(
        m.Vote.objects.filter(topic_id__in=tids).values("topic_id", "recorded_at"),
        "topic_id",
        "recorded_at",
    )
    minutes: dict[int, list[m.Minutes]] = defaultdict(list)
    for row in m.Minutes.objects.filter(meeting_id__in=mids).order_by("pk"):
        minutes[row.meeting_id].append(row)
    announced = _latest(
        m.Announcement.objects.filter(meeting_id__in=mids).values("meeting_id", "announced_at"),
        "meeting_id",
        "announced_at",
    )
    recorded = _latest(
        m.MeetingRecord.objects.filter(meeting_id__in=mids).values("meeting_id", "recorded_at"),
        "meeting_id",
        "recorded_at",
    )

    found: dict[str, list[Finding]] = {code: [] for code in CODES}

    def add(code, meeting, why, topic=None, ref=""):
        found[code].append(
            Finding(
                code,
                meeting.organisation,
                why[0],
                why[1],
                meeting,
                topic,
                ref=ref,
                persons=(meeting.convener_id,),
            )
        )

    def future(meeting, value, what_zh, what_en, ref, topic=None):
        why = timing.future_reason(value, what_zh, what_en, now)
        if why is not None:
            add("future_record", meeting, why, topic, ref)

    for meeting in meetings:
        held = meeting.status == m.MeetingStatus.HELD
        if held:
            why = timing.held_before_notice(meeting.held_at, notices.get(meeting.pk, []))
            if why is not None:
                add("held_before_notice", meeting, why)
        future(meeting, meeting.held_at, "召开时间", "holding time", "held_at")
        for row in minutes.get(meeting.pk, []):
            future(meeting, row.created_at, f"纪要{row.label}起草时间", "minutes' drafting time",
                   f"minutes-{row.pk}-created")  # fmt: skip
            future(meeting, row.approved_at, f"纪要{row.label}签发时间", "minutes' approval time",
                   f"minutes-{row.pk}-approved")  # fmt: skip
        future(meeting, announced.get(meeting.pk), "通报时间", "announcement time", "announced")
        future(meeting, recorded.get(meeting.pk), "会议记录时间", "record time", "recorded")
        for topic in topics.get(meeting.pk, []):
            future(meeting, latest_notice.get(topic.pk), "告知时间", "notice time", "notice", topic)
            future(meeting, topic.opened_at, "开始讨论时间", "opening time", "opened_at", topic)
            future(meeting, speeches.get(topic.pk), "发言记录时间", "speech time", "speech", topic)
            future(meeting, votes.get(topic.pk), "表决记录时间", "vote time", "vote", topic)
            future(meeting, topic.decided_at, "决定时间", "decision time", "decided_at", topic)
            if topic.decided_at is not None:
                why = timing.decided_too_early(
                    topic.decided_at, meeting.held_at if held else None, topic.opened_at
                )
                if why is not None:
                    add("decided_before_opened", meeting, why[1:], topic)
            if topic.public:
                decided = topic.decided_at if topic.status == m.TopicStatus.DECIDED else None
                why = timing.not_happened(meeting, decided, now)
                if why is not None:
                    zh, en = why
                    add(
                        "published_not_happened",
                        meeting,
                        (f"{zh}，决定却已向社会公开", f"{en}, yet the decision is published"),
                        topic,
                    )
    return [f for code in CODES for f in found[code]]
