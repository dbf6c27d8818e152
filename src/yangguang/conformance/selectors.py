"""Reading conformance checks: runs and findings in the user's scope, with the filters
and the per-department and per-person figures of the report page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from yangguang.conformance.checker import CheckError
from yangguang.conformance.models import CheckRun, Finding
from yangguang.core import access
from yangguang.flows.compiled import CompiledProcess, from_db
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


def published_process(*, code: str) -> ProcessModel:
    """The newest published model of the power with ``code`` (``ORG:CODE`` when the
    code is used by several organisations)."""
    org_code, _, power_code = code.rpartition(":")
    qs = ProcessModel.objects.filter(
        status=ProcessStatus.PUBLISHED, power__code=power_code
    ).select_related("power__power_list__organisation")
    if org_code:
        qs = qs.filter(power__power_list__organisation__code=org_code)
    models = list(qs.order_by("-version"))
    orgs = {p.power.power_list.organisation.code for p in models}
    if not models:
        raise CheckError(
            "power_not_published",
            f"职权 {code} 没有已发布的流程图",
            f"the power {code} has no published flowchart",
        )
    if len(orgs) > 1:
        raise CheckError(
            "power_ambiguous",
            f"多个单位都有职权编码 {code}: {', '.join(sorted(orgs))};请用 单位编码:职权编码",
            f"several organisations use the power code {code} ({', '.join(sorted(orgs))}); "
            "give ORG:CODE",
        )
    return models[0]


def published_model(*, code: str) -> CompiledProcess:
    return from_db(published_process(code=code), with_risks=False)


def report(run: CheckRun) -> dict:
    """The report of a finished check: the same JSON as ``yangguang supervise check``
    writes (``yangguang.conformance.report``), from the stored summary and findings."""
    summary = run.summary or {}
    rows = Finding.objects.filter(run=run).order_by("pk")
    return {
        "summary": {
            "cases": summary.get("cases", 0),
            "events": summary.get("events", 0),
            "conformant_cases": summary.get("conformant_cases", 0),
            "deviations": dict(summary.get("deviations") or {}),
            "seconds": summary.get("seconds", 0),
        },
        "deviations": [
            {
                "case_id": case_id,
                "kind": kind,
                "activity": activity,
                "event_index": index,
                "detail": detail,
            }
            for case_id, kind, activity, index, detail in rows.values_list(
                "case_id", "kind", "activity", "event_index", "detail"
            ).iterator(chunk_size=5000)
        ],
    }


def waiting_text(run: CheckRun) -> str:
    """What a queued check waits for, in both languages."""
    from yangguang.core.errors import bilingual
    from yangguang.core.workers import describe, queued_state

    return bilingual(*describe(queued_state(run.created)))
