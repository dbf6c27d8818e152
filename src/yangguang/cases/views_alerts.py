"""Back-office pages of alerts (``/office/cases/alerts/``): the list with the correction
workflow, and one alert's page with its history in words and the inspector's forms
(confirm, withdraw with a reason, assign to a colleague, close, escalate). Every write
is a service call; an alert outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from yangguang.accounts.models import User
from yangguang.cases import history, inspection, selectors, services
from yangguang.cases.models import AlertStatus, Grade, Rule
from yangguang.cases.services.supervision import WITHDRAWABLE
from yangguang.core import access
from yangguang.core import params as params_
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError


def fail(request, exc: DomainError) -> None:
    """The refusal in the page's language."""
    english = (get_language() or "").startswith("en")
    messages.error(request, exc.en if english else exc.zh)


def _decorate(alert, user) -> None:
    alert.text_zh, alert.text_en = selectors.alert_text(alert)
    alert.text = alert.text_en if (get_language() or "").startswith("en") else alert.text_zh
    alert.may_supervise = access.can(user, "supervise", alert)
    alert.may_explain = access.can(user, "operate", alert)
    alert.withdrawable = alert.status in WITHDRAWABLE


@login_required
def alert_list(request):
    status = params_.text_param(request, "status")
    grade = params_.text_param(request, "grade")
    rule = params_.text_param(request, "rule")
    mine = params_.text_param(request, "mine") == "1"
    qs = selectors.alerts(
        user=request.user,
        status=status if status in AlertStatus.values else "",
        grade=grade if grade in Grade.values else "",
        rule=rule if rule in Rule.values else "",
    ).select_related("assignee")
    if mine:
        qs = qs.filter(assignee=request.user)
    page = Paginator(qs, 50).get_page(params_.page_param(request))
    counts = selectors.alert_counts(user=request.user)
    for a in page.object_list:
        _decorate(a, request.user)
    return render(
        request,
        "cases/alerts.html",
        {
            "page": page, "status": status, "grade": grade, "rule": rule, "mine": mine,
            "statuses": AlertStatus.choices, "grades": Grade.choices, "rules": Rule.choices,
            "counts": [(label, counts.get(value, 0)) for value, label in AlertStatus.choices],
            "perms_supervise": access.allows(request.user, "supervise"),
        },
    )  # fmt: skip


def _alert_page(request, alert, status: int = 200):
    _decorate(alert, request.user)
    return render(
        request,
        "cases/alert.html",
        {
            "alert": alert,
            "history": history.history(alert),
            "colleagues": inspection.colleagues(alert) if alert.may_supervise else [],
        },
        status=status,
    )


def _back(request, alert):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("cases:alert_action", pk=alert.pk)


@login_required
def alert_action(request, pk: int):
    """The alert's page (GET) and its forms (POST)."""
    alert = inspection.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    if request.method != "POST":
        return _alert_page(request, alert)
    actor, p = Actor.person(request.user), request.POST
    action = p.get("action")
    try:
        if action == "confirm":
            services.alert_confirm(actor=actor, alert=alert)
        elif action in ("withdraw", "dismiss"):
            services.alert_withdraw(actor=actor, alert=alert, reason=p.get("text", ""))
        elif action == "assign":
            username = (p.get("username") or "").strip()
            assignee = User.objects.filter(username=username).first() if username else None
            services.alert_assign(actor=actor, alert=alert, assignee=assignee)
        elif action == "explain":
            services.alert_explain(
                actor=actor,
                alert=alert,
                explanation=p.get("explanation", ""),
                correction=p.get("correction", ""),
            )
        elif action == "close":
            services.alert_close(actor=actor, alert=alert, review=p.get("text", ""))
        elif action == "escalate":
            services.alert_escalate(actor=actor, alert=alert, review=p.get("text", ""))
        else:
            raise DomainError(code="action", field="action", zh="未知操作", en="unknown action")
    except PermissionDeniedError as exc:  # a clerk, a leader: refused, nothing done
        fail(request, exc)
        return _alert_page(request, alert, status=403)
    except DomainError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("已保存"))
    return _back(request, alert)
