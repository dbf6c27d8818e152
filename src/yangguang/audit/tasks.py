"""Background jobs of the audit trail (django-tasks). Schedule ``checkpoint_task`` (e.g.
hourly from cron: ``yangguang audit checkpoint``, or enqueue it from a scheduler)."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def checkpoint_task() -> int:
    """Sign a checkpoint over the trail as it stands; returns its tree size."""
    from yangguang.audit.services import checkpoint_create

    return checkpoint_create(actor=Actor.system("audit.checkpoint_task")).tree_size
