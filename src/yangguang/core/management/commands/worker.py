"""``yangguang worker``: run queued background jobs (django-tasks-db's ``db_worker``, same
options), keeping a heartbeat so the pages can say whether a queued job has a worker to
take it. ``yangguang serve`` runs one beside the site; in production run it as a service
of its own (``yangguang serve --no-worker`` for the site)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from yangguang.core.workers import Heartbeat


class Command(DbWorker):
    help = "运行后台任务 (run queued background jobs), with a heartbeat"

    def handle(self, *args, **options) -> None:
        beat = Heartbeat(kind="worker", worker_id=options.get("worker_id")).start()
        try:
            super().handle(*args, **options)
        finally:
            beat.stop()
