"""Background jobs of the meetings app (django-tasks), scheduled in ``apps.py``."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def overdue_alerts_task() -> int:
    """Raise alerts for decisions past their due date; returns how many were raised."""
    from yangguang.meetings.services import overdue_alerts_raise

    return len(overdue_alerts_raise(actor=Actor.system("meetings.overdue_alerts")))
