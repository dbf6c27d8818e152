"""The commission's live dashboard of cases (``/office/cases/dashboard/``): open cases,
alerts by grade, department and power, the on-time rate, and weekly trends over the
last two quarters. Every figure is an aggregate query over the cases and alerts the user
may see (``access.restrict``); the page draws them with ECharts (served locally, data in
a ``json_script`` tag, no inline script) and lists them in tables for readers without
JavaScript. ``?format=json`` gives the same figures as JSON.

Under load the figures are computed once per scope (the role and the subtree it covers:
everyone who may see the same cases sees the same figures) and kept for
``YANGGUANG_DASHBOARD_SECONDS`` (default 30; 0: always computed): one computation at a
time per scope, the other requests wait for it instead of repeating it (``bench/
dashboard_load.py``). The page says when its figures were taken."""

from __future__ import annotations

import datetime
import os
import threading

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from yangguang.cases.models import Alert, AlertStatus, Case, CaseStatus, Grade
from yangguang.core import access
from yangguang.workdays.core import SHANGHAI

WEEKS = 26
LIVE = (AlertStatus.PENDING, AlertStatus.OPEN, AlertStatus.EXPLAINED)


def _weekly(qs, field: str, since: datetime.datetime) -> dict[str, int]:
    rows = (
        qs.filter(**{f"{field}__gte": since})
        .annotate(week=TruncWeek(field, tzinfo=SHANGHAI))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    )
    return {r["week"].date().isoformat(): r["n"] for r in rows}


def figures(user, now: datetime.datetime | None = None) -> dict:
    """The dashboard's figures for ``user`` (scoped), as plain JSON-ready data."""
    now = now or timezone.now()
    cases = access.restrict(Case.objects.all(), user, "view")
    alerts = access.restrict(Alert.objects.all(), user, "view")
    open_cases = cases.filter(status=CaseStatus.OPEN)
    status = dict(cases.values_list("status").annotate(n=Count("pk")).order_by())
    finished = cases.exclude(status=CaseStatus.OPEN).filter(finished_at__isnull=False)
    timed = finished.filter(promised_deadline__isnull=False).aggregate(
        n=Count("pk"), on_time=Count("pk", filter=Q(finished_at__lte=F("promised_deadline")))
    )
    overdue = open_cases.filter(
        Q(promised_deadline__lt=now) | Q(statutory_deadline__lt=now)
    ).count()
    grade_names = dict(Grade.choices)
    by_grade = [
        {"grade": g, "label": grade_names.get(g, g), "live": live, "total": total}
        for g, live, total in alerts.values_list("grade")
        .annotate(live=Count("pk", filter=Q(status__in=LIVE)), total=Count("pk"))
        .order_by("grade")
    ]
    by_org = [
        {"name": name, "live": live, "total": total}
        for name, live, total in alerts.values_list("organisation__name")
        .annotate(live=Count("pk", filter=Q(status__in=LIVE)), total=Count("pk"))
        .order_by("-total", "organisation__name")[:20]
    ]
    by_power = [
        {"name": name, "live": live, "total": total}
        for name, live, total in alerts.values_list("case__power__name")
        .annotate(live=Count("pk", filter=Q(status__in=LIVE)), total=Count("pk"))
        .order_by("-total", "case__power__name")[:20]
    ]
    open_by_org = [
        {"name": name, "open": n}
        for name, n in open_cases.values_list("organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__name")[:20]
    ]
    since = (now - datetime.timedelta(weeks=WEEKS)).astimezone(SHANGHAI)
    since = since.replace(hour=0, minute=0, second=0, microsecond=0)
    registered = _weekly(cases, "registered_at", since)
    done = _weekly(finished, "finished_at", since)
    raised = _weekly(alerts, "detected_at", since)
    weeks = sorted(set(registered) | set(done) | set(raised))
    rate = round(100 * timed["on_time"] / timed["n"], 1) if timed["n"] else None
    return {
        "now": now.isoformat(),
        "open": status.get(CaseStatus.OPEN, 0),
        "overdue": overdue,
        "finished": sum(n for s, n in status.items() if s != CaseStatus.OPEN),
        "on_time": {"finished": timed["n"], "on_time": timed["on_time"], "rate": rate},
        "alerts": {
            "live": alerts.filter(status__in=LIVE).count(),
            "by_grade": by_grade,
            "by_org": by_org,
            "by_power": by_power,
        },
        "open_by_org": open_by_org,
        "trend": {
            "weeks": weeks,
            "registered": [registered.get(w, 0) for w in weeks],
            "finished": [done.get(w, 0) for w in weeks],
            "alerts": [raised.get(w, 0) for w in weeks],
        },
    }


def _seconds() -> int:
    value = getattr(settings, "YANGGUANG_DASHBOARD_SECONDS", None)
    if value is None:
        value = os.environ.get("YANGGUANG_DASHBOARD_SECONDS", "30")
    return max(int(value), 0)


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _scope_key(user) -> str:
    root = access.scope_root(user)
    return f"yg:cases-dashboard:{access.role_of(user)}:{root.pk if root else '-'}"


def shared_figures(user) -> dict:
    """``figures(user)``, computed once per scope and kept for a few seconds (see the
    module's docstring)."""
    seconds = _seconds()
    if not seconds:
        return figures(user)
    key = _scope_key(user)
    data = cache.get(key)
    if data is not None:
        return data
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:  # one computation per scope; the others take its result
        data = cache.get(key)
        if data is None:
            data = figures(user)
            cache.set(key, data, seconds)
    return data


@login_required
def dashboard(request):
    if not access.allows(request.user, "view"):
        raise PermissionDenied
    data = shared_figures(request.user)
    if request.GET.get("format") == "json":
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    trend = list(
        zip(
            data["trend"]["weeks"], data["trend"]["registered"], data["trend"]["finished"],
            data["trend"]["alerts"], strict=True,
        )
    )  # fmt: skip
    as_of = timezone.localtime(datetime.datetime.fromisoformat(data["now"]))
    return render(
        request,
        "cases/dashboard.html",
        {"data": data, "trend": trend, "as_of": as_of.strftime("%Y-%m-%d %H:%M:%S")},
    )
