"""Background jobs (django-tasks), scheduled in ``apps.py``."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def disclosure_alerts_task() -> int:
    """Raise alerts for disclosure items past their due date; returns how many."""
    from yangguang.disclosure.services import disclosure_alerts_raise

    return len(disclosure_alerts_raise(actor=Actor.system("disclosure.alerts")))


@task()
def complaint_alerts_task() -> int:
    """Raise alerts for complaints past their handling deadline; returns how many."""
    from yangguang.disclosure.services import complaint_alerts_raise

    return len(complaint_alerts_raise(actor=Actor.system("complaints.alerts")))
