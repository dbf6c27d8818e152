"""Reading the working-day calendar: the package's data wrapped by the override table,
built into a :class:`~yangguang.workdays.core.WorkCalendar` once and cached.

The cache is dropped by the services when their transaction commits; other processes
notice a change within ``RECHECK_SECONDS`` through a cheap fingerprint query.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar
from django.db.models import Count, Max
from django.utils import timezone, translation

from yangguang.workdays.core import WorkCalendar
from yangguang.workdays.models import CalendarDay, CalendarYear, DayKind, DeadlineRecompute
from yangguang.workdays.provisional import provisional_holidays
from yangguang.workdays.provisional import supported as provisional_supported

RECHECK_SECONDS = 30.0
PROVISIONAL_AHEAD = 3  # years after the last known one that are counted provisionally

_lock = threading.Lock()
_cache: dict[int | None, tuple[tuple, float, WorkCalendar]] = {}


# --- the package ---------------------------------------------------------------------


def _package_supports(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@cache
def package_years() -> frozenset[int]:
    """The years the installed ``chinesecalendar`` knows, asked of the package itself
    (its data tables, confirmed by its own range check)."""
    data_years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    if not data_years:
        return frozenset()
    lo, hi = min(data_years), max(data_years)
    # widen while the package still accepts a year, so a range check looser than the
    # data would be noticed too (bounded: a few years either side)
    while lo > 1900 and _package_supports(lo - 1):
        lo -= 1
    while hi < 2200 and _package_supports(hi + 1):
        hi += 1
    return frozenset(y for y in range(lo, hi + 1) if _package_supports(y))


@cache
def package_days() -> tuple[dict[datetime.date, str], dict[datetime.date, str]]:
    """``(holidays, makeup workdays)`` of the package: date -> English festival name."""
    hol = {d: str(v) for d, v in chinese_calendar.holidays.items()}
    mk = {d: str(v) for d, v in chinese_calendar.workdays.items()}
    return hol, mk


def festival_name(english: str) -> str:
    """A festival the package names in English, in the active language (``春节``)."""
    if (translation.get_language() or "").startswith("en"):
        return english
    chinese = {h.value: h.chinese for h in chinese_calendar.Holiday}
    return chinese.get(english, english)


# --- building the calendar -----------------------------------------------------------


def _scope_filters(organisation) -> tuple[list[int], list[int]]:
    """Ids of the organisations (the unit and its ancestors) and regions (its region and
    the regions above) whose local holidays apply to ``organisation``."""
    from yangguang.orgs.models import Region

    org_ids = [int(x) for x in organisation.path.strip("/").split("/") if x]
    region_ids: list[int] = []
    region = organisation.region_id and Region.objects.filter(pk=organisation.region_id).first()
    while region is not None and region.pk not in region_ids:
        region_ids.append(region.pk)
        region = region.parent
    return org_ids, region_ids


def build_calendar(organisation=None, *, provisional: bool = True) -> WorkCalendar:
    """A fresh calendar: the package, national overrides, and (for ``organisation``) the
    local holidays of the unit, its ancestors and its regions. Known years: the
    package's and those declared complete; with ``provisional`` (the default) the years
    after them are counted by their statutory holidays (``workdays.provisional``)."""
    hol_map, mk_map = package_days()
    holidays, makeup = set(hol_map), set(mk_map)
    for day in CalendarDay.objects.filter(organisation__isnull=True, region__isnull=True):
        if day.kind == DayKind.HOLIDAY:
            holidays.add(day.date)
            makeup.discard(day.date)
        else:  # makeup workday, workday: worked
            makeup.add(day.date)
            holidays.discard(day.date)
    if organisation is not None:
        org_ids, region_ids = _scope_filters(organisation)
        local = CalendarDay.objects.filter(kind=DayKind.LOCAL_HOLIDAY).filter(
            organisation_id__in=org_ids
        ) | CalendarDay.objects.filter(kind=DayKind.LOCAL_HOLIDAY, region_id__in=region_ids)
        for d in local.values_list("date", flat=True):
            holidays.add(d)
            makeup.discard(d)
    known = set(package_years()) | set(
        CalendarYear.objects.filter(complete=True).values_list("year", flat=True)
    )
    provisional = provisional_years(known) if provisional else frozenset()
    for year in provisional:  # the statutory days, under what was entered for the year
        entered = {d for d in holidays | makeup if d.year == year}
        holidays.update(d for d in provisional_holidays(year) if d not in entered)
    return WorkCalendar(
        holidays=holidays,
        makeup_workdays=makeup,
        known_years=known,
        provisional_years=provisional,
    )


def provisional_years(known) -> frozenset[int]:
    """The years counted provisionally: those from the first known one up to
    ``PROVISIONAL_AHEAD`` years after the last known one whose arrangement is not known
    (and that the statutory rule covers)."""
    if not known:
        return frozenset()
    last = max(known) + PROVISIONAL_AHEAD
    return frozenset(
        y for y in range(min(known), last + 1) if y not in known and provisional_supported(y)
    )


def _fingerprint() -> tuple:
    days = CalendarDay.objects.aggregate(n=Count("pk"), last=Max("pk"))
    years = CalendarYear.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (days["n"], days["last"], years["n"], years["last"])


def current_calendar(organisation=None) -> WorkCalendar:
    """The calendar in force (national, or with ``organisation``'s local holidays),
    built once and kept until the override table changes."""
    key = organisation.pk if organisation is not None else None
    now = time.monotonic()
    entry = _cache.get(key)
    if entry is not None and now - entry[1] < RECHECK_SECONDS:
        return entry[2]
    fingerprint = _fingerprint()
    if entry is not None and entry[0] == fingerprint:
        _cache[key] = (fingerprint, now, entry[2])
        return entry[2]
    calendar = build_calendar(organisation)
    with _lock:
        _cache[key] = (fingerprint, now, calendar)
    return calendar


def invalidate() -> None:
    """Forget the built calendars (the services call this when they commit)."""
    with _lock:
        _cache.clear()


# --- the back office's overview ------------------------------------------------------


@dataclass
class YearView:
    year: int
    source: str  # package / override / provisional / incomplete / unknown
    holidays: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    makeup: list[tuple[datetime.date, str, str]] = field(default_factory=list)
    local: list[CalendarDay] = field(default_factory=list)
    complete_row: CalendarYear | None = None

    @property
    def known(self) -> bool:
        return self.source in ("package", "override")


def year_view(year: int) -> YearView:
    """One year's national holidays and make-up days (date, name, from where), its local
    holidays, and where its arrangement comes from."""
    pkg = package_years()
    row = CalendarYear.objects.filter(year=year).first()
    rows = list(
        CalendarDay.objects.filter(date__year=year).select_related("organisation", "region")
    )
    if year in pkg:
        source = "package"
    elif row is not None and row.complete:
        source = "override"
    elif year in current_calendar().provisional_years:
        source = "provisional"
    elif rows or row is not None:
        source = "incomplete"
    else:
        source = "unknown"
    view = YearView(year=year, source=source, complete_row=row)
    hol_map, mk_map = package_days()
    hol = {d: (festival_name(n), "package") for d, n in hol_map.items() if d.year == year}
    mk = {d: (festival_name(n), "package") for d, n in mk_map.items() if d.year == year}
    if source == "provisional":
        hol.update((d, (n, "provisional")) for d, n in provisional_holidays(year).items())
    for day in rows:
        if day.kind == DayKind.LOCAL_HOLIDAY:
            view.local.append(day)
        elif day.kind == DayKind.HOLIDAY:
            mk.pop(day.date, None)
            hol[day.date] = (day.name, "override")
        else:
            hol.pop(day.date, None)
            if day.date.weekday() >= 5 or day.kind == DayKind.MAKEUP_WORKDAY:
                mk[day.date] = (day.name, "override")
    view.holidays = [(d, n, s) for d, (n, s) in sorted(hol.items())]
    view.makeup = [(d, n, s) for d, (n, s) in sorted(mk.items())]
    return view


def years_overview() -> list[tuple[int, str]]:
    """``(year, source)`` for every year from the package's first to one year after the
    last one known or entered, newest first (three queries)."""
    pkg = package_years()
    complete = set(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    listed = set(CalendarYear.objects.values_list("year", flat=True))
    listed |= {d.year for d in CalendarDay.objects.values_list("date", flat=True)}
    provisional = current_calendar().provisional_years
    years = pkg | listed
    if not years:
        years = {datetime.datetime.now(tz=datetime.UTC).year}
    out = []
    for y in range(max(years) + 1, min(years) - 1, -1):
        if y in pkg:
            source = "package"
        elif y in complete:
            source = "override"
        elif y in provisional:
            source = "provisional"
        elif y in listed:
            source = "incomplete"
        else:
            source = "unknown"
        out.append((y, source))
    return out


def day_rows(year: int | None = None):
    qs = CalendarDay.objects.select_related("organisation", "region")
    return qs.filter(date__year=year) if year else qs


def next_year_reminder(today: datetime.date | None = None) -> int | None:
    """From November on, the next year when its arrangement is not entered yet (the
    administrators are reminded to enter it); otherwise None."""
    today = today or timezone.localdate()
    if today.month < REMIND_FROM_MONTH:
        return None
    year = today.year + 1
    return None if year in current_calendar().known_years else year


REMIND_FROM_MONTH = 11


def recompute_runs():
    """The recompute runs, newest first, with what each moved."""
    return DeadlineRecompute.objects.all()
