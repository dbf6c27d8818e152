"""Deadlines by the platform's calendar in force (see ``core`` for the counting rule).

Each function takes an optional ``organisation``, whose local holidays then count too.
Bulk users take ``selectors.current_calendar()`` once and call its methods instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from yangguang.workdays.core import Pause, UnknownYearError
from yangguang.workdays.selectors import current_calendar


def deadline(
    start: datetime.datetime,
    working_days: int,
    pauses: Iterable[Pause] = (),
    *,
    organisation=None,
) -> datetime.datetime:
    """24:00 Asia/Shanghai (as 23:59:59.999999) of the last of ``working_days`` working
    days after the day of ``start``, paused days taken away."""
    return current_calendar(organisation).deadline(start, working_days, pauses)


@dataclass(frozen=True)
class Dated:
    """A deadline and whether it was counted over a provisional (暂定) year; ``at`` is
    None when a year it needs is not known at all."""

    at: datetime.datetime | None
    provisional: bool = False


def deadline_dated(
    start: datetime.datetime,
    working_days: int,
    pauses: Iterable[Pause] = (),
    *,
    organisation=None,
) -> Dated:
    """``deadline`` with its provisional mark; an unknown year gives ``Dated(None)``."""
    calendar = current_calendar(organisation)
    try:
        at = calendar.deadline(start, working_days, pauses)
    except UnknownYearError:
        return Dated(None)
    return Dated(at, calendar.provisional_since(start, at))


def is_provisional(start: datetime.datetime, deadline_at: datetime.datetime) -> bool:
    """Whether a deadline counted from ``start`` depends on a year whose arrangement is
    not entered yet (暂定) by the calendar in force (which years are provisional does not
    depend on an organisation's local holidays)."""
    return current_calendar().provisional_since(start, deadline_at)


def calendar_deadline(
    start: datetime.datetime, days: int, pauses: Iterable[Pause] = (), *, organisation=None
) -> datetime.datetime:
    """A period of calendar days; a last day that is not a working day moves to the next."""
    return current_calendar(organisation).calendar_deadline(start, days, pauses)


def working_days_between(a: datetime.date, b: datetime.date, *, organisation=None) -> int:
    """Working days after ``a`` up to and including ``b``."""
    return current_calendar(organisation).working_days_between(a, b)


def is_working_day(d: datetime.date, *, organisation=None) -> bool:
    return current_calendar(organisation).is_working_day(d)


def add_working_days(d: datetime.date, n: int, *, organisation=None) -> datetime.date:
    """The n-th working day after ``d`` (``d`` itself not counted)."""
    return current_calendar(organisation).add_working_days(d, n)


def elapsed_working_days(
    start: datetime.datetime,
    now: datetime.datetime,
    pauses: Iterable[Pause] = (),
    *,
    organisation=None,
) -> int:
    """Counted working days from ``start`` to ``now`` (today counted in full)."""
    return current_calendar(organisation).elapsed_working_days(start, now, pauses)


def remaining_working_days(
    start: datetime.datetime,
    working_days: int,
    now: datetime.datetime,
    pauses: Iterable[Pause] = (),
    *,
    organisation=None,
) -> int:
    """Working days left after today (0: due today; 2: "two working days before")."""
    return current_calendar(organisation).remaining_working_days(start, working_days, now, pauses)
