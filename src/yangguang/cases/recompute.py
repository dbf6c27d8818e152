"""The cases' part of ``workdays.services.deadlines_recompute``: every open case and its
open steps counted again by the calendar in force (registered in ``apps.py``)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from yangguang.audit.services import AuditRecord, audit_record_many
from yangguang.cases import actions
from yangguang.cases.common import refresh_deadlines
from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Rule, Step, StepStatus
from yangguang.workdays.recompute import Shift

RESOLVED = (
    "期限已按工作日历计算，无需处理 "
    "(the deadline is computed now that the calendar covers it; nothing to act on)"
)


# the case's own deadlines, each listed apart when it moves
CASE_DEADLINES = (
    ("promised_deadline", "承诺期限"),
    ("statutory_deadline", "法定期限"),
    ("acceptance_deadline", "受理期限"),
)


def _marked(case: Case, flag: bool, value) -> bool:
    """Whether one of the case's deadlines carries the provisional mark: the case's
    mark, for a deadline in a later year than the registration (a case registered in a
    known year reaches a provisional one only across a new year)."""
    return bool(flag and value is not None and value.year > case.registered_at.year)


def _case_shifts(case: Case, before: dict, flag: bool) -> list[Shift]:
    out = []
    for name, label in CASE_DEADLINES:
        old, new = before[name], getattr(case, name)
        old_mark, new_mark = _marked(case, flag, old), _marked(case, case.deadline_provisional, new)
        if (old, old_mark) != (new, new_mark):
            out.append(
                Shift("case", case.pk, f"{case.number} · {label}", case.organisation_id,
                      old, new, old_mark, new_mark)
            )  # fmt: skip
    return out


def recompute_open_cases(actor) -> tuple[int, list[Shift]]:
    """Recompute and store the deadlines of every open case and its open steps; returns
    how many deadlines were checked and what each moved one was before and after. The
    "deadline unknown" alerts of deadlines now computed are closed (one audit entry
    each)."""
    steps: dict[int, list[Step]] = defaultdict(list)
    for step in Step.objects.filter(case__status=CaseStatus.OPEN, status=StepStatus.OPEN):
        steps[step.case_id].append(step)
    checked, shifts = 0, []
    cases = Case.objects.filter(status=CaseStatus.OPEN).select_related("organisation")
    for case in cases.order_by("pk").iterator(chunk_size=500):
        own = steps.get(case.pk, [])
        before = {name: getattr(case, name) for name, _label in CASE_DEADLINES}
        flag = case.deadline_provisional
        old_steps = {s.pk: (s.deadline, s.deadline_provisional) for s in own}
        refresh_deadlines(case, own)
        checked += 1 + len(own)
        shifts.extend(_case_shifts(case, before, flag))
        for step in own:
            old, old_prov = old_steps[step.pk]
            if (old, old_prov) != (step.deadline, step.deadline_provisional):
                shifts.append(
                    Shift("step", step.pk, f"{case.number} · {step.name}",
                          case.organisation_id, old, step.deadline, old_prov,
                          step.deadline_provisional)
                )  # fmt: skip
    _resolve_unknown_alerts(actor)
    return checked, shifts


def _resolve_unknown_alerts(actor) -> int:
    """Close the pending or open "deadline unknown" alerts whose case (or step) now has
    its deadline: nobody can act on them any more."""
    alerts = list(
        Alert.objects.select_for_update(of=("self",))
        .filter(
            rule=Rule.DEADLINE_UNKNOWN,
            status__in=(AlertStatus.PENDING, AlertStatus.OPEN),
            case__status=CaseStatus.OPEN,
        )
        .select_related("case", "step")
    )
    done = []
    for alert in alerts:
        if alert.step_id is not None:
            settled = alert.step.status != StepStatus.OPEN or not alert.step.deadline_note
        else:
            settled = not alert.case.deadline_unknown
        if settled:
            done.append(alert)
    if not done:
        return 0
    now = timezone.now()
    records = []
    for alert in done:
        before = alert.status
        alert.status, alert.review, alert.reviewed_at = AlertStatus.CLOSED, RESOLVED, now
        records.append(
            AuditRecord(
                action=actions.ALERT_RESOLVE, obj=alert, org_id=alert.organisation_id,
                changes={"status": [before, alert.status]},
                extra={"case": alert.case.number, "rule": alert.rule},
            )
        )  # fmt: skip
    Alert.objects.bulk_update(done, ["status", "review", "reviewed_at"])
    audit_record_many(actor=actor, records=records)
    return len(done)
