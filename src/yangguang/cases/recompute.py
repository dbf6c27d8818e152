"""The cases' part of ``workdays.services.deadlines_recompute``: every open case and its
open steps counted again by the calendar in force (registered in ``apps.py``)."""

from __future__ import annotations

from collections import defaultdict

from yangguang.cases.common import refresh_deadlines
from yangguang.cases.models import Case, CaseStatus, Step, StepStatus
from yangguang.workdays.recompute import Shift


def _case_deadline(case: Case):
    return case.promised_deadline or case.statutory_deadline


def recompute_open_cases() -> tuple[int, list[Shift]]:
    """Recompute and store the deadlines of every open case and its open steps; returns
    how many deadlines were checked and what each moved one was before and after."""
    steps: dict[int, list[Step]] = defaultdict(list)
    for step in Step.objects.filter(case__status=CaseStatus.OPEN, status=StepStatus.OPEN):
        steps[step.case_id].append(step)
    checked, shifts = 0, []
    cases = Case.objects.filter(status=CaseStatus.OPEN).select_related("organisation")
    for case in cases.order_by("pk").iterator(chunk_size=500):
        own = steps.get(case.pk, [])
        before = (
            _case_deadline(case), case.statutory_deadline, case.acceptance_deadline,
            case.warn_at, case.deadline_provisional, case.deadline_unknown,
        )  # fmt: skip
        old_steps = {s.pk: (s.deadline, s.deadline_provisional) for s in own}
        refresh_deadlines(case, own)
        after = (
            _case_deadline(case), case.statutory_deadline, case.acceptance_deadline,
            case.warn_at, case.deadline_provisional, case.deadline_unknown,
        )  # fmt: skip
        checked += 1 + len(own)
        if before != after:
            shifts.append(
                Shift("case", case.pk, case.number, case.organisation_id, before[0],
                      after[0], before[4], after[4])
            )  # fmt: skip
        for step in own:
            old, old_prov = old_steps[step.pk]
            if (old, old_prov) != (step.deadline, step.deadline_provisional):
                shifts.append(
                    Shift("step", step.pk, f"{case.number} · {step.name}",
                          case.organisation_id, old, step.deadline, old_prov,
                          step.deadline_provisional)
                )  # fmt: skip
    return checked, shifts
