"""Reads for the inspector's day: one alert as its page and the API show it (text,
assignee, history), the colleagues it may be assigned to, and the alerts assigned to a
person (the office home's ``home_tasks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.cases import history, selectors
from yangguang.cases.models import Alert
from yangguang.cases.services.supervision import WITHDRAWABLE
from yangguang.core import access
from yangguang.core.worklist import Task


def alert_get(*, user, pk: int) -> Alert | None:
    """The alert if ``user`` may see it."""
    return (
        selectors.alerts(user=user)
        .select_related("assignee", "reviewed_by", "explained_by", "accountability")
        .filter(pk=pk)
        .first()
    )


def colleagues(alert: Alert) -> list[User]:
    """The active inspectors whose jurisdiction covers the alert's organisation."""
    people = User.objects.filter(role=Role.INSPECTOR, is_active=True).select_related(
        "organisation__jurisdiction", "organisation__parent"
    )
    return sorted(
        (u for u in people if access.can_in_org(u, "supervise", alert.organisation)),
        key=lambda u: (u.full_name or u.username, u.username),
    )


def assigned_to(user) -> int:
    """How many alerts still open are assigned to ``user``."""
    if not access.is_staff_user(user):
        return 0
    return (
        access.restrict(Alert.objects.all(), user, "view")
        .filter(assignee=user, status__in=WITHDRAWABLE)
        .count()
    )


def home_tasks(user) -> list[Task]:
    """The office home's entry (registered with ``core.worklist``): the open alerts
    assigned to ``user``, linked to the list of them."""
    count = assigned_to(user)
    if not count:
        return []
    return [Task(label=_("指派给我的预警"), count=count, url=reverse("cases:alerts") + "?mine=1")]


def _name(user) -> str | None:
    return (user.full_name or user.get_username()) if user is not None else None


def _both(read) -> tuple[str, str]:
    """``read()`` in Chinese and in English (a choice's label, say)."""
    with translation.override("zh-hans"):
        zh = str(read())
    with translation.override("en"):
        en = str(read())
    return zh, en


def alert_json(alert: Alert) -> dict:
    """The alert for the API: codes with their labels in both languages, people by full
    name (and username), its history in both languages."""
    text_zh, text_en = selectors.alert_text(alert)
    status_zh, status_en = _both(alert.get_status_display)
    return {
        "id": alert.pk,
        "case": alert.case.number,
        "organisation": alert.organisation.code,
        "rule": alert.rule,
        "grade": alert.grade,
        "status": alert.status,
        "status_zh": status_zh,
        "status_en": status_en,
        "text_zh": text_zh,
        "text_en": text_en,
        "detected_at": alert.detected_at.isoformat(),
        "responsible": _name(alert.responsible),
        "assignee": _name(alert.assignee),
        "assignee_username": alert.assignee.get_username() if alert.assignee_id else None,
        "review": alert.review,
        "accountability": alert.accountability_id,
        "history_zh": [line.as_json() for line in history.history(alert, language="zh-hans")],
        "history_en": [line.as_json() for line in history.history(alert, language="en")],
    }
