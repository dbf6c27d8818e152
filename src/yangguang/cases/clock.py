"""Deadlines of a case and its steps, by the working-day calendar (``yangguang.workdays``;
its counting rule applies: the start day is not counted, a period ends at 24:00 of its
last day, paused days are taken away).

* A step's period runs from its activation; the case's (promised, statutory, and the
  acceptance limit) from its registration. Pause tasks' open time is taken away from
  every period except the pause task's own.
* Warnings: from 00:00 of the day on which ``threshold`` working days remain (the
  ``(limit - threshold)``-th counted day); a limit that short is warned on its last day.
* A year whose arrangement is not entered yet is counted by its provisional calendar
  (statutory holidays, ``workdays.provisional``): the deadline is marked provisional.
  A year the calendar cannot count at all: no deadline (``None``) and the bilingual
  reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from yangguang.workdays.core import (
    SHANGHAI,
    UnknownYearError,
    WorkCalendar,
    day_of,
    end_of_day,
    from_epoch_day,
    pause_days,
)

Pause = tuple[datetime.datetime, datetime.datetime]


@dataclass(frozen=True)
class Due:
    deadline: datetime.datetime | None
    warn_at: datetime.datetime | None
    unknown: str = ""  # the reason, when the calendar cannot tell
    provisional: bool = False  # counted over a provisional (暂定) year


def _start_of_day(day: int) -> datetime.datetime:
    return datetime.datetime.combine(from_epoch_day(day), datetime.time.min, tzinfo=SHANGHAI)


def due(
    cal: WorkCalendar,
    start: datetime.datetime,
    limit: int | None,
    *,
    unit: str = "working",
    pauses: Sequence[Pause] = (),
    warn_days: int | None = None,
) -> Due:
    """The deadline of ``limit`` days from ``start`` and when to warn before it."""
    if not limit:
        return Due(None, None)
    return _due(cal, day_of(start), limit, unit, tuple(pause_days(pauses)), warn_days)


@lru_cache(maxsize=65536)
def _due(
    cal: WorkCalendar,
    s: int,
    limit: int,
    unit: str,
    days: tuple[tuple[int, int], ...],
    warn_days: int | None,
) -> Due:
    """``due`` on epoch days: it depends on the start's day only, so the cases of a day
    share it (a calendar is rebuilt, never changed, when its table changes)."""
    try:
        if unit == "calendar":
            last = cal.last_calendar_day_epoch(s, limit, days)
        else:
            last = cal.last_day_epoch(s, limit, days)
        warn = None
        if warn_days is not None:
            k = limit - warn_days
            if k <= 0:  # a short limit: warned on its last day
                warn = _start_of_day(last)
            elif unit == "calendar":
                warn = _start_of_day(cal.last_calendar_day_epoch(s, k, days))
            else:
                warn = _start_of_day(cal.last_day_epoch(s, k, days))
    except UnknownYearError as exc:
        return Due(None, None, str(exc)[:300])
    return Due(end_of_day(last), warn, provisional=cal.provisional_between(s + 1, last))
