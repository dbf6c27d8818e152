"""Reading cases and alerts, scoped through ``yangguang.core.access`` (for the back
office, the status lookup, the dashboard and the scores built on top)."""

from __future__ import annotations

import hmac

from django.db.models import Count, QuerySet

from yangguang.cases import penalty
from yangguang.cases.common import query_hash
from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Rule, Step, StepStatus
from yangguang.core import access, labels
from yangguang.workdays.core import SHANGHAI


def cases(*, user, action: access.Action = "view") -> QuerySet[Case]:
    """The cases ``user`` may see (staff: their subtree; inspectors: their jurisdiction)."""
    qs = Case.objects.select_related("organisation", "power", "responsible")
    return access.restrict(qs, user, action)


def case_detail(*, user, pk: int) -> Case | None:
    return cases(user=user).filter(pk=pk).first()


def steps_of(case: Case) -> QuerySet[Step]:
    return (
        Step.objects.filter(case=case)
        .select_related("post", "completed_by")
        .order_by("activated_at", "pk")
    )


def open_steps(case: Case) -> QuerySet[Step]:
    return steps_of(case).filter(status=StepStatus.OPEN)


def holders(step: Step) -> list:
    """The people who hold the step's post on the day it is open (who may do it)."""
    from yangguang.accounts.models import User

    if step.post_id is None:
        return []
    day = step.activated_at.astimezone(SHANGHAI).date()
    return list(
        User.objects.filter(
            holdings__post_id=step.post_id, holdings__start__lte=day, is_active=True
        )
        .exclude(holdings__end__lt=day)
        .distinct()
        .order_by("username")
    )


def case_by_query_code(number: str, code: str) -> Case | None:
    """The case with this number, if the query code matches (for the public lookup; the
    caller rate-limits)."""
    case = Case.objects.filter(number=(number or "").strip()).first()
    expected = query_hash((number or "").strip(), code or "")
    if case is None or not hmac.compare_digest(case.query_hash, expected):
        return None
    return case


def alerts(*, user, status: str = "", grade: str = "", rule: str = "") -> QuerySet[Alert]:
    qs = Alert.objects.select_related("case", "step", "responsible", "organisation")
    qs = access.restrict(qs, user, "view")
    if status:
        qs = qs.filter(status=status)
    if grade:
        qs = qs.filter(grade=grade)
    if rule:
        qs = qs.filter(rule=rule)
    return qs


def alert_counts(*, user) -> dict[str, int]:
    """Alerts needing action, by status (for the inspector's list and the sidebar)."""
    rows = alerts(user=user).values("status").annotate(n=Count("pk"))
    return {r["status"]: r["n"] for r in rows}


def open_case_count(*, user) -> int:
    return cases(user=user).filter(status=CaseStatus.OPEN).count()


def _fmt(moment) -> str:
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else "—"


def alert_text(alert: Alert) -> tuple[str, str]:
    """What the alert says, in Chinese and English: case, step, responsible person, rule
    and figures."""
    case = alert.case
    who = (
        (alert.responsible.full_name or alert.responsible.get_username())
        if alert.responsible_id
        else "—"
    )
    where = f"「{alert.step.name}」" if alert.step_id else ""
    where_en = f" step \u201c{alert.step.name}\u201d" if alert.step_id else ""
    figures_zh, figures_en = [], []
    if alert.limit_days is not None:
        figures_zh.append(f"时限 {alert.limit_days} 个工作日")
        figures_en.append(f"limit {alert.limit_days} working days")
    if alert.deadline is not None:
        figures_zh.append(f"期限 {_fmt(alert.deadline)}")
        figures_en.append(f"deadline {_fmt(alert.deadline)}")
    if alert.rule == Rule.BENCHMARK_DEVIATION:
        zh_text, en_text = penalty.figures(alert)
        figures_zh.append(zh_text)
        figures_en.append(en_text)
    elif alert.amount is not None:
        figures_zh.append(f"收费 {alert.amount} 元")
        figures_en.append(f"charged {alert.amount} yuan")
    if alert.standard is not None and alert.rule != Rule.BENCHMARK_DEVIATION:
        figures_zh.append(f"标准 {alert.standard} 元")
        figures_en.append(f"standard {alert.standard} yuan")
    if alert.rule == Rule.DEADLINE_UNKNOWN:
        note = alert.step.deadline_note if alert.step_id else case.deadline_note
        figures_zh.append(note)
    label_zh, label_en = labels.both(Rule(alert.rule).label)
    zh = (
        f"办件 {case.number}{where}: {label_zh}; 责任人 {who}; "
        f"{'; '.join(figures_zh) or '—'}; 发现于 {_fmt(alert.detected_at)}"
    )
    en = (
        f"case {case.number}{where_en}: {label_en.rstrip(')')}; responsible {who}; "
        f"{'; '.join(figures_en) or '—'}; detected {_fmt(alert.detected_at)}"
    )
    return zh, en


ACTIONABLE = (AlertStatus.PENDING, AlertStatus.OPEN, AlertStatus.EXPLAINED)
