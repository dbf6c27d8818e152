"""Back-office pages of conformance checking (``/office/conformance/``): upload a log
for a published flowchart, follow the job, read the report with filters and figures,
export it to Excel. Inspectors and system administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yangguang.accounts.roles import Role
from yangguang.conformance import excel, selectors, services
from yangguang.conformance.checker import KINDS
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

PAGE = 500


def may_check(user) -> bool:
    """Conformance checking is for inspectors and system administrators."""
    return access.role_of(user) in (Role.SYSADMIN, Role.INSPECTOR)


def _supervisor(request) -> None:
    if not may_check(request.user):
        raise PermissionDenied


@login_required
@access.gate(may_check)
def index(request):
    processes = selectors.checkable_processes(user=request.user)
    if request.method == "POST":
        upload = request.FILES.get("log")
        process = next((p for p in processes if str(p.pk) == request.POST.get("process")), None)
        if process is None or upload is None:
            messages.error(request, _("请选择流程图并上传日志"))
        else:
            try:
                run = services.conformance_run_start(
                    actor=Actor.person(request.user),
                    process=process,
                    log_name=upload.name,
                    data=upload,  # refused by its size before it is read
                )
            except DomainError as exc:
                messages.error(request, f"{exc.zh} ({exc.en})")
            else:
                return redirect("conformance:detail", pk=run.pk)
    return render(
        request,
        "conformance/index.html",
        {"runs": selectors.runs(user=request.user)[:100], "processes": processes},
    )


def _filters(request) -> dict:
    return {k: (request.GET.get(k) or "").strip() for k in ("kind", "department", "person")}


@login_required
def detail(request, pk: int):
    _supervisor(request)
    run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
    filters = _filters(request)
    qs = selectors.findings(run, **filters)
    return render(
        request,
        "conformance/detail.html",
        {
            "run": run,
            "filters": filters,
            "kinds": KINDS,
            "counts": sorted((run.summary.get("deviations") or {}).items()),
            "findings": qs[:PAGE],
            "total": qs.count(),
            "page": PAGE,
            "by_department": selectors.figures(qs, "department"),
            "by_person": selectors.figures(qs, "person"),
            "running": run.status in ("queued", "running"),
        },
    )


@login_required
def export(request, pk: int):
    _supervisor(request)
    run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
    data = excel.export(run, selectors.findings(run, **_filters(request)))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="conformance-{run.pk}.xlsx"'
    return response
