"""Recurring jobs, declared in code and enqueued on time through django-tasks.

django-tasks runs jobs but has no clock of its own. Apps declare their recurring jobs
here (``recurring(task, every=...)`` in ``AppConfig.ready``); ``yangguang scheduler``
enqueues each one when it falls due, and a worker (``yangguang db_worker``) runs it. The
time each job was last enqueued is kept in the database, with a row lock, so two
schedulers never enqueue the same run twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class RecurringJob:
    name: str
    task: object  # a django_tasks Task
    every: dt.timedelta


JOBS: dict[str, RecurringJob] = {}


def recurring(task, *, every: dt.timedelta, name: str | None = None) -> RecurringJob:
    if every <= dt.timedelta(0):
        raise ValueError("a recurring job needs a positive interval")
    job = RecurringJob(name=name or task.module_path, task=task, every=every)
    JOBS[job.name] = job
    return job


def enqueue_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose interval has passed since it was last enqueued; returns
    the names enqueued."""
    from yangguang.core.models import ScheduledJob

    now = now or timezone.now()
    enqueued: list[str] = []
    for job in JOBS.values():
        with transaction.atomic():
            row, _ = ScheduledJob.objects.get_or_create(name=job.name)
            row = ScheduledJob.objects.select_for_update().get(pk=row.pk)
            if row.last_enqueued is not None and row.last_enqueued + job.every > now:
                continue
            result = job.task.enqueue()
            row.last_enqueued = now
            row.last_result_id = str(result.id)
            row.save(update_fields=["last_enqueued", "last_result_id"])
        enqueued.append(job.name)
    return enqueued
