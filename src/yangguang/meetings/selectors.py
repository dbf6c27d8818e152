"""Reads of the meetings app: scopes, decision tracking, the public decisions."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from yangguang.meetings import models as m
from yangguang.meetings import timing
from yangguang.orgs.models import Organisation

PUBLIC = AnonymousUser()


def subtree(org: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(path__startswith=org.path)


def overdue_tasks(on: datetime.date) -> QuerySet[m.DecisionTask]:
    """Open tasks whose due date has passed on ``on``."""
    return m.DecisionTask.objects.filter(status=m.TaskStatus.OPEN, due__lt=on)


def tasks_with_state(qs: QuerySet[m.DecisionTask], on: datetime.date) -> list[dict]:
    rows = []
    for task in qs.select_related(
        "topic__meeting__organisation", "owner", "alert"
    ).prefetch_related("updates"):
        overdue = task.status == m.TaskStatus.OPEN and task.due < on
        rows.append({"task": task, "overdue": overdue, "updates": list(task.updates.all())})
    return rows


def public_decisions() -> QuerySet[m.Topic]:
    """Topics marked public once decided, with their meeting and its minutes' number;
    only what has happened (``timing.happened_q``: a meeting held, a decision taken,
    neither dated in the future), whatever is stored."""
    from yangguang.core import access

    approved = m.Minutes.objects.filter(amends__isnull=True).order_by("pk")
    return (
        access.restrict(m.Topic.objects.all(), PUBLIC)
        .filter(timing.happened_q())
        .select_related("meeting__organisation")
        .prefetch_related(Prefetch("meeting__minutes", queryset=approved, to_attr="numbered"))
        .order_by("-decided_at", "-pk")
    )


def minutes_label(topic: m.Topic) -> str:
    numbered = getattr(topic.meeting, "numbered", None)
    if numbered is None:
        numbered = list(topic.meeting.minutes.filter(amends__isnull=True))
    return numbered[0].label if numbered else ""
