"""The provisional (暂定) calendar: the statutory holidays of 《全国年节及纪念日放假办法》
checked against the official years the ``chinesecalendar`` package knows, and the
calendar counting over a provisional year."""

from __future__ import annotations

import datetime as dt
import itertools

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yangguang.workdays.core import SHANGHAI, UnknownYearError, WorkCalendar
from yangguang.workdays.provisional import (
    FIRST_RULE_YEAR,
    provisional_holidays,
    statutory_holidays,
    supported,
)

D = dt.date
OFFICIAL = range(FIRST_RULE_YEAR, 2027)  # the years chinesecalendar 1.11 knows
# years whose official notice placed the 补假 of a weekend festival differently from
# 第六条's "next working day" (2012 端午 on Sat 23 June: Fri 22 off instead of Mon 25;
# 2015 中秋 on Sun 27 Sept: folded into the National Day week)
MAKEUP_ELSEWHERE = {2012, 2015}


@pytest.mark.parametrize("year", OFFICIAL)
def test_every_statutory_holiday_was_a_day_off_in_the_official_year(year):
    for festival, days in statutory_holidays(year).items():
        for day in days:
            assert not chinese_calendar.is_workday(day), (year, festival, day)


@pytest.mark.parametrize("year", sorted(set(OFFICIAL) - MAKEUP_ELSEWHERE))
def test_makeup_days_off_match_the_official_years(year):
    for day, name in provisional_holidays(year).items():
        assert not chinese_calendar.is_workday(day), (year, name, day)


def test_the_2024_amendment():
    days = statutory_holidays(2027)
    assert days["spring"] == (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8))
    assert days["labour"] == (D(2027, 5, 1), D(2027, 5, 2))
    assert days["national"] == (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3))
    assert days["tomb"] == (D(2027, 4, 5),)
    assert days["dragon_boat"] == (D(2027, 6, 9),)
    assert days["mid_autumn"] == (D(2027, 9, 15),)
    assert days["new_year"] == (D(2027, 1, 1),)
    assert sum(len(v) for v in days.values()) == 13  # 13 days since 2025
    assert sum(len(v) for v in statutory_holidays(2024).values()) == 11
    # 2025 and 2026 by the rule: exactly the official festivals' statutory days
    assert statutory_holidays(2025)["spring"][0] == D(2025, 1, 28)  # 除夕
    assert statutory_holidays(2026)["spring"][0] == D(2026, 2, 16)


def test_weekend_festivals_are_made_up_on_the_next_working_day():
    days = provisional_holidays(2027)
    # 春节 5-8 Feb 2027 (Fri-Mon): Sat 6 and Sun 7 made up on Tue 9 and Wed 10
    assert days[D(2027, 2, 9)] == days[D(2027, 2, 10)] == "春节（补假）"
    # 国庆 1-3 Oct 2027 (Fri-Sun): Mon 4 and Tue 5
    assert days[D(2027, 10, 4)] == days[D(2027, 10, 5)] == "国庆节（补假）"
    # 劳动节 1-2 May 2027 (Sat, Sun): Mon 3 and Tue 4
    assert days[D(2027, 5, 3)] == days[D(2027, 5, 4)] == "劳动节（补假）"
    assert D(2027, 1, 4) not in days  # 元旦 on a Friday: nothing owed


def test_range_of_the_rule():
    assert supported(2027) and supported(2099)
    assert not supported(2100) and not supported(2007)
    with pytest.raises(ValueError):
        statutory_holidays(2100)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2025, max_value=2099))
def test_every_year_has_its_festivals_in_their_seasons(year):
    days = statutory_holidays(year)
    spring = days["spring"]
    assert len(spring) == 4 and D(year, 1, 20) <= spring[1] <= D(year, 2, 20)
    assert all((b - a).days == 1 for a, b in itertools.pairwise(spring))
    assert D(year, 4, 4) <= days["tomb"][0] <= D(year, 4, 6)
    assert D(year, 5, 25) <= days["dragon_boat"][0] <= D(year, 6, 26)
    assert D(year, 9, 7) <= days["mid_autumn"][0] <= D(year, 10, 8)
    off = provisional_holidays(year)
    # 13 statutory days (less those meeting: 中秋 may fall on 1-3 October) plus one
    # make-up weekday for each statutory day on a weekend
    statutory = {d for v in days.values() for d in v}
    on_weekend = sum(1 for v in days.values() for d in v if d.weekday() >= 5)
    assert statutory <= set(off)
    assert len(off) - len(statutory) <= on_weekend
    assert all(d.year == year for d in off)
    assert all(d.weekday() < 5 for d in set(off) - statutory)


def _calendar():
    known = {d.year for d in chinese_calendar.holidays}
    holidays = set(chinese_calendar.holidays) | set(provisional_holidays(2027))
    return WorkCalendar(
        holidays=holidays,
        makeup_workdays=chinese_calendar.workdays,
        known_years=known,
        provisional_years={2027},
    )


def test_counting_into_a_provisional_year():
    cal = _calendar()
    start = dt.datetime(2026, 12, 4, 10, tzinfo=SHANGHAI)  # a Friday
    end = cal.deadline(start, 20)
    # 7-11, 14-18, 21-25, 28-31 December (19), [1 January off, weekend], Monday 4 January
    assert end.date() == D(2027, 1, 4)
    assert cal.provisional_since(start, end)
    assert not cal.provisional_since(start, cal.deadline(start, 19))
    assert not cal.knows(D(2027, 1, 4)) and cal.is_provisional(D(2027, 1, 4))
    # the exact calendar refuses the same count, saying the arrangement is needed
    with pytest.raises(UnknownYearError) as info:
        cal.exact().deadline(start, 20)
    assert info.value.error_code == "calendar_year_not_entered"
    assert cal.exact().deadline(start, 19) == cal.deadline(start, 19)
    # the Spring Festival of 2027: 除夕 to 初三 and the two 补假 days are not worked
    assert [cal.is_working_day(D(2027, 2, d)) for d in range(4, 12)] == [
        True, False, False, False, False, False, False, True,
    ]  # fmt: skip
    with pytest.raises(UnknownYearError):
        cal.deadline(dt.datetime(2027, 12, 20, tzinfo=SHANGHAI), 20)  # 2028: not counted


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=364), st.integers(min_value=1, max_value=60))
def test_provisional_mark_is_set_exactly_when_the_count_reaches_2027(offset, n):
    cal = _calendar()
    start = dt.datetime(2026, 1, 1, 12, tzinfo=SHANGHAI) + dt.timedelta(days=offset)
    end = cal.deadline(start, n)
    assert cal.provisional_since(start, end) == (end.year == 2027)
    if end.year == 2026:
        assert cal.exact().deadline(start, n) == end
