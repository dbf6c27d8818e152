"""Reading conformance checks: runs and findings in the user's scope, with the filters
and the per-department and per-person figures of the report page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from yangguang.conformance.models import CheckRun, Finding
from yangguang.core import access
from yangguang.flows.models import ProcessModel, ProcessStatus


def runs(*, user) -> QuerySet[CheckRun]:
    return access.restrict(CheckRun.objects.select_related("process", "organisation"), user)


def checkable_processes(*, user) -> list[ProcessModel]:
    """Published models whose organisation the user may supervise."""
    qs = (
        ProcessModel.objects.filter(status=ProcessStatus.PUBLISHED)
        .select_related("power__power_list__organisation")
        .order_by("power__power_list__organisation__path", "power__code", "-version")
    )
    return [p for p in qs if access.can_in_org(user, "supervise", p.power.power_list.organisation)]


def findings(run: CheckRun, *, kind: str = "", department: str = "", person: str = ""):
    qs = Finding.objects.filter(run=run)
    if kind:
        qs = qs.filter(kind=kind)
    if department:
        qs = qs.filter(department=department)
    if person:
        qs = qs.filter(person=person)
    return qs.order_by("pk")


def figures(qs: QuerySet[Finding], field: str) -> list[dict]:
    """Deviations per value of ``field`` (department or person), most first."""
    return list(qs.values(field).annotate(n=Count("pk")).order_by("-n", field)[:50])
