"""Timestamps of event logs (no Django needed).

ISO 8601 (``T`` or space, optional fraction, ``Z`` or ``±HH:MM``), also ``YYYY/MM/DD`` and
one-digit months and days; without a zone they are Asia/Shanghai. The readers parse each
distinct timestamp once, through a cache (:func:`_ts`, :func:`_ts_bytes`).
"""

from __future__ import annotations

import datetime
import re

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")

_TS_RE = re.compile(
    r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


def parse_timestamp(text: str) -> float:
    """POSIX seconds of a timestamp; without a zone it is Asia/Shanghai.
    ``ValueError`` when it cannot be read."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None:
        m = _TS_RE.match(text)
        if not m:
            raise ValueError(text)
        y, mo, d, h, mi, s, frac, zone = m.groups()
        micro = int((frac or "0")[:6].ljust(6, "0"))
        tz = None
        if zone == "Z":
            tz = datetime.UTC
        elif zone:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
            tz = datetime.timezone(sign * datetime.timedelta(minutes=minutes))
        moment = datetime.datetime(
            int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), micro, tzinfo=tz
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.timestamp()


def _ts(cache: dict, s: str) -> float:
    v = cache[s] = parse_timestamp(s)
    return v


def _ts_bytes(cache: dict, s: bytes) -> float:
    v = cache[s] = parse_timestamp(s.decode("utf-8"))
    return v
