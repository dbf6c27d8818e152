"""The working-day calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from yangguang.core.context import Actor

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _workdays(name: str) -> Callable[[F], list[str]]:
    def call(f: F) -> list[str]:
        from yangguang.workdays import services as s

        sysadmin = Actor.person(f["users"]["sysadmin"])
        if name == "calendar_day_add":
            s.calendar_day_add(
                actor=sysadmin, date=dt.date(2027, 1, 1), kind="holiday", name="元旦"
            )
            return ["workdays.day_add"]
        if name == "calendar_day_remove":
            day = s.calendar_day_add(
                actor=sysadmin,
                date=dt.date(2026, 3, 2),
                kind="local_holiday",
                name="地方节日",
                organisation=f["tree"]["dept"],
            )
            s.calendar_day_remove(actor=sysadmin, day=day)
            return ["workdays.day_add", "workdays.day_remove"]
        if name == "calendar_year_complete":
            s.calendar_day_add(
                actor=sysadmin, date=dt.date(2027, 1, 1), kind="holiday", name="元旦"
            )
            s.calendar_year_complete(actor=sysadmin, year=2027)
            s.calendar_year_complete(actor=sysadmin, year=2027, complete=False)
            return ["workdays.day_add", "workdays.year_complete", "workdays.year_reopen"]
        if name == "deadlines_recompute":
            s.deadlines_recompute(actor=sysadmin, reason="测试")
            return ["workdays.deadlines_recompute"]
        if name == "deadlines_recompute_request":
            # enqueues the job when the transaction commits (the job writes the entry)
            s.deadlines_recompute_request(actor=sysadmin, reason="测试")
            return []
        if name == "calendar_year_prefill":
            s.calendar_year_prefill(actor=sysadmin, year=2027)
            return ["workdays.year_prefill"]
        if name == "calendar_reminder_raise":
            assert s.calendar_reminder_raise(actor=sysadmin, today=dt.date(2026, 11, 2)) == 2027
            assert s.calendar_reminder_raise(actor=sysadmin, today=dt.date(2026, 11, 3)) is None
            return ["workdays.year_reminder"]
        raise AssertionError(name)

    return call


CALLS.update(
    {
        f"yangguang.workdays.services.{n}": _workdays(n)
        for n in (
            "calendar_day_add",
            "calendar_day_remove",
            "calendar_year_complete",
            "deadlines_recompute",
            "deadlines_recompute_request",
            "calendar_reminder_raise",
            "calendar_year_prefill",
        )
    }
)
