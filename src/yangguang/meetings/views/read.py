"""Back-office pages (``/office/meetings/``) and the public decisions (``/decisions/``).
Every write goes through a service; forms are plain HTML (no JavaScript needed)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yangguang.accounts.models import User
from yangguang.core import access, params
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.meetings import checks, report, selectors
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.orgs.models import Organisation


def _meetings(user):
    return access.restrict(m.Meeting.objects.select_related("organisation", "convener"), user)


@login_required
def meeting_list(request):
    meetings = _meetings(request.user).prefetch_related("topics", "minutes")[:200]
    can_record = access.allows(request.user, "operate")
    return render(request, "meetings/list.html", {"meetings": meetings, "can_record": can_record})


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = get_object_or_404(_meetings(user), pk=pk)
    topics = (
        access.restrict(m.Topic.objects.filter(meeting=meeting), user)
        .select_related("matter", "proposer", "candidate")
        .prefetch_related(
            Prefetch("speeches", queryset=m.Speech.objects.select_related("member__user")),
            Prefetch("votes", queryset=m.Vote.objects.select_related("member__user")),
            Prefetch("recusals", queryset=m.Recusal.objects.select_related("member__user")),
            Prefetch("notices", queryset=m.Notice.objects.select_related("member__user")),
            "materials",
            Prefetch("vettings", queryset=m.Vetting.objects.select_related("candidate")),
        )
    )
    context = {
        "meeting": meeting,
        "members": meeting.members.select_related("user"),
        "topics": topics,
        "minutes": meeting.minutes.order_by("pk"),
        "records": meeting.records.select_related("recorder"),
        "announcements": meeting.announcements.all(),
        "can_supervise": access.can(user, "supervise", meeting),
        "can_record": access.can_in_org(user, "operate", meeting.organisation),
    }
    return render(request, "meetings/detail.html", context)


def _scope_org(request) -> Organisation | None:
    code = request.GET.get("org") or ""
    root = access.scope_root(request.user)
    if code:
        org = Organisation.objects.filter(code=code).first()
    else:
        org = root or Organisation.objects.filter(parent__isnull=True).first()
    if org is None or not access.can_in_org(request.user, "supervise", org):
        return None
    return org


def _dates(request) -> tuple[datetime.date, datetime.date]:
    """The period asked for (the last 90 days by default); a date that is not one, or
    outside the years the records deal in, is the 400 page naming it."""
    today = timezone.localdate()
    start = params.date_param(request, "from", today - datetime.timedelta(days=90))
    end = params.date_param(request, "to", today)
    return (start, end) if start <= end else (end, start)


@login_required
def checks_page(request):
    """The findings, for inspectors (and administrators): run over the scope's tree."""
    if not access.allows(request.user, "supervise"):
        raise PermissionDenied
    org = _scope_org(request)
    if org is None:
        raise Http404
    start, end = _dates(request)
    findings = checks.run(org, start, end)
    opened = set(
        access.restrict(m.AccountabilityCase.objects.all(), request.user).values_list(
            "finding", flat=True
        )
    )
    context = {
        "org": org,
        "start": start,
        "end": end,
        "findings": [(f, checks.RULES[f.rule].label) for f in findings],
        "opened": opened,
        "rules": checks.RULES,
        "quarter": f"{start.year}Q{(start.month - 1) // 3 + 1}",
    }
    return render(request, "meetings/checks.html", context)


@login_required
@require_POST
def case_open(request):
    org = get_object_or_404(Organisation, code=request.POST.get("org", ""))
    persons = User.objects.filter(pk__in=request.POST.getlist("persons"))
    try:
        s.case_open(
            actor=Actor.person(request.user),
            organisation=org,
            finding=request.POST.get("finding", ""),
            rule=request.POST.get("rule", ""),
            summary=request.POST.get("summary", ""),
            persons=persons,
        )
        messages.success(request, _("已启动问责"))
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect(request.POST.get("next") or "meetings:checks")


@login_required
@require_POST
def vetting_opinion(request, pk: int):
    row = get_object_or_404(access.restrict(m.Vetting.objects.all(), request.user), pk=pk)
    try:
        s.vetting_opinion_record(
            actor=Actor.person(request.user),
            vetting_row=row,
            opinion=request.POST.get("opinion", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("已回复纪委意见"))
    except DomainError as exc:
        messages.error(request, exc.text())
    return redirect("meetings:detail", pk=row.topic.meeting_id)


@login_required
def report_pdf(request):
    if not access.allows(request.user, "supervise"):
        raise PermissionDenied
    org = _scope_org(request)
    if org is None:
        raise Http404
    quarter = request.GET.get("quarter", "")
    try:
        report.quarter_bounds(quarter)
    except ValueError:
        raise params.BadParameter(
            "quarter", "应为年份加季度, 如 2026Q3", "must be a year and quarter, e.g. 2026Q3"
        ) from None
    response = HttpResponse(report.build_pdf(org, quarter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sanzhong-{org.code}-{quarter}.pdf"'
    return response


@login_required
def decisions_tracking(request):
    tasks = access.restrict(m.DecisionTask.objects.all(), request.user)
    rows = selectors.tasks_with_state(tasks, timezone.localdate())
    return render(request, "meetings/tracking.html", {"rows": rows})


# --- the public portal -------------------------------------------------------------------


def public_list(request):
    """The public decisions, or one organisation's (``?org=CODE``, from its page)."""
    topics = selectors.public_decisions()
    code = (request.GET.get("org") or "").strip()[:64]
    org = None
    if code:
        org = get_object_or_404(Organisation, code=code)
        topics = topics.filter(meeting__organisation=org)
    rows = [{"topic": t, "number": selectors.minutes_label(t)} for t in topics[:500]]
    return render(request, "meetings/public_list.html", {"rows": rows, "org": org})


def public_detail(request, pk: int):
    topic = get_object_or_404(selectors.public_decisions(), pk=pk)
    return render(
        request,
        "meetings/public_detail.html",
        {"topic": topic, "number": selectors.minutes_label(topic)},
    )
