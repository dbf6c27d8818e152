"""The case page's part of a penalty decision: the benchmarks in force shown with the
decision step's form (grade, fine, 偏离说明), and the decisions recorded with their check
(within or outside the benchmark, the range that applied)."""

from __future__ import annotations

from typing import Any

from yangguang.cases import penalty
from yangguang.cases.models import Case, Step
from yangguang.cases.models_penalty import PenaltyDecision


def form_for(case: Case, step: Step) -> dict[str, Any] | None:
    """What the form of an open 决定 step of a penalty case shows: the benchmarks in
    force (published data format) and the published version; None for other steps."""
    if not penalty.is_decision_step(step):
        return None
    cache = penalty.Powers()
    power = cache.get(case.power_id)
    if not penalty.is_penalty(power):
        return None
    in_force = cache.in_force(case.power_id)
    return {
        "version": in_force.version,
        "benchmarks": [
            {
                "grade": b.grade,
                "description": b.description,
                "fine_min": b.fine_min,
                "fine_max": b.fine_max,
                "other_penalties": b.other_penalties,
                "quantified": b.quantified,
            }
            for b in in_force.benchmarks
        ],
        "type": {"code": power.type.code},
    }


def form_input(post) -> dict[str, Any]:
    """The step form's grade, fine and reason as ``step_complete`` takes them (absent
    fields: None, so that a step deciding no penalty gets none)."""
    return {
        "grade": (post.get("grade") or "").strip() or None,
        "amount": (post.get("amount") or "").strip() or None,
        "deviation_reason": post.get("deviation_reason", ""),
    }


def decided(case: Case) -> list[PenaltyDecision]:
    return list(
        PenaltyDecision.objects.filter(case=case)
        .select_related("step", "decided_by")
        .order_by("decided_at", "pk")
    )
