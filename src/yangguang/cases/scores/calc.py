"""The one calculation of a performance score (绩效得分) from a scoring sheet and the
counts of the events scored. Pages, the API and exports all call ``calculate``; it is
Django-free (plain decimals), so that its bounds can be checked with hypothesis.

The sheet's own bounds hold:

* each item moves the score by ``weight × points`` per event, at most ``cap`` points
  (in absolute value) in one period when the sheet sets a cap for the item;
* each item's effect is rounded to two decimals (half away from zero), so that the
  lines shown add up to the score shown;
* the score is ``base`` plus the items' effects, never below the sheet's ``floor``
  (0 unless the sheet sets another, possibly negative, floor);
* the grade is the best of 优秀/良好/合格 whose threshold the score reaches, else 不合格.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

#: grade codes, best first (``failing`` below the passing line)
GRADE_CODES = ("excellent", "good", "passing", "failing")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to two decimals, half away from zero."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Term:
    """One item of a sheet: each event of ``kind`` moves the score by ``weight × points``
    (negative: a deduction), at most ``cap`` points in a period (None: no cap)."""

    kind: str
    category: str = ""
    weight: Decimal = Decimal(1)
    points: Decimal = Decimal(0)
    cap: Decimal | None = None

    @property
    def unit(self) -> Decimal:
        return self.weight * self.points


@dataclass(frozen=True)
class Terms:
    """A sheet's figures: base, floor, grade thresholds and items."""

    base: Decimal = Decimal(100)
    floor: Decimal = Decimal(0)
    excellent: Decimal = Decimal(90)
    good: Decimal = Decimal(80)
    passing: Decimal = Decimal(60)
    items: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Line:
    """How one item of the sheet moved the score: ``count`` events, ``unit`` points each,
    ``raw`` before the cap, ``applied`` after it (rounded to two decimals)."""

    kind: str
    category: str
    count: int
    unit: Decimal
    raw: Decimal
    applied: Decimal
    cap: Decimal | None

    @property
    def capped(self) -> bool:
        return self.cap is not None and abs(self.raw) > self.cap


@dataclass(frozen=True)
class Result:
    base: Decimal
    floor: Decimal
    lines: tuple[Line, ...] = ()
    total: Decimal = Decimal(0)  # base plus the lines, before the floor
    score: Decimal = Decimal(0)  # the score: the total, not below the floor
    grade: str = "failing"
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def floored(self) -> bool:
        return self.total < self.floor


def _clamp(raw: Decimal, cap: Decimal | None) -> Decimal:
    if cap is None:
        return raw
    return max(-cap, min(cap, raw))


def grade_of(terms: Terms, score: Decimal) -> str:
    for code, line in (
        ("excellent", terms.excellent),
        ("good", terms.good),
        ("passing", terms.passing),
    ):
        if score >= line:
            return code
    return "failing"


def calculate(terms: Terms, counts: Mapping[str, int]) -> Result:
    """The score of one department or person under ``terms`` for ``counts`` (events per
    kind in the period). Kinds the sheet has no item for do not count."""
    lines = []
    for item in terms.items:
        n = int(counts.get(item.kind, 0) or 0)
        if n <= 0:
            continue
        raw = item.unit * n
        cap = None if item.cap is None else abs(item.cap)
        lines.append(
            Line(
                kind=item.kind,
                category=item.category,
                count=n,
                unit=cents(item.unit),
                raw=cents(raw),
                applied=cents(_clamp(raw, cap)),
                cap=cap,
            )
        )
    total = cents(terms.base) + sum((line.applied for line in lines), Decimal(0))
    score = max(cents(terms.floor), total)
    return Result(
        base=cents(terms.base), floor=cents(terms.floor), lines=tuple(lines), total=total,
        score=score, grade=grade_of(terms, score), counts=dict(counts),
    )  # fmt: skip
