"""Back-office pages of the working-day calendar (``/office/calendar/``): the years and
where their arrangement comes from, one year's holidays and make-up days, a deadline
calculator, and for system administrators forms that call the services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.accounts.roles import Role
from yangguang.core import access, params
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation, Region
from yangguang.workdays import selectors, services
from yangguang.workdays.core import SHANGHAI
from yangguang.workdays.models import CalendarDay, DayKind


def _is_admin(user) -> bool:
    return access.role_of(user) == Role.SYSADMIN


def _calculator(request) -> dict:
    """The deadline calculator's result (or refusal) for ``?start=...&n=...``."""
    start_text = (request.GET.get("start") or "").strip()
    n_text = (request.GET.get("n") or "").strip()
    out = {"start": start_text, "n": n_text, "unit": request.GET.get("unit") or "working"}
    if not start_text or not n_text:
        return out
    try:
        start = params.parse_moment(start_text, name="start", tz=SHANGHAI)
        n = params.parse_int(n_text, name="n", low=0, high=3660)
    except params.BadParameter as exc:
        out["error"] = exc.text()
        return out
    calendar = selectors.current_calendar()
    try:
        if out["unit"] == "calendar":
            out["result"] = calendar.calendar_deadline(start, n)
        else:
            out["result"] = calendar.deadline(start, n)
        out["provisional"] = calendar.provisional_since(start, out["result"])
    except DomainError as exc:
        out["error"] = exc.text()
    return out


@login_required
def index(request):
    overview = selectors.years_overview()
    year = params.year_param(request, "year", timezone.localdate().year)
    context = {
        "overview": overview,
        "view": selectors.year_view(year),
        "year": year,
        "is_admin": _is_admin(request.user),
        "kinds": DayKind.choices,
        "rows": selectors.day_rows(year),
        "calc": _calculator(request),
        "runs": selectors.recompute_runs()[:10] if _is_admin(request.user) else [],
    }
    return render(request, "workdays/index.html", context)


@login_required
def run_detail(request, pk: int):
    """One recompute run and the deadlines it moved (system administrators)."""
    if not _is_admin(request.user):
        raise PermissionDenied
    run = get_object_or_404(selectors.recompute_runs(), pk=pk)
    shifts = access.restrict(run.shifts.select_related("organisation"), request.user, "view")
    return render(request, "workdays/run.html", {"run": run, "shifts": shifts})


@login_required
@require_POST
def year_prefill(request, year: int):
    try:
        rows = services.calendar_year_prefill(actor=Actor.person(request.user), year=year)
        messages.success(
            request, _("已按法定节假日预填 %(n)s 天，请补充调休安排后确认完整。") % {"n": len(rows)}
        )
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect(_back(year))


@login_required
@require_POST
def recompute(request):
    try:
        services.deadlines_recompute_request(
            actor=Actor.person(request.user), reason=request.POST.get("reason") or ""
        )
        messages.success(request, _("已安排重算全部未结期限，完成后列于下方。"))
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect("workdays:index")


def _back(year) -> str:
    return f"{reverse('workdays:index')}?year={year}"


@login_required
@require_POST
def day_add(request):
    data = request.POST
    try:
        date = datetime.date.fromisoformat(data.get("date") or "")
    except ValueError:
        messages.error(request, _("日期无效"))
        return redirect("workdays:index")
    organisation = region = None
    org_code = (data.get("organisation") or "").strip()
    region_code = (data.get("region") or "").strip()
    try:
        if org_code:
            organisation = Organisation.objects.filter(code=org_code).first()
            if organisation is None:
                raise DomainError(
                    code="not_found",
                    field="organisation",
                    zh=f"未知的单位代码 {org_code}",
                    en=f"unknown organisation code {org_code}",
                )
        if region_code:
            region = Region.objects.filter(code=region_code).first()
            if region is None:
                raise DomainError(
                    code="not_found",
                    field="region",
                    zh=f"未知的区划代码 {region_code}",
                    en=f"unknown region code {region_code}",
                )
        services.calendar_day_add(
            actor=Actor.person(request.user),
            date=date,
            kind=data.get("kind") or "",
            name=data.get("name") or "",
            source=data.get("source") or "",
            organisation=organisation,
            region=region,
        )
        messages.success(request, _("已录入: %(date)s") % {"date": date})
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect(_back(date.year))


@login_required
@require_POST
def day_remove(request, pk: int):
    day = get_object_or_404(CalendarDay, pk=pk)
    try:
        services.calendar_day_remove(actor=Actor.person(request.user), day=day)
        messages.success(request, _("已删除: %(date)s") % {"date": day.date})
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect(_back(day.date.year))


@login_required
@require_POST
def year_complete(request, year: int):
    complete = request.POST.get("complete") == "1"
    try:
        services.calendar_year_complete(
            actor=Actor.person(request.user),
            year=year,
            complete=complete,
            note=request.POST.get("note") or "",
        )
        messages.success(request, f"{year}: {'complete' if complete else 'reopened'}")
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect(_back(year))
