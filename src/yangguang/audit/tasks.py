"""Background jobs of the audit trail (django-tasks). Schedule ``checkpoint_task`` (e.g.
hourly from cron: ``yangguang audit checkpoint``, or enqueue it from a scheduler)."""

from __future__ import annotations

from django_tasks import task

from yangguang.core.context import Actor


@task()
def checkpoint_task() -> int:
    """Sign a checkpoint over the trail as it stands; returns its tree size (0, signing
    nothing, while the trail is still empty: a fresh database is not an error)."""
    from yangguang.audit.models import AuditEntry
    from yangguang.audit.services import checkpoint_create

    if not AuditEntry.objects.exists():
        return 0
    return checkpoint_create(actor=Actor.system("audit.checkpoint_task")).tree_size
