"""Background jobs of the accounts app (django-tasks, enqueued by ``yangguang scheduler``)."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def login_failures_task() -> int:
    """Sum up the past hours' failed sign-ins in the audit trail (one entry an hour);
    returns how many entries were written."""
    from yangguang.accounts.services import login_failures_summarise

    return len(login_failures_summarise(actor=Actor.system("accounts.login_failures_task")))
