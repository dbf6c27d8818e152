"""What waits for a person in cases and alerts, for the office home's to-do list
(registered with ``core.worklist`` in ``CasesConfig.ready``):

* the open steps of open cases whose post the person holds today (who holds the step's
  post does it: ``batch.sim``), soonest deadline first;
* for the department's staff, the alerts of their organisation awaiting an explanation and
  a correction (待纠错);
* for the commission's inspectors, the alerts of their jurisdiction to confirm (待确认)
  and the explanations to review (已说明待审核).

The system administrator runs the platform and handles none of them: nothing is listed
for that role."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.accounts.roles import Role
from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Step, StepStatus
from yangguang.core import access, worklist
from yangguang.core.worklist import Entry, Task

DEPARTMENT = (Role.CLERK, Role.LEADER, Role.ORG_ADMIN)


def home_tasks(user) -> list[Task]:
    role = access.role_of(user)
    if role in DEPARTMENT:
        return [t for t in (_steps(user), _alerts_to_correct(user)) if t is not None]
    if role == Role.INSPECTOR:
        return [
            t
            for t in (
                _alerts_for_inspector(user, AlertStatus.PENDING, _("待确认的预警")),
                _alerts_for_inspector(user, AlertStatus.EXPLAINED, _("待审核的情况说明")),
            )
            if t is not None
        ]
    return []


def my_open_steps(user):
    """Open steps of open cases in the person's scope whose post he or she holds today."""
    today = timezone.localdate()
    cases = access.restrict(Case.objects.all(), user, "operate")
    holdings = user.holdings.filter(start__lte=today).exclude(end__lt=today)
    return (
        Step.objects.filter(
            status=StepStatus.OPEN,
            case__status=CaseStatus.OPEN,
            case__in=cases.values("pk"),
            post_id__in=holdings.values("post_id"),
        )
        .select_related("case", "case__power")
        .order_by(F("deadline").asc(nulls_last=True), "activated_at", "pk")
    )


def _steps(user) -> Task | None:
    return worklist.task(
        _("待您办理的办件环节"),
        my_open_steps(user),
        reverse("cases:list") + f"?status={CaseStatus.OPEN}",
        lambda s: Entry(
            label=f"{s.case.number} · {s.case.power.name} · {s.name}",
            url=reverse("cases:detail", kwargs={"pk": s.case_id}),
            due=s.deadline,
        ),
    )


def _alert_entry(a) -> Entry:
    return Entry(
        label=f"{a.case.number} · {a.get_rule_display()} · {a.get_grade_display()}",
        url=reverse("cases:alert_action", kwargs={"pk": a.pk}),
        due=a.deadline,
    )


def _alerts(user, status: str, action: access.Action, label: str) -> Task | None:
    qs = access.restrict(Alert.objects.select_related("case"), user, action)
    qs = qs.filter(status=status).order_by(F("deadline").asc(nulls_last=True), "detected_at", "pk")
    return worklist.task(label, qs, reverse("cases:alerts") + f"?status={status}", _alert_entry)


def _alerts_to_correct(user) -> Task | None:
    return _alerts(user, AlertStatus.OPEN, "operate", _("待说明纠正的预警"))


def _alerts_for_inspector(user, status: str, label: str) -> Task | None:
    return _alerts(user, status, "supervise", label)
