"""Template filters of the review pages: decisions, statuses and time units in the
page's language."""

from __future__ import annotations

from typing import Any

from django import template

from yangguang.powers import rounds
from yangguang.powers.models import TimeUnit

register = template.Library()


@register.filter
def decision_of(item: Any) -> Any:
    """The item's decision in the current round, or None."""
    return getattr(item, "decision", None)


@register.filter
def decision_text(value: str) -> str:
    return rounds.decision_text(value)


@register.filter
def status_text(value: str) -> str:
    return rounds.status_text(value)


@register.filter
def unit_text(value: str) -> str:
    if value not in TimeUnit.values:
        return value
    return str(TimeUnit(value).label)
