"""The calendar rules of a meeting's record (issue 24): a record cannot contradict the
calendar. One implementation of each rule, used by the services (which refuse) and by
the compliance checks (which find the records already stored that break them):

* nothing is recorded as happening in the future: holding, notices, the opening of a
  topic, speeches, votes, decisions, minutes, announcements (``future_record``), with a
  clock tolerance of ``CLOCK_TOLERANCE``;
* a meeting is held only after its topics were notified: at least one notice, none
  after the holding (``held_before_notice``); a notice is never after the meeting;
* a decision comes after the meeting was held and after its topic was opened
  (``decided_before_meeting``, ``decided_before_opened``);
* only what has happened is published: a public decision of a meeting held, neither
  dated in the future (``published_not_happened``; :func:`happened_q` for the portal).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from yangguang.core.errors import DomainError
from yangguang.meetings import models as m

# how far ahead of the server's clock a recorded time may be (clocks of clients differ)
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def _local(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def latest_allowed(now: datetime.datetime | None = None) -> datetime.datetime:
    """The latest time a record may carry now."""
    return (now or timezone.now()) + CLOCK_TOLERANCE


def is_future(value: datetime.datetime | None, now: datetime.datetime | None = None) -> bool:
    return value is not None and value > latest_allowed(now)


def future_reason(
    value: datetime.datetime | None,
    what_zh: str,
    what_en: str,
    now: datetime.datetime | None = None,
) -> tuple[str, str] | None:
    """Why ``value`` may not be recorded (it is in the future), in (zh, en)."""
    if not is_future(value, now):
        return None
    return (
        f"{what_zh} {_local(value)} 晚于当前时间，是尚未发生的事",
        f"the {what_en} {_local(value)} is in the future: it has not happened",
    )


def require_not_future(
    value: datetime.datetime, field: str, what_zh: str, what_en: str
) -> datetime.datetime:
    """Refuse a time after now (plus the tolerance): nothing is recorded in advance."""
    why = future_reason(value, what_zh, what_en)
    if why is not None:
        raise DomainError(
            code="future_record",
            field=field,
            zh=f"{why[0]}，不能登记",
            en=f"{why[1]} and cannot be recorded",
        )
    return value


def notice_deadline(meeting: m.Meeting) -> datetime.datetime:
    """The latest a notice of the meeting's topics may be sent: its planned start, or
    its holding when it was held earlier."""
    if meeting.held_at is not None and meeting.held_at < meeting.starts_at:
        return meeting.held_at
    return meeting.starts_at


def require_notice_in_time(sent_at: datetime.datetime, meeting: m.Meeting) -> None:
    require_not_future(sent_at, "sent_at", "告知时间", "notice time")
    if sent_at > notice_deadline(meeting):
        raise DomainError(
            code="notice_after_meeting",
            field="sent_at",
            zh=f"告知时间 {_local(sent_at)} 晚于会议时间",
            en="the notice time is after the meeting starts",
        )


def held_before_notice(
    held_at: datetime.datetime, notices: list[datetime.datetime]
) -> tuple[str, str] | None:
    """Why a holding at ``held_at`` contradicts the notices of the meeting's topics
    (their send times), in (zh, en); None when it does not."""
    if not notices:
        return ("会议议题尚未告知任何成员", "no topic of the meeting was notified to anyone")
    latest = max(notices)
    if latest > held_at:
        return (
            f"召开时间 {_local(held_at)} 早于议题告知时间 {_local(latest)}",
            f"held at {_local(held_at)}, before the topics were notified ({_local(latest)})",
        )
    return None


def require_held_after_notices(held_at: datetime.datetime, notices: list[datetime.datetime]):
    require_not_future(held_at, "held_at", "召开时间", "holding time")
    why = held_before_notice(held_at, notices)
    if why is not None:
        raise DomainError(
            code="held_before_notice",
            field="held_at",
            zh=f"{why[0]}，不能登记召开",
            en=f"{why[1]}: the meeting cannot be recorded as held",
        )


def decided_too_early(
    decided_at: datetime.datetime,
    held_at: datetime.datetime | None,
    opened_at: datetime.datetime | None,
) -> tuple[str, str, str] | None:
    """(code, zh, en) when a decision at ``decided_at`` comes before the meeting was held
    or its topic was opened; None when it does not."""
    if held_at is None:
        return (
            "decided_before_meeting",
            "会议尚未召开，不能作出决定",
            "the meeting has not been held; nothing can be decided",
        )
    if decided_at < held_at:
        return (
            "decided_before_meeting",
            f"决定时间 {_local(decided_at)} 早于会议召开时间 {_local(held_at)}",
            "the decision time is before the meeting was held",
        )
    if opened_at is not None and decided_at < opened_at:
        return (
            "decided_before_opened",
            f"决定时间 {_local(decided_at)} 早于议题开始讨论时间 {_local(opened_at)}",
            "the decision time is before the topic was opened for discussion",
        )
    return None


def require_decided_in_order(
    decided_at: datetime.datetime,
    held_at: datetime.datetime | None,
    opened_at: datetime.datetime | None,
) -> None:
    require_not_future(decided_at, "decided_at", "决定时间", "decision time")
    why = decided_too_early(decided_at, held_at, opened_at)
    if why is not None:
        raise DomainError(code=why[0], field="decided_at", zh=why[1], en=why[2])


def require_opened_in_order(opened_at: datetime.datetime, held_at: datetime.datetime) -> None:
    require_not_future(opened_at, "opened_at", "开始讨论时间", "opening time")
    if opened_at < held_at:
        raise DomainError(
            code="opened_before_meeting",
            field="opened_at",
            zh=f"开始讨论时间 {_local(opened_at)} 早于会议召开时间 {_local(held_at)}",
            en="the topic cannot be opened before the meeting was held",
        )


def not_happened(
    meeting: m.Meeting,
    decided_at: datetime.datetime | None,
    now: datetime.datetime | None = None,
) -> tuple[str, str] | None:
    """Why a decision of ``meeting`` at ``decided_at`` has not happened (so may not be
    published), in (zh, en); None when it has."""
    if meeting.status != m.MeetingStatus.HELD or meeting.held_at is None:
        return ("会议尚未召开", "the meeting has not been held")
    if is_future(meeting.held_at, now):
        return (
            f"会议召开时间 {_local(meeting.held_at)} 晚于当前时间",
            f"the meeting is dated {_local(meeting.held_at)}, in the future",
        )
    if decided_at is None:
        return ("议题尚未决定", "the topic is not decided")
    if is_future(decided_at, now):
        return (
            f"决定时间 {_local(decided_at)} 晚于当前时间",
            f"the decision is dated {_local(decided_at)}, in the future",
        )
    return None


def require_publishable(meeting: m.Meeting, decided_at: datetime.datetime) -> None:
    why = not_happened(meeting, decided_at)
    if why is not None:
        raise DomainError(
            code="published_not_happened",
            field="public",
            zh=f"{why[0]}，不能公开尚未发生的决定",
            en=f"{why[1]}: a decision that has not happened cannot be published",
        )


def happened_q(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """The topics whose decision has happened (``not_happened`` as a filter), for the
    portal: ``prefix`` leads from the queried model to the topic ("" for topics)."""
    limit = latest_allowed(now)
    return Q(
        **{
            f"{prefix}status": m.TopicStatus.DECIDED,
            f"{prefix}decided_at__isnull": False,
            f"{prefix}decided_at__lte": limit,
            f"{prefix}meeting__status": m.MeetingStatus.HELD,
            f"{prefix}meeting__held_at__isnull": False,
            f"{prefix}meeting__held_at__lte": limit,
        }
    )
