"""Scores per department and per person for a quarter, set-wise: one grouped query over
the alerts, one over the cases finished and one over the founded complaints (投诉属实),
whatever their number; then each row's scoring sheet applied to its counts by the one
calculation, ``calc.calculate``.

Which sheet scores whom: an organisation is scored by its own sheet, else by the sheet
of its nearest ancestor that has one (the demo county sets one sheet on the county's
root, 县委, which thus applies county-wide; the commission may give any organisation a
sheet of its own). A person is scored by the sheet that applies to his or her
organisation. An organisation with no sheet on its way to the root is shown unscored.

What counts: alerts detected in the quarter, confirmed (not awaiting confirmation),
neither dismissed nor withdrawn, and not taken out by an upheld appeal
(``counted_alerts``); escalated ones count again as 转入问责; cases finished in time;
founded complaints replied in the quarter."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
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
from django.utils.translation import gettext_lazy as _

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Grade, Rule
from yangguang.cases.models_scores import AppealStatus, EventKind, ScoreSheet
from yangguang.cases.scores.calc import Result, Term, Terms, calculate
from yangguang.core import access
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation
from yangguang.workdays.core import SHANGHAI

GRADE_LABELS = {
    "excellent": _("优秀"),
    "good": _("良好"),
    "passing": _("合格"),
    "failing": _("不合格"),
}
#: alert statuses that never count: awaiting confirmation, dismissed, withdrawn
NOT_COUNTED = ("pending", "dismissed", "withdrawn")


def quarter_bounds(quarter: str) -> tuple[datetime.datetime, datetime.datetime]:
    """``2026Q3`` -> its first instant and the first instant after it (Asia/Shanghai)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", (quarter or "").strip().upper())
    if not m or not 2000 <= int(m[1]) <= 2999:
        raise DomainError(code="quarter", field="quarter", zh="季度格式如 2026Q3",
                          en="a quarter like 2026Q3")  # fmt: skip
    year, q = int(m[1]), int(m[2])
    start = datetime.datetime(year, 3 * q - 2, 1, tzinfo=SHANGHAI)
    end = datetime.datetime(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1, tzinfo=SHANGHAI)
    return start, end


def current_quarter(now: datetime.datetime) -> str:
    local = now.astimezone(SHANGHAI)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


def quarter_of(moment: datetime.datetime) -> str:
    return current_quarter(moment)


# --- sheets --------------------------------------------------------------------------


def terms_of(sheet: ScoreSheet) -> Terms:
    """The sheet's figures for the calculation."""
    return Terms(
        base=sheet.base, floor=sheet.floor, excellent=sheet.excellent, good=sheet.good,
        passing=sheet.passing,
        items=tuple(
            Term(kind=i.kind, category=i.category, weight=i.weight, points=i.points, cap=i.cap)
            for i in sheet.items.all()
        ),
    )  # fmt: skip


def _ancestors(path: str) -> list[int]:
    """Organisation ids from ``path`` (``/1/4/9/``), nearest first."""
    return [int(p) for p in reversed(path.strip("/").split("/")) if p]


def effective_sheets(org_ids: Iterable[int]) -> dict[int, ScoreSheet | None]:
    """The sheet that scores each organisation: its own, else its nearest ancestor's."""
    ids = {i for i in org_ids if i is not None}
    if not ids:
        return {}
    paths = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "path"))
    wanted = {a for p in paths.values() for a in _ancestors(p)}
    sheets = {
        s.organisation_id: s
        for s in ScoreSheet.objects.filter(organisation_id__in=wanted)
        .select_related("organisation")
        .prefetch_related("items")
    }
    return {
        pk: next((sheets[a] for a in _ancestors(path) if a in sheets), None)
        for pk, path in paths.items()
    }


def sheet_for(organisation: Organisation) -> ScoreSheet | None:
    return effective_sheets([organisation.pk]).get(organisation.pk)


# --- what counts ---------------------------------------------------------------------


def _kind():
    return CaseWhen(
        When(rule=Rule.STEP_LATE, then=Value(EventKind.STEP_LATE.value)),
        When(grade=Grade.RED, then=Value(EventKind.RED.value)),
        When(grade=Grade.YELLOW, then=Value(EventKind.YELLOW.value)),
        default=Value(EventKind.WARNING.value),
        output_field=CharField(),
    )


def counted_alerts(user, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """The alerts within ``user``'s scope that count in the scores of ``[start, end)``,
    annotated with their event ``kind``."""
    return (
        access.restrict(Alert.objects.all(), user, "view")
        .filter(detected_at__gte=start, detected_at__lt=end)
        .exclude(status__in=NOT_COUNTED)
        .exclude(appeal__status=AppealStatus.UPHELD)
        .annotate(kind=_kind())
    )


def finished_in_time(user, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    return access.restrict(Case.objects.all(), user, "view").filter(
        finished_at__gte=start, finished_at__lt=end,
        status__in=(CaseStatus.APPROVED, CaseStatus.REFUSED),
        finished_at__lte=F("promised_deadline"),
    )  # fmt: skip


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


# --- rows ----------------------------------------------------------------------------


@dataclass
class Row:
    """A department (``key``: organisation id) or a person (``key``: user id)."""

    key: object
    name: str
    org_id: int | None = None
    code: str = ""  # the organisation's code (departments)
    counts: dict[str, int] = field(default_factory=dict)
    sheet: ScoreSheet | None = None
    result: Result | None = None

    @property
    def score(self) -> Decimal | None:
        return self.result.score if self.result else None

    @property
    def grade(self) -> str:
        return self.result.grade if self.result else ""

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS.get(self.grade, ""))


def _count(user, start, end) -> dict[str, dict[object, Row]]:
    alerts = counted_alerts(user, start, end)
    finished = finished_in_time(user, start, end)
    complaints = founded_complaints(user, start, end)
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
        out[label] = rows
    return out


def scored_organisations(user) -> QuerySet:
    """The organisations whose scores ``user`` sees even without any event: those in the
    user's scope that have a power list (they handle cases), and the user's own."""
    if access.role_of(user) is None:
        return Organisation.objects.none()
    if access.role_of(user) == Role.SYSADMIN:
        scope = Organisation.objects.all()
    else:
        root = access.scope_root(user)
        if root is None:
            return Organisation.objects.none()
        scope = Organisation.objects.filter(path__startswith=root.path)
    own = Q(pk=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return scope.filter(Q(power_list__isnull=False) | own)


def scores(
    *, user, quarter: str, organisation: Organisation | None = None,
    sheet: ScoreSheet | None = None,
) -> dict[str, list[Row]]:  # fmt: skip
    """``{"departments": [...], "people": [...]}`` within ``user``'s scope for ``quarter``
    (within ``organisation``'s subtree if given): counts per event kind, the sheet that
    applies, its calculation (score, grade, lines), best first; rows without a sheet
    last. ``sheet`` scores every row by that one sheet instead."""
    start, end = quarter_bounds(quarter)
    counted = _count(user, start, end)
    depts = counted["departments"]
    for pk, name in scored_organisations(user).values_list("pk", "name"):
        depts.setdefault(pk, Row(pk, name))
    codes = dict(Organisation.objects.filter(pk__in=list(depts)).values_list("pk", "code"))
    for pk, row in depts.items():
        row.org_id = pk
        row.code = codes.get(pk, "")
    people = counted["people"]
    for pk, org_id in User.objects.filter(pk__in=list(people)).values_list("pk", "organisation_id"):
        people[pk].org_id = org_id
    if organisation is not None:
        inside = set(
            Organisation.objects.filter(path__startswith=organisation.path).values_list(
                "pk", flat=True
            )
        )
        depts = {k: r for k, r in depts.items() if r.org_id in inside}
        people = {k: r for k, r in people.items() if r.org_id in inside}
    if sheet is None:
        applying = effective_sheets({r.org_id for r in (*depts.values(), *people.values())})
    terms: dict[int, Terms] = {}
    out = {}
    for label, rows in (("departments", depts), ("people", people)):
        for row in rows.values():
            row.sheet = sheet if sheet is not None else applying.get(row.org_id)
            if row.sheet is not None:
                if row.sheet.pk not in terms:
                    terms[row.sheet.pk] = terms_of(row.sheet)
                row.result = calculate(terms[row.sheet.pk], row.counts)
        out[label] = sorted(
            rows.values(),
            key=lambda r: (r.result is None, -(r.score or 0), r.name),
        )
    return out


def score_of(*, user, organisation: Organisation, quarter: str) -> Row | None:
    """``organisation``'s own row (not its subtree's) for ``quarter``."""
    rows = scores(user=user, quarter=quarter, organisation=organisation)["departments"]
    return next((r for r in rows if r.org_id == organisation.pk), None)


# --- how a score arose ---------------------------------------------------------------


@dataclass
class Breakdown:
    """The events behind one row: alerts per kind counted, alerts taken out by an
    upheld appeal, cases finished in time, founded complaints."""

    alerts: dict[str, list[Alert]] = field(default_factory=dict)
    appealed: list[Alert] = field(default_factory=list)
    on_time: list[Case] = field(default_factory=list)
    complaints: list = field(default_factory=list)


def breakdown(
    *, user, quarter: str, organisation: Organisation | None = None, person=None, limit=200
) -> Breakdown:
    """The events counted for ``organisation`` (its own, not its subtree's) or ``person``
    in ``quarter``, each kind's first ``limit``."""
    start, end = quarter_bounds(quarter)
    if person is not None:
        who = {"responsible": person}
        case_who = {"finished_by": person}
        complaint_who = {"against_person": person.pk}
    else:
        who = case_who = {"organisation": organisation}
        complaint_who = {"against_dept": organisation.pk}
    out = Breakdown()
    alerts = (
        counted_alerts(user, start, end)
        .filter(**who)
        .select_related("case", "responsible", "appeal")
        .order_by("detected_at", "pk")
    )
    for kind in EventKind.values:
        if kind == EventKind.ESCALATED:
            chosen = alerts.filter(status=AlertStatus.ESCALATED)
        else:
            chosen = alerts.filter(kind=kind)
        if kind not in (EventKind.ON_TIME, EventKind.COMPLAINT_FOUNDED):
            found = list(chosen[:limit])
            if found:
                out.alerts[kind] = found
    out.appealed = list(
        access.restrict(Alert.objects.all(), user, "view")
        .filter(detected_at__gte=start, detected_at__lt=end, appeal__status=AppealStatus.UPHELD)
        .filter(**who)
        .select_related("case", "appeal")
        .order_by("detected_at", "pk")[:limit]
    )
    out.on_time = list(finished_in_time(user, start, end).filter(**case_who).order_by("pk")[:limit])
    complaints = founded_complaints(user, start, end)
    if complaints is not None:
        out.complaints = list(complaints.filter(**complaint_who).order_by("pk")[:limit])
    return out


def appeals(user, *, status: str = "") -> QuerySet:
    """Appeals against alerts ``user`` may see, newest first."""
    from yangguang.cases.models_scores import ScoreAppeal

    visible = access.restrict(Alert.objects.all(), user, "view").values("pk")
    qs = ScoreAppeal.objects.select_related(
        "alert__case", "alert__responsible", "organisation", "filed_by", "decided_by"
    ).filter(alert__in=visible)
    return qs.filter(status=status) if status else qs
