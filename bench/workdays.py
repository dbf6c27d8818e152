"""Working-day calendar throughput: deadline() and working_days_between() over
1,000,000 random inputs each, on the plain-Python core (no database, no Django settings).

    .venv/bin/python bench/workdays.py [N]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

import chinese_calendar

from yangguang.workdays.core import SHANGHAI, WorkCalendar, epoch_day


def main(n: int = 1_000_000) -> None:
    t0 = time.perf_counter()
    years = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
    cal = WorkCalendar(
        holidays=chinese_calendar.holidays,
        makeup_workdays=chinese_calendar.workdays,
        known_years=years,
    )
    build = time.perf_counter() - t0
    rng = random.Random(2026)
    lo = epoch_day(dt.date(years.start, 1, 1))
    hi = epoch_day(dt.date(years.stop - 1, 9, 30))
    starts_e = [rng.randrange(lo, hi) for _ in range(n)]
    lengths = [rng.randrange(1, 61) for _ in range(n)]
    starts_dt = [
        dt.datetime(1970, 1, 1, tzinfo=SHANGHAI)
        + dt.timedelta(days=e, seconds=rng.randrange(86400))
        for e in starts_e
    ]
    ends_e = [rng.randrange(lo, hi) for _ in range(n)]
    starts_d = [dt.date.fromordinal(e + 719163) for e in starts_e]
    ends_d = [dt.date.fromordinal(e + 719163) for e in ends_e]

    def rate(label, fn):
        t = time.perf_counter()
        fn()
        s = time.perf_counter() - t
        print(f"{label:58s} {n / s:>12,.0f} ops/s  ({s:.3f} s for {n:,})")

    print(f"calendar {years.start}-{years.stop - 1} built in {build * 1000:.1f} ms")
    deadline, last_day = cal.deadline, cal.last_day_epoch
    between, between_e = cal.working_days_between, cal.working_days_between_epoch
    rate(
        "deadline(aware datetime, n) -> aware datetime",
        lambda: [deadline(s, k) for s, k in zip(starts_dt, lengths, strict=True)],
    )
    rate(
        "last_day_epoch(epoch day, n) -> epoch day",
        lambda: [last_day(s, k) for s, k in zip(starts_e, lengths, strict=True)],
    )
    rate(
        "working_days_between(date, date)",
        lambda: [between(a, b) for a, b in zip(starts_d, ends_d, strict=True)],
    )
    rate(
        "working_days_between_epoch(epoch day, epoch day)",
        lambda: [between_e(a, b) for a, b in zip(starts_e, ends_e, strict=True)],
    )
    pauses = [[(s + dt.timedelta(days=3), s + dt.timedelta(days=5))] for s in starts_dt]
    rate(
        "deadline(aware datetime, n, one pause)",
        lambda: [deadline(s, k, p) for s, k, p in zip(starts_dt, lengths, pauses, strict=True)],
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
