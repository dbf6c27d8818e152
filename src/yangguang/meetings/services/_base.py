"""Helpers shared by the meetings services (private: the audit walk lists only public
functions)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean as _clean  # full_clean as a bilingual DomainError
from yangguang.meetings import models as m

MEETING_FIELDS = ("organisation", "body", "title", "convener", "principal", "starts_at", "location")
TOPIC_FIELDS = (
    "meeting", "number", "title", "matter", "category", "proposer", "amount", "candidate", "ad_hoc",
)  # fmt: skip
MINUTES_FIELDS = ("meeting", "organisation", "year", "number", "text", "status", "amends", "reason")

__all__ = ["_clean"]


def _check(actor: Actor, action: access.Action, org) -> None:
    """Permission in ``org`` (the system acts everywhere)."""
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, action, org)


def _error(code: str, field: str | None, zh: str, en: str) -> DomainError:
    return DomainError(code=code, field=field, zh=zh, en=en)


def _aware(value: datetime.datetime | None, field: str, *, required: bool = True):
    if value is None:
        if required:
            raise _error("required", field, f"请填写时间 {field}", f"{field} is required")
        return None
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        raise _error(
            "naive_datetime",
            field,
            "时间必须带时区",
            f"{field} must be a timezone-aware date and time",
        )
    return value


def _text(value: str, field: str, zh_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise _error("required", field, f"请填写{zh_name}", f"{field} is required")
    return value


def _amount(value, field: str = "amount") -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _error(
            "amount_invalid", field, "金额格式不正确", f"{field} is not a number"
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise _error("amount_invalid", field, "金额必须大于零", f"{field} must be positive")
    return amount.quantize(Decimal("0.01"))


def _choice(value: str, choices, field: str, zh_name: str) -> str:
    if value not in choices.values:
        raise _error(
            f"{field}_unknown",
            field,
            f"未知的{zh_name} {value!r}",
            f"unknown {field} {value!r}; expected one of {', '.join(choices.values)}",
        )
    return value


def _member(meeting: m.Meeting, user, field: str = "member", *, voting: bool = True):
    """The meeting's member row for ``user``, refused (naming ``field``) for a non-member."""
    qs = m.MeetingMember.objects.filter(meeting=meeting, user=user)
    if voting:
        qs = qs.filter(role=m.MemberRole.MEMBER)
    row = qs.first() if user is not None else None
    if row is None:
        raise _error(
            "not_a_member",
            field,
            f"{user} 不是“{meeting.title}”的{'表决' if voting else ''}成员",
            f"{getattr(user, 'username', user)} is not a "
            f"{'voting ' if voting else ''}member of the meeting “{meeting.title}”",
        )
    return row


def _rules(org) -> m.DecisionRules:
    """The organisation's rules, or the defaults (unsaved)."""
    return m.DecisionRules.objects.filter(organisation=org).first() or m.DecisionRules(
        organisation=org
    )
