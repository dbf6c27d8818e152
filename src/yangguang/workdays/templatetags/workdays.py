"""Template helpers of the working-day calendar: the 暂定 mark of a deadline and the
reminder to enter next year's arrangement."""

from __future__ import annotations

from django import template

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.workdays import deadlines, selectors

register = template.Library()


@register.filter
def provisional(row) -> bool:
    """Whether a row's deadline is provisional: its stored mark (cases, steps), else
    computed from its ``received_at`` and ``deadline`` (requests, complaints)."""
    stored = getattr(row, "deadline_provisional", None)
    if stored is not None:
        return bool(stored)
    deadline_at = getattr(row, "deadline", None)
    return bool(deadline_at) and deadlines.is_provisional(row.received_at, deadline_at)


@register.inclusion_tag("workdays/_reminder.html", takes_context=True)
def calendar_reminder(context) -> dict:
    """From November, for system administrators: enter next year's holidays."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or access.role_of(user) != Role.SYSADMIN:
        return {"year": None}
    return {"year": selectors.next_year_reminder()}
