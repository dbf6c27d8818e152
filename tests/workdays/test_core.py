"""The Django-free calendar core: properties (hypothesis) and the known edges of the
package's real data. No database."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from yangguang.core.errors import DomainError
from yangguang.workdays.core import SHANGHAI, UnknownYearError, WorkCalendar, epoch_day

PKG_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)
CAL = WorkCalendar(
    holidays=chinese_calendar.holidays,
    makeup_workdays=chinese_calendar.workdays,
    known_years=PKG_YEARS,
)
FIRST = dt.date(PKG_YEARS.start, 1, 1)
# leave room for periods to end inside the known range
LAST = dt.date(PKG_YEARS.stop - 1, 10, 1)
D = dt.date


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


days = st.dates(min_value=FIRST, max_value=LAST)
periods = st.integers(min_value=1, max_value=60)


# --- properties ----------------------------------------------------------------------


@given(days, periods)
def test_add_gives_a_later_working_day(d, n):
    r = CAL.add_working_days(d, n)
    assert r > d
    assert CAL.is_working_day(r)


@given(days, st.integers(min_value=0, max_value=60))
def test_between_inverts_add(d, n):
    assert CAL.working_days_between(d, CAL.add_working_days(d, n)) == n


@given(days, days)
def test_between_is_antisymmetric_and_counts_days(a, b):
    n = CAL.working_days_between(a, b)
    assert CAL.working_days_between(b, a) == -n
    lo, hi = min(a, b), max(a, b)
    if (hi - lo).days <= 120:
        slow = sum(
            CAL.is_working_day(lo + dt.timedelta(days=i)) for i in range(1, (hi - lo).days + 1)
        )
        assert abs(n) == slow


@given(days, days, periods)
def test_monotonic_in_start_and_length(a, b, n):
    lo, hi = min(a, b), max(a, b)
    assert CAL.add_working_days(lo, n) <= CAL.add_working_days(hi, n)
    assert CAL.add_working_days(lo, n) < CAL.add_working_days(lo, n + 1)


@given(days, periods)
def test_epoch_days_and_dates_agree(d, n):
    e = epoch_day(d)
    assert CAL.add_working_days(e, n) == epoch_day(CAL.add_working_days(d, n))
    assert CAL.is_working_day(e) == CAL.is_working_day(d)


@given(days, periods, st.integers(0, 23), st.integers(0, 59))
def test_time_of_day_does_not_matter(d, n, hour, minute):
    assert CAL.deadline(at(d, hour, minute), n) == CAL.deadline(at(d, 0, 0), n)
    last = CAL.deadline(at(d), n)
    assert last.tzinfo is not None
    assert (last.hour, last.minute, last.second, last.microsecond) == (23, 59, 59, 999999)
    assert last.date() == CAL.add_working_days(d, n)


@given(days, periods, st.integers(0, 40), st.integers(0, 10))
def test_pause_over_no_working_day_changes_nothing(d, n, offset, length):
    begin = d + dt.timedelta(days=offset)
    end = begin + dt.timedelta(days=length)
    # the days a pause takes away: [day(begin), day(end))
    taken = [begin + dt.timedelta(days=i) for i in range(length)]
    assume(not any(CAL.is_working_day(x) for x in taken))
    assert CAL.deadline(at(d), n, [(at(begin, 9), at(end, 17))]) == CAL.deadline(at(d), n)


@given(days, periods, st.integers(1, 40), st.integers(1, 10))
def test_pause_extends_by_its_working_days(d, n, offset, length):
    """A pause beginning on or before the last day moves the deadline by the working
    days in [day(begin), day(end)), and never earlier."""
    plain = CAL.add_working_days(d, n)
    begin = d + dt.timedelta(days=offset)
    assume(begin <= plain)
    end = begin + dt.timedelta(days=length)
    cost = CAL.working_days_between(begin - dt.timedelta(days=1), end - dt.timedelta(days=1))
    got = CAL.deadline(at(d, 15), n, [(at(begin, 11), at(end, 9))]).date()
    assert got == CAL.add_working_days(plain, cost)
    assert got >= plain
    assert got >= end  # the clock always gets the day the pause ends


@given(days, periods, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=4))
def test_pauses_never_make_a_deadline_earlier_and_order_does_not_matter(d, n, spans):
    pauses = [
        (at(d + dt.timedelta(days=o), 10), at(d + dt.timedelta(days=o + k), 16)) for o, k in spans
    ]
    plain = CAL.deadline(at(d), n)
    got = CAL.deadline(at(d), n, pauses)
    assert got >= plain
    assert CAL.deadline(at(d), n, list(reversed(pauses))) == got
    # counted days up to the deadline are exactly n
    assert CAL.elapsed_working_days(at(d), got, pauses) == n


@given(days, periods, st.sets(days, max_size=15))
def test_adding_holidays_never_makes_a_deadline_earlier(d, n, extra):
    more = WorkCalendar(
        holidays=set(chinese_calendar.holidays) | extra,
        makeup_workdays=set(chinese_calendar.workdays) - extra,
        known_years=PKG_YEARS,
    )
    assert more.deadline(at(d), n) >= CAL.deadline(at(d), n)


@given(days, st.integers(1, 60))
def test_calendar_days_land_on_a_working_day(d, n):
    last = CAL.calendar_deadline(at(d), n).date()
    assert last >= d + dt.timedelta(days=n)
    assert CAL.is_working_day(last)
    # moved only over days off
    for i in range(n + 1, (last - d).days):
        assert not CAL.is_working_day(d + dt.timedelta(days=i))


@given(days, periods, st.integers(0, 90))
def test_elapsed_and_remaining(d, n, k):
    now = at(d + dt.timedelta(days=k), 12)
    elapsed = CAL.elapsed_working_days(at(d), now)
    assert elapsed == CAL.working_days_between(d, now.date())
    remaining = CAL.remaining_working_days(at(d), n, now)
    assert (remaining >= 0) == (now <= CAL.deadline(at(d), n))


@settings(max_examples=50)
@given(st.dates(min_value=D(2027, 1, 1), max_value=D(2030, 12, 31)), periods)
def test_refuses_unknown_years(d, n):
    with pytest.raises(UnknownYearError) as info:
        CAL.deadline(at(d), n)
    # the start day is not counted: the first day the count needs is the day after it
    year = (d + dt.timedelta(days=1)).year
    assert info.value.year == year
    assert f"{year} 年的节假日安排尚未录入" in str(info.value)
    assert f"the holidays of {year} are not known yet" in str(info.value)
    with pytest.raises(UnknownYearError):
        CAL.is_working_day(d)


# --- the package cross-check -----------------------------------------------------------


def test_agrees_with_chinese_calendar_on_every_supported_day():
    d, last = FIRST, D(PKG_YEARS.stop - 1, 12, 31)
    n = 0
    while d <= last:
        assert CAL.is_working_day(d) == chinese_calendar.is_workday(d), d
        d += dt.timedelta(days=1)
        n += 1
    assert n > 8000


# --- known edges (the package's real 2025/2026 data) -----------------------------------


def test_national_day_2025_with_its_makeup_days():
    # 2025-10-01..08 off; Sunday 2025-09-28 and Saturday 2025-10-11 worked
    assert CAL.is_working_day(D(2025, 9, 28)) and D(2025, 9, 28).weekday() == 6
    assert CAL.is_working_day(D(2025, 10, 11)) and D(2025, 10, 11).weekday() == 5
    assert not any(CAL.is_working_day(D(2025, 10, i)) for i in range(1, 9))
    # from Friday 2025-09-26: Sunday 28 (make-up), Mon 29, Tue 30, then Thursday 9 October
    assert CAL.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert CAL.add_working_days(D(2025, 9, 26), 4) == D(2025, 10, 9)
    assert CAL.add_working_days(D(2025, 9, 26), 6) == D(2025, 10, 11)
    assert CAL.add_working_days(D(2025, 9, 26), 7) == D(2025, 10, 13)


def test_day_before_a_holiday_and_on_a_holiday():
    # 2025-09-30 (last day before National Day): the first counted day is 9 October
    assert CAL.deadline(at(D(2025, 9, 30), 17), 1).date() == D(2025, 10, 9)
    # starting on a holiday: the same (the start day is never counted anyway)
    assert CAL.deadline(at(D(2025, 10, 3)), 1).date() == D(2025, 10, 9)
    assert CAL.deadline(at(D(2025, 10, 3)), 3).date() == D(2025, 10, 11)


def test_late_evening_start():
    # 23:59 on Monday: Monday is not counted; n=1 ends Tuesday 24:00
    got = CAL.deadline(at(D(2026, 3, 2), 23, 59), 1)
    assert got == dt.datetime(2026, 3, 3, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    # the same instant given in UTC (15:59Z) is still Monday in Shanghai
    utc = dt.datetime(2026, 3, 2, 15, 59, tzinfo=dt.UTC)
    assert CAL.deadline(utc, 1) == got
    # 16:30Z is already Tuesday 00:30 in Shanghai
    assert CAL.deadline(dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC), 1).date() == D(2026, 3, 4)


def test_spring_festival_2026():
    # 2026-02-15..23 off; Saturdays 14 and 28 February worked
    assert CAL.is_working_day(D(2026, 2, 14)) and CAL.is_working_day(D(2026, 2, 28))
    assert not any(CAL.is_working_day(D(2026, 2, i)) for i in range(15, 24))
    assert CAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    # 20 working days from Tuesday 2026-02-10
    # 11-13 Feb, Sat 14, 24-27 Feb, Sat 28, 2-6 and 9-13 March (19), 16 March
    assert CAL.deadline(at(D(2026, 2, 10)), 20).date() == D(2026, 3, 16)


def test_the_example_of_the_brief():
    # 20 working days from 2026-09-28 10:00 across Mid-Autumn/National Day 2026
    assert CAL.deadline(at(D(2026, 9, 28)), 20).date() == D(2026, 10, 30)


def test_pause_rule_examples():
    start = at(D(2026, 3, 2), 10)  # Monday
    plain = CAL.deadline(start, 5).date()
    assert plain == D(2026, 3, 9)
    # same-day pause: nothing
    assert CAL.deadline(start, 5, [(at(D(2026, 3, 4), 9), at(D(2026, 3, 4), 17))]).date() == plain
    # Wednesday 16:00 to Friday 10:00: Wednesday and Thursday taken -> two days later
    pause = (at(D(2026, 3, 4), 16), at(D(2026, 3, 6), 10))
    assert CAL.deadline(start, 5, [pause]).date() == D(2026, 3, 11)
    # Friday 18:00 to Monday 08:00: Friday taken (the weekend is no loss)
    pause = (at(D(2026, 3, 6), 18), at(D(2026, 3, 9), 8))
    assert CAL.deadline(start, 5, [pause]).date() == D(2026, 3, 10)
    # a pause beginning on the last day and ending after it: at least the day it ends
    pause = (at(D(2026, 3, 9), 11), at(D(2026, 3, 12), 9))
    assert CAL.deadline(start, 5, [pause]).date() == D(2026, 3, 12)
    # a pause after the deadline: nothing
    late = (dt.datetime(2026, 3, 10, 0, 0, tzinfo=SHANGHAI), at(D(2026, 3, 20)))
    assert CAL.deadline(start, 5, [late]).date() == plain
    # a pause that began before the start counts only from the day after the start
    early = (at(D(2026, 2, 26)), at(D(2026, 3, 4), 9))
    # (it takes [3 March, 4 March): Tuesday only)
    assert CAL.deadline(start, 5, [early]).date() == D(2026, 3, 10)


def test_calendar_day_periods():
    # 10 calendar days from 2026-09-21: 1 October is a holiday -> 8 October (Thursday)
    assert CAL.calendar_deadline(at(D(2026, 9, 21)), 10).date() == D(2026, 10, 8)
    # ordinary: 7 days from Monday 2026-03-02 -> Monday 9 March
    assert CAL.calendar_deadline(at(D(2026, 3, 2)), 7).date() == D(2026, 3, 9)
    # ending on Saturday 7 March -> Monday 9 March
    assert CAL.calendar_deadline(at(D(2026, 3, 2)), 5).date() == D(2026, 3, 9)
    # pauses take calendar days: 3 to 5 March taken (2 days)
    p = [(at(D(2026, 3, 3)), at(D(2026, 3, 5)))]
    assert CAL.calendar_deadline(at(D(2026, 3, 2)), 7, p).date() == D(2026, 3, 11)


def test_periods_running_into_an_unknown_year_are_refused():
    with pytest.raises(UnknownYearError) as info:
        CAL.deadline(at(D(2026, 12, 15)), 20)
    assert info.value.year == PKG_YEARS.stop
    # ... but a short one that ends in time is fine
    assert CAL.deadline(at(D(2026, 12, 15)), 5).date() == D(2026, 12, 22)
    with pytest.raises(UnknownYearError):
        CAL.deadline(at(D(2003, 12, 1)), 3)
    with pytest.raises(UnknownYearError):
        CAL.working_days_between(D(2026, 12, 1), D(2027, 1, 10))


def test_a_gap_year_is_refused_inside_the_range():
    cal = WorkCalendar(holidays=(), makeup_workdays=(), known_years={2030, 2032})
    assert cal.add_working_days(D(2030, 6, 3), 5) == D(2030, 6, 10)
    with pytest.raises(UnknownYearError) as info:
        cal.add_working_days(D(2030, 12, 20), 20)
    assert info.value.year == 2031
    assert cal.add_working_days(D(2031, 12, 31), 1) == D(2032, 1, 1)


def test_bad_input():
    with pytest.raises(DomainError) as info:
        CAL.deadline(dt.datetime(2026, 3, 2, 10), 5)  # noqa: DTZ001 (naive on purpose)
    assert info.value.error_code == "naive_datetime"
    with pytest.raises(DomainError) as info:
        CAL.deadline(at(D(2026, 3, 2)), 5, [(at(D(2026, 3, 5)), at(D(2026, 3, 4)))])
    assert info.value.error_code == "pause_reversed"
    with pytest.raises(DomainError) as info:
        CAL.deadline(at(D(2026, 3, 2)), 5, [(at(D(2026, 3, 5)), None)])
    assert info.value.error_code == "pause_open"
    with pytest.raises(DomainError) as info:
        CAL.deadline(at(D(2026, 3, 2)), -1)
    assert info.value.error_code == "negative_period"
    # an open pause takes every day up to today: 3 and 4 March counted
    now = at(D(2026, 3, 10))
    assert CAL.elapsed_working_days(at(D(2026, 3, 2)), now, [(at(D(2026, 3, 5)), None)]) == 2
