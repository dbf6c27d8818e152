"""Reads of the flows app: scoped process models, the overall grade, what the public
sees, and the rows of the risk catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, QuerySet, Subquery

from yangguang.core import access
from yangguang.flows import rules
from yangguang.flows.compiled import CompiledProcess, from_db
from yangguang.flows.models import MeasureStatus, ProcessModel, ProcessStatus, RiskPoint
from yangguang.flows.services._base import _power_limits
from yangguang.flows.validation import Problem, validate
from yangguang.powers.models import PowerItem, PowerListVersion, PublishedItem


def process_models(*, user, internal: bool = True) -> QuerySet[ProcessModel]:
    """The charts ``user`` may open as an insider: drafts and internal views belong to
    their organisation, the bodies above it (its reviewers) and the commission over it.
    ``internal=False`` adds what is published (for its external view only)."""
    return access.restrict(
        ProcessModel.objects.select_related("power__power_list__organisation", "power__type"),
        user,
        public=not internal,
    )


def power_limits(power: PowerItem) -> tuple[int | None, int | None]:
    """Statutory and promised limits of a power in working days."""
    return _power_limits(power)


def problems(process: ProcessModel, compiled: CompiledProcess | None = None) -> list[Problem]:
    statutory, promised = power_limits(process.power)
    return validate(compiled or from_db(process), statutory=statutory, promised=promised)


@dataclass(frozen=True)
class GradeInfo:
    computed: str | None
    effective: str | None
    override: str
    reason: str
    points: int


def grade_of(process: ProcessModel) -> GradeInfo:
    points = list(
        RiskPoint.objects.filter(node__process=process).values_list("grade", "likelihood", "impact")
    )
    computed = rules.computed_grade(points)
    return GradeInfo(
        computed=computed,
        effective=process.grade_override or computed,
        override=process.grade_override,
        reason=process.grade_override_reason,
        points=len(points),
    )


def published_power_codes() -> set[tuple[int, str]]:
    """(organisation id, code) of every power in the latest published list versions."""
    latest = (
        PowerListVersion.objects.values("power_list")
        .annotate(n=Max("number"))
        .values_list("power_list", "n")
    )
    versions = [
        v
        for pl, n in latest
        for v in PowerListVersion.objects.filter(power_list=pl, number=n).values_list(
            "pk", flat=True
        )
    ]
    return set(
        PublishedItem.objects.filter(version__in=versions).values_list("organisation_id", "code")
    )


def public_models() -> list[ProcessModel]:
    """The latest published chart of every published power."""
    newest = (
        ProcessModel.objects.filter(power=OuterRef("power"), status=ProcessStatus.PUBLISHED)
        .order_by("-version")
        .values("pk")[:1]
    )
    qs = (
        ProcessModel.objects.filter(status=ProcessStatus.PUBLISHED, pk=Subquery(newest))
        .select_related("power__power_list__organisation", "power__type")
        .order_by("power__power_list__organisation__path", "power__code")
    )
    codes = published_power_codes()
    return [p for p in qs if (p.power.power_list.organisation_id, p.power.code) in codes]


def public_model(pk: int) -> ProcessModel | None:
    return next((p for p in public_models() if p.pk == pk), None)


def public_model_of(organisation_id: int, code: str) -> ProcessModel | None:
    """The latest published chart of the published power ``code`` of an organisation (the
    power's public page links to it), or None."""
    if (organisation_id, code) not in published_power_codes():
        return None
    return (
        ProcessModel.objects.filter(
            status=ProcessStatus.PUBLISHED,
            power__power_list__organisation_id=organisation_id,
            power__code=code,
        )
        .order_by("-version")
        .first()
    )


def current_models(*, user) -> list[ProcessModel]:
    """Per power in the insider's scope: the draft if there is one, else the newest
    version (another department's charts are read on the portal, external view only)."""
    out: dict[int, ProcessModel] = {}
    for p in process_models(user=user).order_by("power_id", "version"):
        if (
            p.power_id not in out
            or p.status == ProcessStatus.DRAFT
            or (out[p.power_id].status != ProcessStatus.DRAFT)
        ):
            out[p.power_id] = p
    return sorted(out.values(), key=lambda p: (p.power.power_list.organisation.path, p.power.code))


@dataclass
class CatalogueRow:
    organisation: str
    code: str
    power: str
    power_type: str
    version: int
    grade: str
    override_reason: str
    risks: list[dict] = field(default_factory=list)


def catalogue(models: list[ProcessModel], *, external_only: bool = False) -> list[CatalogueRow]:
    """《行政权力廉政风险等级及防范措施目录》: every power, its grade, risk points and
    measures."""
    rows = []
    for p in models:
        info = grade_of(p)
        row = CatalogueRow(
            organisation=p.power.power_list.organisation.name,
            code=p.power.code,
            power=p.power.name,
            power_type=p.power.type.name,
            version=p.version,
            grade=info.effective or "",
            override_reason=info.reason,
        )
        qs = (
            RiskPoint.objects.filter(node__process=p)
            .select_related("node", "responsible_post", "responsible_user")
            .prefetch_related("measures")
            .order_by("node__sort_order", "sort_order", "pk")
        )
        if external_only:
            qs = qs.filter(node__visibility="external")
        for r in qs:
            row.risks.append(
                {
                    "step": r.node.name,
                    "description": r.description,
                    "grade": r.grade,
                    "likelihood": r.likelihood,
                    "impact": r.impact,
                    "responsible": r.responsible,
                    "review_date": r.review_date,
                    "measures": [
                        {
                            "description": m.description,
                            "owner": m.owner,
                            "status": str(MeasureStatus(m.status).label),
                        }
                        for m in r.measures.all()
                    ],
                }
            )
        rows.append(row)
    return rows
