"""Scores per department and per person for a quarter, set-wise: one grouped query over
the alerts, one over the cases finished and one over the founded complaints (投诉属实),
whatever their number; then the sheet's points, weights and grade thresholds applied to
the counts."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import Coalesce

from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Grade, Rule
from yangguang.cases.models_scores import AppealStatus, EventKind, ScoreSheet
from yangguang.core import access
from yangguang.core.errors import DomainError
from yangguang.workdays.core import SHANGHAI

GRADES = (("excellent", "优秀"), ("good", "良好"), ("passing", "合格"))


def quarter_bounds(quarter: str) -> tuple[datetime.datetime, datetime.datetime]:
    """``2026Q3`` -> its first instant and the first instant after it (Asia/Shanghai)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", (quarter or "").strip().upper())
    if not m:
        raise DomainError(code="quarter", field="quarter", zh="季度格式如 2026Q3",
                          en="a quarter like 2026Q3")  # fmt: skip
    year, q = int(m[1]), int(m[2])
    start = datetime.datetime(year, 3 * q - 2, 1, tzinfo=SHANGHAI)
    end = datetime.datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=SHANGHAI)
    return start, end


def current_quarter(now: datetime.datetime) -> str:
    local = now.astimezone(SHANGHAI)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


@dataclass
class Row:
    key: object
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    score: Decimal = Decimal(0)
    grade: str = ""


def _kind():
    return CaseWhen(
        When(rule=Rule.STEP_LATE, then=Value(EventKind.STEP_LATE.value)),
        When(grade=Grade.RED, then=Value(EventKind.RED.value)),
        When(grade=Grade.YELLOW, then=Value(EventKind.YELLOW.value)),
        default=Value(EventKind.WARNING.value),
        output_field=CharField(),
    )


def _grade(sheet: ScoreSheet, score: Decimal) -> str:
    for attr, label in GRADES:
        if score >= getattr(sheet, attr):
            return label
    return "不合格"


def founded_complaints(user, start: datetime.datetime, end: datetime.datetime) -> QuerySet | None:
    """Complaints within ``user``'s scope found founded or partly founded (属实, 部分属实)
    with the reply in ``[start, end)``, annotated with whom they count against:
    ``against_dept``/``against_dept_name`` (the complained-about case's organisation, else the complaint's)
    and ``against_person``/``against_person_name`` (the case's responsible person, for a complaint about a
    case). A complaint about a case out of ``user``'s scope is left out. None without the
    disclosure app."""
    if not apps.is_installed("yangguang.disclosure"):
        return None
    from yangguang.disclosure.models import FOUNDED_FINDINGS, Complaint

    case = Case.objects.filter(pk=OuterRef("case_ref"))
    visible_cases = access.restrict(Case.objects.all(), user, "view").values("pk")
    return (
        access.restrict(Complaint.objects.all(), user, "view")
        .filter(finding__in=FOUNDED_FINDINGS, replied_at__gte=start, replied_at__lt=end)
        .filter(Q(case_ref__isnull=True) | Q(case_ref__in=visible_cases))
        .annotate(
            against_dept=Coalesce(
                Subquery(case.values("organisation_id")[:1]),
                F("organisation_id"),
                output_field=BigIntegerField(),
            ),
            against_dept_name=Coalesce(
                Subquery(case.values("organisation__name")[:1]), F("organisation__name")
            ),
            against_person=Subquery(case.values("responsible_id")[:1]),
            against_person_name=Subquery(case.values("responsible__full_name")[:1]),
        )
    )


def scores(*, user, sheet: ScoreSheet, quarter: str) -> dict[str, list[Row]]:
    """``{"departments": [...], "people": [...]}``: rows with counts per event kind, the
    score and the grade, best first; within ``user``'s scope."""
    start, end = quarter_bounds(quarter)
    alerts = (
        access.restrict(Alert.objects.all(), user, "view")
        .filter(detected_at__gte=start, detected_at__lt=end)
        .exclude(status__in=(AlertStatus.PENDING, AlertStatus.DISMISSED))
        .exclude(appeal__status=AppealStatus.UPHELD)
        .annotate(kind=_kind())
    )
    finished = access.restrict(Case.objects.all(), user, "view").filter(
        finished_at__gte=start, finished_at__lt=end,
        status__in=(CaseStatus.APPROVED, CaseStatus.REFUSED),
        finished_at__lte=F("promised_deadline"),
    )  # fmt: skip
    complaints = founded_complaints(user, start, end)
    points = {i.kind: i.weight * i.points for i in sheet.items.all()}
    out = {}
    for label, org_field, name_field, case_field, case_name, who, who_name in (
        ("departments", "organisation_id", "organisation__name", "organisation_id",
         "organisation__name", "against_dept", "against_dept_name"),
        ("people", "responsible_id", "responsible__full_name", "finished_by_id",
         "finished_by__full_name", "against_person", "against_person_name"),
    ):  # fmt: skip
        rows: dict[object, Row] = {}
        for key, name, kind, n, escalated in (
            alerts.exclude(**{f"{org_field}__isnull": True})
            .values_list(org_field, name_field, "kind")
            .annotate(n=Count("pk"), esc=Count("pk", filter=Q(status=AlertStatus.ESCALATED)))
            .order_by()
        ):
            row = rows.setdefault(key, Row(key, name or "—"))
            row.counts[kind] = row.counts.get(kind, 0) + n
            if escalated:
                row.counts[EventKind.ESCALATED] = row.counts.get(EventKind.ESCALATED, 0) + escalated
        for key, name, n in (
            finished.exclude(**{f"{case_field}__isnull": True})
            .values_list(case_field, case_name)
            .annotate(n=Count("pk"))
            .order_by()
        ):
            row = rows.setdefault(key, Row(key, name or "—"))
            row.counts[EventKind.ON_TIME.value] = n
        for key, name, n in (
            complaints.exclude(**{f"{who}__isnull": True})
            .values_list(who, who_name)
            .annotate(n=Count("pk"))
            .order_by()
            if complaints is not None
            else ()
        ):
            row = rows.setdefault(key, Row(key, name or "—"))
            row.counts[EventKind.COMPLAINT_FOUNDED.value] = n
        for row in rows.values():
            row.score = sheet.base + sum(
                (points.get(k, Decimal(0)) * n for k, n in row.counts.items()), Decimal(0)
            )
            row.grade = _grade(sheet, row.score)
        out[label] = sorted(rows.values(), key=lambda r: (-r.score, r.name))
    return out
