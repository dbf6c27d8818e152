"""Bounded types for the parameters and bodies of ``/api/v1``: every number fits the
64-bit columns it is compared with, every key is a positive whole number, every date
and time lies between 1900 and 2200 (the years the calendar and the records deal in,
as for the pages' parameters), every decimal is finite. A value outside is refused by
the schema (422, the API's JSON error), before any query; the bounds are in the OpenAPI
document (``minimum``/``maximum``; ``formatMinimum``/``formatMaximum`` for dates).
``tests/core/test_api_bounds.py`` checks that every parameter of every operation is
bounded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MIN_YEAR, MAX_YEAR = 1900, 2200
MIN_DAY, MAX_DAY = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)

#: a database key (path or body): 1 … 2⁶³−1
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]
#: any whole number a 64-bit column holds
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
#: a count, an offset, a position: 0 … 2⁶³−1
Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
#: a position in a list (a ``PositiveIntegerField``, 32 bits on PostgreSQL)
Position = Annotated[int, Field(ge=0, le=2**31 - 1)]
#: a number of days (a deadline, a window: ``PositiveSmallIntegerField``): 0 … 3,650
Days = Annotated[int, Field(ge=0, le=3650)]


def in_range(value: dt.date) -> bool:
    """Whether ``value`` (a date or a time) lies in the years the API takes."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def _day(value: dt.date) -> dt.date:
    if not MIN_DAY <= value <= MAX_DAY:
        raise ValueError(f"must be between {MIN_DAY} and {MAX_DAY}")
    return value


def _moment(value: dt.datetime) -> dt.datetime:
    if not MIN_YEAR <= value.year <= MAX_YEAR or (
        value.utcoffset() is not None
        and not MIN_YEAR <= (value - value.utcoffset()).year <= MAX_YEAR
    ):
        raise ValueError(f"must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


_DAY_RANGE = {"formatMinimum": MIN_DAY.isoformat(), "formatMaximum": MAX_DAY.isoformat()}
_MOMENT_RANGE = {
    "formatMinimum": f"{MIN_YEAR}-01-01T00:00:00Z",
    "formatMaximum": f"{MAX_YEAR}-12-31T23:59:59Z",
}

#: a date between 1900-01-01 and 2200-12-31
Day = Annotated[dt.date, AfterValidator(_day), Field(json_schema_extra=_DAY_RANGE)]
#: a time (with its zone) between 1900 and 2200
Moment = Annotated[dt.datetime, AfterValidator(_moment), Field(json_schema_extra=_MOMENT_RANGE)]
#: an amount of money in yuan: finite, two decimals, below a trillion
Money = Annotated[
    Decimal, Field(ge=0, le=Decimal("999999999999.99"), max_digits=14, decimal_places=2)
]
