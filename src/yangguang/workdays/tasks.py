"""Background jobs of the working-day calendar (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def deadlines_recompute_task(reason: str, requested_by: str) -> int:
    """Recompute every open deadline (after a year's arrangement was entered or taken
    back); returns the id of the run, whose page lists what moved."""
    from yangguang.workdays.services import deadlines_recompute

    run = deadlines_recompute(
        actor=Actor.system("workdays.recompute"), reason=reason, requested_by=requested_by
    )
    return run.pk


@task()
def calendar_reminder_task() -> int | None:
    """From November, remind the administrators to enter the next year (once a year:
    an audit entry the office home shows with its notice); returns the year or None."""
    from yangguang.workdays.services import calendar_reminder_raise

    return calendar_reminder_raise(actor=Actor.system("workdays.reminder"))
