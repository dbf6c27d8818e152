"""Query and path parameters read by pages: one parser for whole numbers, years, dates and
times, so that no typed-in or tampered address gives a 500.

A value that is missing (or empty) gives the ``default``; a value that is present but
not what the page can use raises :class:`BadParameter`, which Django answers with the
400 page (``yangguang.core.error_pages.bad_request``) naming the parameter in the
page's language. ``lenient=True`` gives the default instead (for filters where a bad
value is best ignored, such as a page number)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import BadRequest
from django.utils.dateparse import parse_date, parse_datetime

_INT = re.compile(r"^[+-]?[0-9]{1,18}$")  # ASCII digits only: "²".isdigit() but int("²") fails
MIN_YEAR, MAX_YEAR = 1900, 2200  # the years the calendar and the records deal in
MAX_ID = 2**63 - 1


class BadParameter(BadRequest):
    """A parameter that is present but unusable; ``zh``/``en`` say which and why."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        self.field = name
        self.zh = f"参数 {name}: {zh}"
        self.en = f"parameter {name}: {en}"
        super().__init__(f"{self.zh} ({self.en})")

    def text(self) -> str:
        """The message in the active language."""
        from django.utils.translation import get_language

        return self.en if (get_language() or "").startswith("en") else self.zh


def _raw(source, name: str) -> str:
    value = getattr(source, "GET", source).get(name)
    return "" if value is None else str(value).strip()


def parse_int(text: str | None, *, name: str = "value", low: int | None = None,
              high: int | None = None) -> int:  # fmt: skip
    """``text`` as a whole number within ``low``..``high``, else :class:`BadParameter`."""
    text = (text or "").strip()
    if not _INT.match(text):
        raise BadParameter(name, "应为整数", "must be a whole number")
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadParameter(
            name,
            f"应在 {low if low is not None else '…'} 与 {high if high is not None else '…'} 之间",
            f"must be between {low if low is not None else '…'} and "
            f"{high if high is not None else '…'}",
        )
    return value


def int_param(source, name: str, default=None, *, low: int | None = None,
              high: int | None = None, lenient: bool = False):  # fmt: skip
    """``source`` is a request (its query string is read) or a ``QueryDict``/mapping."""
    text = _raw(source, name)
    if not text:
        return default
    try:
        return parse_int(text, name=name, low=low, high=high)
    except BadParameter:
        if lenient:
            return default
        raise


def id_param(source, name: str, default=None, *, lenient: bool = False):
    """A database key: a positive whole number that fits a 64-bit column."""
    return int_param(source, name, default, low=1, high=MAX_ID, lenient=lenient)


def year_param(source, name: str = "year", default=None, *, lenient: bool = False):
    return int_param(source, name, default, low=MIN_YEAR, high=MAX_YEAR, lenient=lenient)


def page_param(source, name: str = "page") -> int:
    """A page number: 1 for anything missing or unusable (the paginator clamps the top)."""
    return int_param(source, name, 1, low=1, high=10**9, lenient=True)


def parse_day(text: str | None, *, name: str = "date") -> dt.date:
    """``YYYY-MM-DD`` as a date in the years the platform deals in, else BadParameter."""
    text = (text or "").strip()
    try:
        day = parse_date(text) if len(text) <= 10 else None
    except ValueError:  # well formed but not a day (2024-02-30)
        day = None
    if day is None:
        raise BadParameter(name, "应为日期 (年-月-日)", "must be a date (YYYY-MM-DD)")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadParameter(
            name, f"年份应在 {MIN_YEAR} 与 {MAX_YEAR} 之间", f"year must be {MIN_YEAR}–{MAX_YEAR}"
        )
    return day


def date_param(source, name: str = "date", default=None, *, lenient: bool = False):
    text = _raw(source, name)
    if not text:
        return default
    try:
        return parse_day(text, name=name)
    except BadParameter:
        if lenient:
            return default
        raise


def parse_moment(text: str | None, *, name: str = "time", tz=None) -> dt.datetime:
    """An ISO date or date-time as an aware datetime (a bare date: its midnight; no zone:
    ``tz``, Asia/Shanghai by default), else BadParameter."""
    from zoneinfo import ZoneInfo

    text = (text or "").strip()
    zone = tz or ZoneInfo("Asia/Shanghai")
    moment = None
    if len(text) <= 40:
        try:
            moment = parse_datetime(text)
        except ValueError:
            moment = None
        if moment is None:
            try:
                day = parse_date(text)
            except ValueError:
                day = None
            if day is not None:
                moment = dt.datetime.combine(day, dt.time())
    if moment is None:
        raise BadParameter(name, "应为日期或时间 (年-月-日 时:分)", "must be a date or time")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise BadParameter(
            name, f"年份应在 {MIN_YEAR} 与 {MAX_YEAR} 之间", f"year must be {MIN_YEAR}–{MAX_YEAR}"
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def moment_param(source, name: str, default=None, *, lenient: bool = False, tz=None):
    text = _raw(source, name)
    if not text:
        return default
    try:
        return parse_moment(text, name=name, tz=tz)
    except BadParameter:
        if lenient:
            return default
        raise


def text_param(source, name: str, default: str = "", *, max_length: int = 200) -> str:
    """A free-text filter, stripped, without NUL (PostgreSQL refuses it), cut to
    ``max_length``."""
    text = _raw(source, name).replace("\x00", "")
    return text[:max_length] if text else default
