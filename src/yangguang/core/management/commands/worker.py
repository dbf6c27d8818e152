"""``yangguang worker``: run queued background jobs (django-tasks-db's ``db_worker``, same
options), keeping a heartbeat so the pages can say whether a queued job has a worker to
take it. ``yangguang serve`` runs one beside the site; in production run it as a service
of its own (``yangguang serve --no-worker`` for the site).

Faults heal: on start (and once a minute after) the jobs a dead worker left "running" are
marked failed with the reason (``workers.recover_lost_jobs``); a locked database ("database
is locked" under SQLite's one writer) makes the worker wait and try again, never exit."""

from __future__ import annotations

import logging
import time

from django.db import DatabaseError
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Command as DbWorker
from django_tasks_db.utils import is_locked_database_exception

from yangguang.core.workers import Heartbeat, recover_lost_jobs

logger = logging.getLogger(__name__)
LOCKED_PAUSE = 1.0  # seconds before trying again after "database is locked"
LOCKED_PAUSE_MAX = 30.0


class Command(DbWorker):
    help = "运行后台任务 (run queued background jobs), with a heartbeat"

    def handle(self, *args, **options) -> None:
        beat = Heartbeat(kind="worker", worker_id=options.get("worker_id")).start()
        try:
            self._recover()
            pause = LOCKED_PAUSE
            while True:
                try:
                    super().handle(*args, **options)
                    return
                except OperationalError as exc:
                    if not is_locked_database_exception(exc):
                        raise
                    logger.warning("database is locked: the worker tries again in %.0fs", pause)
                    time.sleep(pause)
                    pause = min(pause * 2, LOCKED_PAUSE_MAX)
        finally:
            beat.stop()

    def _recover(self) -> None:
        try:
            n = recover_lost_jobs()
        except DatabaseError:  # the next minute's run tries again
            logger.warning("jobs left by a gone worker not checked", exc_info=True)
            return
        if n:
            self.stderr.write(
                f"{n} 个任务的后台进程已中止, 已标记为失败 "
                f"({n} job(s) left running by a worker that is gone marked failed)"
            )
