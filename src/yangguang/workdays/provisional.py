"""The provisional (暂定) arrangement of a year whose holidays are not yet entered.

《全国年节及纪念日放假办法》 fixes the holidays of all citizens; the State Council's yearly
notice only adds the 调休 (days swapped to make longer breaks), which cannot be foreseen.
Until an administrator enters a year, deadlines in it are counted by weekends and the
statutory holidays alone, and every date so derived is marked provisional.

The holidays by the version of the 办法 in force in the year:

* from 2025 (amended 2024-11-10): 元旦 1 day; 春节 4 days (除夕, 正月初一 to 初三);
  清明 (the solar term's day); 劳动节 2 days (5月1日, 2日); 端午 (五月初五);
  中秋 (八月十五); 国庆 3 days (10月1日 to 3日);
* 2014-2024 (amended 2013): 春节 正月初一 to 初三, 劳动节 5月1日 only, the rest as above;
* 2008-2013 (amended 2007): 春节 除夕 to 正月初二, 劳动节 5月1日 only.

第六条: a holiday of all citizens that falls on a Saturday or Sunday is made up
(补假) on the following working day; so each such day adds the next weekday after its
festival that is not already a holiday.

The lunar dates come from ``lunardate`` (tables for 1900-2099), 清明 from
``chinese_calendar.get_solar_terms``; both are checked against the official years in
``tests/workdays/test_provisional.py``.
"""

from __future__ import annotations

import datetime
from functools import cache

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

FIRST_RULE_YEAR = 2008  # the 2007 version of the 办法, the first one with 清明/端午/中秋
LAST_LUNAR_YEAR = 2099  # lunardate's tables end with lunar year 2099

# festival -> (Chinese name, English name), in the order of the year
NAMES = {
    "new_year": ("元旦", "New Year's Day"),
    "spring": ("春节", "Spring Festival"),
    "tomb": ("清明节", "Tomb-sweeping Day"),
    "labour": ("劳动节", "Labour Day"),
    "dragon_boat": ("端午节", "Dragon Boat Festival"),
    "mid_autumn": ("中秋节", "Mid-autumn Festival"),
    "national": ("国庆节", "National Day"),
}
MAKEUP_SUFFIX = "（补假）"


def supported(year: int) -> bool:
    """Whether the rule can give ``year`` (a version of the 办法 and lunar tables)."""
    return FIRST_RULE_YEAR <= year <= LAST_LUNAR_YEAR


def _lunar(year: int, month: int, day: int) -> datetime.date:
    return LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> datetime.date:
    days = get_solar_terms(datetime.date(year, 4, 1), datetime.date(year, 4, 10))
    return next(d for d, name in days if name == "清明")


def _span(first: datetime.date, n: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range(n)]


@cache
def statutory_holidays(year: int) -> dict[str, tuple[datetime.date, ...]]:
    """The statutory holidays of ``year`` by festival (no 补假, no 调休)."""
    if not supported(year):
        raise ValueError(f"no statutory holiday rule for {year}")
    new_year = _lunar(year, 1, 1)
    eve = new_year - datetime.timedelta(days=1)
    if year >= 2025:
        spring, labour = _span(eve, 4), _span(datetime.date(year, 5, 1), 2)
    elif year >= 2014:
        spring, labour = _span(new_year, 3), [datetime.date(year, 5, 1)]
    else:
        spring, labour = _span(eve, 3), [datetime.date(year, 5, 1)]
    return {
        "new_year": (datetime.date(year, 1, 1),),
        "spring": tuple(spring),
        "tomb": (_qingming(year),),
        "labour": tuple(labour),
        "dragon_boat": (_lunar(year, 5, 5),),
        "mid_autumn": (_lunar(year, 8, 15),),
        "national": tuple(_span(datetime.date(year, 10, 1), 3)),
    }


@cache
def provisional_holidays(year: int) -> dict[datetime.date, str]:
    """The days off of ``year`` by the 办法 alone: date -> Chinese name (补假 days named
    with （补假）). Festivals that meet (中秋 and 国庆) share their make-up days."""
    by_festival = statutory_holidays(year)
    days: dict[datetime.date, str] = {}
    for key, festival in by_festival.items():
        for d in festival:
            days.setdefault(d, NAMES[key][0])
    for key, festival in by_festival.items():
        owed = sum(1 for d in festival if d.weekday() >= 5)
        cursor = max(festival)
        while owed:
            cursor += datetime.timedelta(days=1)
            if cursor.weekday() < 5 and cursor not in days:
                days[cursor] = NAMES[key][0] + MAKEUP_SUFFIX
                owed -= 1
    return {d: days[d] for d in sorted(days) if d.year == year}
