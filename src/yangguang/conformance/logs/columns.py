"""The columnar event log and what every reader shares (no Django needed).

An :class:`EventLog` holds columns in flat arrays, events grouped by case and, within a
case, ordered by time (ties keep the order of the file). Strings are interned into code
tables (activities, resources, roles) by :class:`_Interner` (``str``) and
:class:`_BytesInterner` (``bytes``, decoded once a distinct value). :class:`LogError` is
what every reader raises for a log it cannot read.
"""

from __future__ import annotations

import html
import operator
from array import array
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice
from operator import gt

from yangguang.core.errors import DomainError


class LogError(DomainError):
    """The log cannot be read: the message names the line, column or element."""

    def __init__(self, code: str, zh: str, en: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(code=code, zh=zh, en=en)


@dataclass
class EventLog:
    case_ids: list[str]
    offsets: array  # len(case_ids) + 1 offsets into the event columns
    activities: list[str]  # code -> name
    act: array  # per event: activity code
    ts: array  # per event: POSIX seconds
    resources: list[str] = field(default_factory=lambda: [""])  # code 0: none
    res: array = field(default_factory=lambda: array("i"))
    roles: list[str] = field(default_factory=lambda: [""])
    role: array = field(default_factory=lambda: array("i"))
    notes: list[str] = field(default_factory=list)
    format: str = ""

    @property
    def n_cases(self) -> int:
        return len(self.case_ids)

    @property
    def n_events(self) -> int:
        return len(self.act)


class _Interner(dict):
    """str -> code, with the table of strings by code."""

    def __init__(self, first: str | None = None) -> None:
        super().__init__()
        self.names: list[str] = []
        if first is not None:
            self.code(first)

    def code(self, name: str) -> int:
        c = self.get(name)
        if c is None:
            c = self[name] = len(self.names)
            self.names.append(name)
        return c

    def codes(self, values) -> list[int]:
        """The codes of ``values``, new ones numbered in order of first appearance."""
        try:
            return list(map(self.__getitem__, values))  # nothing new (the usual case)
        except KeyError:
            pass
        uniq = dict.fromkeys(values)
        base = len(self.names)
        if len(uniq) == len(values) and self.keys().isdisjoint(uniq):  # all new, once each
            codes = range(base, base + len(values))
            self.update(zip(values, codes, strict=True))
            self._add_names(values)
            return list(codes)
        new = [v for v in uniq if v not in self]
        if new:
            base = len(self.names)
            self.update(zip(new, range(base, base + len(new)), strict=True))
            self._add_names(new)
        return list(map(self.__getitem__, values))

    def _add_names(self, new: list) -> None:
        self.names.extend(new)


class _BytesInterner(_Interner):
    """bytes -> code, with the decoded strings by code."""

    def code(self, name: bytes) -> int:  # type: ignore[override]
        c = self.get(name)
        if c is None:
            c = self[name] = len(self.names)
            self.names.append(_text(name))
        return c

    def _add_names(self, new: list) -> None:
        self.names.extend(map(_text, new))


def _text(value: bytes) -> str:
    s = value.decode("utf-8")
    return html.unescape(s) if "&" in s else s


def _group(
    case_codes: list[int] | array,
    n_cases: int,
    ts: array,
    columns: list[array],
) -> tuple[array, list[array]]:
    """Events grouped by case (first appearance order), by time within a case (stable)."""
    n = len(case_codes)
    # where the case changes between neighbours
    starts = array("q", [0])
    starts.extend(compress(range(1, n), map(operator.ne, islice(case_codes, 1, None), case_codes)))
    if len(starts) == n_cases:  # each case's events together (codes in order of appearance)
        offsets = starts
        offsets.append(n)
    else:
        order = sorted(range(len(case_codes)), key=case_codes.__getitem__)
        counts = [0] * (n_cases + 1)
        for c in case_codes:
            counts[c + 1] += 1
        offsets = array("q", accumulate(counts))
        ts = array("d", (ts[i] for i in order))
        columns = [array(col.typecode, (col[i] for i in order)) for col in columns]
    log = EventLog(case_ids=[""] * n_cases, offsets=offsets, activities=[], act=columns[0], ts=ts)
    log.res, log.role = columns[1], columns[2]
    _sort_within(log, _unsorted(log))
    columns = [log.act, log.res, log.role]
    return offsets, [ts, *columns]


def _unsorted(log: EventLog) -> list[int]:
    """Cases whose events are not in time order in the file."""
    ts, off = log.ts, log.offsets
    n = len(ts)
    if n < 2:
        return []
    # a drop in time between neighbours, not at a case boundary
    drops = list(compress(range(1, n), map(gt, ts, islice(ts, 1, None))))
    if not drops:
        return []
    starts = set(off)
    return sorted({_case_of(off, i) for i in drops if i not in starts})


def _case_of(off: array, i: int) -> int:
    import bisect

    return bisect.bisect_right(off, i) - 1


def _sort_within(log: EventLog, cases: list[int]) -> None:
    for k in cases:
        a, b = log.offsets[k], log.offsets[k + 1]
        idx = sorted(range(a, b), key=log.ts.__getitem__)
        for col in (log.ts, log.act, log.res, log.role):
            col[a:b] = array(col.typecode, (col[i] for i in idx))
