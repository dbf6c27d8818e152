"""The one score calculation (``cases.scores.calc``): the sheet's bounds hold whatever
the counts: never below the floor, no item beyond its cap, two decimals, and more
deductions never raise a score."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yangguang.cases.scores.calc import Term, Terms, calculate, cents

KINDS = ("alert_warning", "alert_yellow", "alert_red", "step_late", "escalated",
         "complaint_founded", "case_on_time")  # fmt: skip
money = st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False, allow_infinity=False)
caps = st.one_of(st.none(), st.decimals(min_value="0.01", max_value=40, places=2))
weights = st.decimals(min_value=0, max_value=5, places=2)


@st.composite
def sheets(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), unique=True, max_size=len(KINDS)))
    items = tuple(
        Term(kind=k, weight=draw(weights), points=draw(money), cap=draw(caps)) for k in kinds
    )
    base = draw(st.decimals(min_value=0, max_value=200, places=2))
    floor = draw(st.one_of(st.just(Decimal(0)), st.decimals(min_value=-100, max_value=base,
                                                            places=2)))  # fmt: skip
    return Terms(base=base, floor=floor, items=items)


counts = st.dictionaries(st.sampled_from(KINDS), st.integers(min_value=0, max_value=10_000))


RELAXED = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@RELAXED
@given(sheets(), counts)
def test_never_below_the_floor_nor_beyond_a_cap(terms, n):
    result = calculate(terms, n)
    assert result.score >= terms.floor
    assert result.score == max(terms.floor, result.total)
    assert result.total == terms.base + sum(line.applied for line in result.lines)
    for line in result.lines:
        if line.cap is not None:
            assert abs(line.applied) <= line.cap
        assert line.applied == cents(line.applied)
    assert result.score == cents(result.score)  # two decimals


@RELAXED
@given(sheets(), counts, st.sampled_from(KINDS), st.integers(min_value=1, max_value=500))
def test_more_deductions_never_raise_the_score(terms, n, kind, more):
    item = next((i for i in terms.items if i.kind == kind), None)
    before = calculate(terms, n).score
    after = calculate(terms, {**n, kind: n.get(kind, 0) + more}).score
    if item is None:
        assert after == before
    elif item.unit <= 0:
        assert after <= before
    else:
        assert after >= before


def test_a_cap_and_the_floor_by_hand():
    terms = Terms(
        base=Decimal(100),
        items=(
            Term(kind="alert_red", points=Decimal(-5), cap=Decimal(20)),
            Term(kind="step_late", weight=Decimal("0.5"), points=Decimal(-2)),
            Term(kind="escalated", points=Decimal(-10)),
        ),
    )
    result = calculate(terms, {"alert_red": 7, "step_late": 3, "unknown": 4})
    red, late = result.lines
    assert (red.raw, red.applied, red.capped) == (Decimal(-35), Decimal(-20), True)
    assert (late.unit, late.applied, late.capped) == (Decimal(-1), Decimal(-3), False)
    assert result.score == Decimal("77.00") and result.grade == "passing"
    low = calculate(terms, {"escalated": 12})
    assert low.total == Decimal(-20) and low.score == Decimal(0) and low.floored
    negative = calculate(Terms(base=Decimal(100), floor=Decimal(-50), items=terms.items),
                         {"escalated": 12})  # fmt: skip
    assert negative.score == Decimal(-20)  # the sheet allows it


def test_rounding_to_cents():
    terms = Terms(items=(Term(kind="case_on_time", weight=Decimal("0.33"),
                              points=Decimal("0.10")),))  # fmt: skip
    result = calculate(terms, {"case_on_time": 5})
    assert result.lines[0].applied == Decimal("0.17")  # 0.165, half up
    assert str(result.score) == "100.17" and result.grade == "excellent"
