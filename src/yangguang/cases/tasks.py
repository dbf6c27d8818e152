"""Background jobs of case supervision (django-tasks): the deadline sweep, every few
minutes (declared in ``apps.py`` with ``core.schedule.recurring``)."""

from __future__ import annotations

from django_tasks import task


@task()
def sweep_task() -> dict:
    from yangguang.cases.services import supervision_sweep
    from yangguang.core.context import Actor

    return supervision_sweep(actor=Actor.system("cases.sweep"))
