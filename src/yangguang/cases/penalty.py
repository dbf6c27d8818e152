"""The penalty of a case decided at its 决定 step (自由裁量权基准 applied).

A step is a penalty decision when the case's power is a penalty item (type CF) and the
task's name contains 决定. Completing it needs the grade (违法情节: slight, ordinary,
serious, grave) and the fine in yuan (0 for none); the fine is checked by the one rule,
``powers.selectors.penalty_check``, against the benchmark in force (the published
version's; an item never published, its working list's). A fine outside the benchmark
needs a written reason (偏离说明) and raises the ``benchmark_deviation`` alert for the
commission. Any other step refuses a grade or a fine rather than dropping them.

``batch.sim.Simulation.complete_step`` calls ``decide`` (pages, API events, the demo
loader alike); nothing here writes: the simulation stores the row and the alert."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yangguang.cases.common import error
from yangguang.cases.models import Case, Step
from yangguang.cases.models_penalty import PenaltyDecision
from yangguang.powers import selectors as powers
from yangguang.powers.models import PENALTY_TYPE, PowerItem

DECISION_WORD = "决定"
#: the longest written reason kept
REASON_LIMIT = 4000
CENT = Decimal("0.01")
#: a fine is kept in 14 digits, two of them decimals
AMOUNT_LIMIT = Decimal("1000000000000")


@dataclass(frozen=True)
class PenaltyInput:
    grade: str | None = None
    amount: Any = None
    deviation_reason: str = ""

    @property
    def given(self) -> bool:
        return self.grade not in (None, "") or self.amount not in (None, "")


class Powers:
    """The powers of a batch's cases, read once each (type and organisation), and the
    benchmarks in force of each penalty power, read once each too."""

    def __init__(self) -> None:
        self._items: dict[int, PowerItem] = {}
        self._in_force: dict[int, powers.ItemInForce] = {}

    def get(self, power_id: int) -> PowerItem:
        item = self._items.get(power_id)
        if item is None:
            item = self._items[power_id] = PowerItem.objects.select_related(
                "type", "power_list__organisation"
            ).get(pk=power_id)
        return item

    def in_force(self, power_id: int) -> powers.ItemInForce:
        found = self._in_force.get(power_id)
        if found is None:
            found = self._in_force[power_id] = powers.benchmarks_in_force(self.get(power_id))
        return found


def is_penalty(power: PowerItem) -> bool:
    return power.type.code == PENALTY_TYPE


def is_decision_step(step: Step) -> bool:
    return DECISION_WORD in (step.name or "")


def decide(
    powers_cache: Powers, case: Case, step: Step, given: PenaltyInput, *, by, at: datetime.datetime
) -> tuple[PenaltyDecision | None, powers.PenaltyCheck | None]:
    """The penalty decision of completing ``step`` (unsaved), and its check; (None,
    None) for a step that decides no penalty. Raises a bilingual ``DomainError`` for a
    missing grade or fine, a fine outside the benchmark without its reason, or a grade
    or fine given at a step that decides no penalty."""
    penalty_step = is_decision_step(step) and is_penalty(powers_cache.get(case.power_id))
    if not penalty_step:
        if given.given:
            raise error(
                "penalty_not_expected",
                "grade",
                f"「{step.name}」不是行政处罚的决定环节, 不登记违法情节和罚款金额",
                f"\u201c{step.name}\u201d is not the decision step of a penalty case; "
                "no grade or fine is recorded there",
            )
        return None, None
    if given.grade in (None, "") or given.amount in (None, ""):
        missing = "grade" if given.grade in (None, "") else "amount"
        raise error(
            "penalty_required",
            missing,
            "作出处罚决定须登记违法情节和罚款金额(不罚款填 0)",
            "a penalty decision records the circumstance grade and the fine (0 for none)",
        )
    in_force = powers_cache.in_force(case.power_id)
    check = powers.penalty_check(power=in_force, circumstance=given.grade, amount=given.amount)
    if check.amount != check.amount.quantize(CENT) or check.amount >= AMOUNT_LIMIT:
        raise error(
            "amount_invalid",
            "amount",
            f"罚款金额 {given.amount} 元须精确到分, 且小于 {AMOUNT_LIMIT} 元",
            f"the fine {given.amount} yuan must have at most two decimals and be below "
            f"{AMOUNT_LIMIT} yuan",
        )
    reason = (given.deviation_reason or "").strip()
    if not check.inside and not reason:
        raise error(
            "deviation_reason_required",
            "deviation_reason",
            f"{check.zh}; 偏离裁量基准须书面说明理由(偏离说明)",
            f"{check.en}; a fine outside the benchmark needs a written reason",
        )
    if len(reason) > REASON_LIMIT:
        raise error(
            "too_long",
            "deviation_reason",
            f"偏离说明不能超过 {REASON_LIMIT} 字",
            f"the reason is longer than {REASON_LIMIT} characters",
        )
    decision = PenaltyDecision(
        case=case,
        step=step,
        grade=check.grade,
        amount=check.amount.quantize(CENT),
        within=check.inside,
        fine_min=check.fine_min,
        fine_max=check.fine_max,
        quantified=check.quantified,
        version=in_force.version,
        message_zh=check.zh,
        message_en=check.en,
        deviation_reason=reason,
        decided_by=by,
        decided_at=at,
    )
    return decision, check


def bound_crossed(decision: PenaltyDecision) -> Decimal | None:
    """The benchmark's bound the fine went past (the maximum, or the minimum; 0 where
    the grade carries no fine), for the alert's ``standard``."""
    if decision.fine_min is None:
        return Decimal("0")
    if not decision.quantified or decision.amount < decision.fine_min:
        return decision.fine_min
    return decision.fine_max


def audit_extra(decision: PenaltyDecision) -> dict[str, Any]:
    return {
        "grade": decision.grade,
        "amount": str(decision.amount),
        "within": decision.within,
        "min": None if decision.fine_min is None else str(decision.fine_min),
        "max": None if decision.fine_max is None else str(decision.fine_max),
        "version": decision.version,
        "deviation_reason": decision.deviation_reason,
    }


def input_of(data: Any) -> PenaltyInput:
    """The grade, fine and reason of a form or a pushed event (``grade``, ``amount``,
    ``deviation_reason``)."""
    reason = data.get("deviation_reason") or ""
    if not isinstance(reason, str):
        raise error("invalid", "deviation_reason", "偏离说明须为文本", "the reason must be text")
    grade = data.get("grade")
    if grade is not None and not isinstance(grade, str):
        raise error("invalid", "grade", "违法情节须为文本", "grade must be text")
    amount = data.get("amount")
    if isinstance(amount, bool) or not (
        amount is None or isinstance(amount, str | int | float | Decimal)
    ):
        raise error("invalid", "amount", "罚款金额须为数字", "amount must be a number")
    if isinstance(amount, str):
        amount = amount.strip().replace(",", "")
    return PenaltyInput((grade or "").strip() or None, amount, reason)


def figures(alert) -> tuple[str, str]:
    """The figures of a ``benchmark_deviation`` alert: the fine, the grade, the range in
    force then and the written reason."""
    found = PenaltyDecision.objects.filter(step_id=alert.step_id).first()
    if found is None:
        return f"罚款 {alert.amount} 元", f"fine {alert.amount} yuan"
    grade = powers.grade_zh(found.grade)
    if found.fine_min is None:
        range_zh, range_en = "不处罚款", "no fine"
    else:
        range_zh = f"{found.fine_min}–{found.fine_max} 元"
        range_en = f"{found.fine_min}–{found.fine_max} yuan"
    zh = (
        f"罚款 {found.amount} 元; 违法情节 {grade}; 裁量基准 {range_zh}; "
        f"偏离说明: {found.deviation_reason}"
    )
    en = (
        f"fine {found.amount} yuan; grade {found.grade}; benchmark {range_en}; "
        f"reason given: {found.deviation_reason}"
    )
    return zh, en
