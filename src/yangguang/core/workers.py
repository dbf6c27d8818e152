"""Background processes and what a queued job waits for.

The task worker (``yangguang worker``, django-tasks-db's ``db_worker`` with a heartbeat)
and the scheduler (``yangguang scheduler``) each keep a :class:`~yangguang.core.models.
WorkerBeat` row fresh while they run (:class:`Heartbeat`). ``yangguang serve`` starts
both beside the site unless ``--no-worker``; in production they run as services of
their own. A page that shows a queued job says, through :func:`queued_state` (the
``{% queued_job_note %}`` tag), whether a worker is alive to take it, and plainly when a
job has waited over a minute with none.

A process started by ``yangguang serve`` gets ``YANGGUANG_SUPERVISOR_PID``; when its
parent goes away (killed without the chance to stop its children) it stops itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

BEAT_SECONDS = 5
ALIVE = dt.timedelta(seconds=30)  # a process whose last beat is older is taken as gone
WAITED_TOO_LONG = dt.timedelta(minutes=1)
SUPERVISOR_ENV = "YANGGUANG_SUPERVISOR_PID"


class Heartbeat:
    """Keeps this process's beat row fresh from a daemon thread; watches the supervising
    parent (``YANGGUANG_SUPERVISOR_PID``) and stops the process when it is gone."""

    def __init__(self, *, kind: str, worker_id: str | None = None) -> None:
        self.kind = kind
        self.worker_id = (worker_id or get_random_string(32))[:64]
        self.started = timezone.now()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        parent = os.environ.get(SUPERVISOR_ENV, "")
        self.parent_pid = int(parent) if parent.isdigit() else None

    def beat(self) -> None:
        from yangguang.core.models import WorkerBeat

        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "kind": self.kind,
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started": self.started,
                "seen": timezone.now(),
            },
        )

    def start(self) -> Heartbeat:
        self.beat()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{self.kind}")
        self._thread.daemon = True
        self._thread.start()
        return self

    def orphaned(self) -> bool:
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def _run(self) -> None:
        ticks = 0
        try:
            while not self._stop.wait(1):
                if self.orphaned():
                    logger.warning("supervising process gone: %s stops", self.kind)
                    os.kill(os.getpid(), signal.SIGTERM)
                    return
                ticks += 1
                if ticks % BEAT_SECONDS:
                    continue
                try:
                    self.beat()
                    if self.kind == "worker" and ticks % (BEAT_SECONDS * RECOVER_EVERY_BEATS) == 0:
                        recover_lost_jobs()
                except DatabaseError:  # a locked or lost database: try at the next beat
                    logger.warning("heartbeat of %s not written", self.kind, exc_info=True)
                finally:
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        from yangguang.core.models import WorkerBeat

        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("heartbeat of %s not removed", self.kind, exc_info=True)


def alive(kind: str = "worker", *, now: dt.datetime | None = None) -> int:
    """How many processes of ``kind`` beat within the last 30 seconds."""
    from yangguang.core.models import WorkerBeat

    now = now or timezone.now()
    return WorkerBeat.objects.filter(kind=kind, seen__gte=now - ALIVE).count()


@dataclass(frozen=True)
class QueuedState:
    """What a job queued since ``since`` waits for: ``state`` is ``worker_busy`` (a
    worker is alive; ``ahead`` jobs were queued before it), ``waiting`` (no worker seen
    yet, queued under a minute) or ``no_worker`` (queued ``minutes`` ago, no worker)."""

    state: str
    minutes: int
    ahead: int
    workers: int


def _as_datetime(value) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else None
    return None


def queued_state(since, *, now: dt.datetime | None = None) -> QueuedState:
    """The state of a job queued at ``since`` (a datetime or an ISO 8601 string)."""
    now = now or timezone.now()
    when = _as_datetime(since) or now
    waited = max(now - when, dt.timedelta(0))
    workers = alive("worker", now=now)
    ahead = 0
    if workers:
        try:
            from django_tasks_db.models import DBTaskResult

            ahead = DBTaskResult.objects.ready().filter(enqueued_at__lt=when).count()
        except DatabaseError:
            ahead = 0
        state = "worker_busy"
    elif waited >= WAITED_TOO_LONG:
        state = "no_worker"
    else:
        state = "waiting"
    return QueuedState(
        state=state, minutes=int(waited.total_seconds() // 60), ahead=ahead, workers=workers
    )


def describe(state: QueuedState) -> tuple[str, str]:
    """What a queued job waits for, in Chinese and in English (pages show the one of the
    visitor's language, the API both)."""
    if state.state == "worker_busy":
        if state.ahead:
            return (
                f"排队中:等待后台任务进程处理,前面还有 {state.ahead} 个任务。",
                f"queued: waiting for the task worker, {state.ahead} jobs ahead of it.",
            )
        return (
            "排队中:后台任务进程正在运行,即将开始处理。",
            "queued: the task worker is running and will take it shortly.",
        )
    if state.state == "no_worker":
        return (
            f"已排队 {state.minutes} 分钟,但没有正在运行的后台任务进程,这项任务不会开始。"
            "请用 yangguang serve 运行网站(同时运行后台任务进程),或另行运行 yangguang worker。",
            f"queued for {state.minutes} min, but no task worker is running, so it will not "
            "start: run the site with yangguang serve (which runs the worker too), or run "
            "yangguang worker.",
        )
    return (
        "排队中:等待后台任务进程(yangguang worker)开始处理。",
        "queued: waiting for the task worker (yangguang worker) to take it.",
    )


# --- jobs a dead worker left running ----------------------------------------------------

RECOVER_EVERY_BEATS = 12  # with a beat every 5 s: once a minute
LOST_ZH = "执行该任务的后台进程已中止(被终止或崩溃), 任务未完成, 请重新提交。"
LOST_EN = (
    "the worker process running this job stopped (killed or crashed) before it finished; "
    "submit it again."
)
#: task path -> what to do with the job's own record when its worker is gone
LOST_HANDLERS: dict[str, Callable[[list, dict, str, str], None]] = {}


class WorkerLostError(RuntimeError):
    """Recorded as the failure of a job whose worker went away while it ran."""


def on_lost(task) -> Callable:
    """Register ``handler(args, kwargs, zh, en)`` for jobs of ``task`` found left running
    by a worker that is gone: it marks the job's own record (a check run, an import job)
    failed with the reason. Declared next to the task, in its module."""

    def register(handler: Callable[[list, dict, str, str], None]):
        LOST_HANDLERS[task.module_path] = handler
        return handler

    return register


def _gone(beat, now: dt.datetime) -> bool:
    if beat is None or beat.seen < now - ALIVE:
        return True
    if beat.host == socket.gethostname()[:255] and beat.pid:
        try:
            os.kill(beat.pid, 0)  # on this machine a dead process is known at once
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


def recover_lost_jobs(*, now: dt.datetime | None = None) -> int:
    """Mark failed, with the reason, every job still "running" whose worker is gone (no
    beat for 30 seconds, or its process no longer exists on this machine), and the job's
    own record through its task's :func:`on_lost` handler. Run by each worker when it
    starts and once a minute after. Returns how many were recovered."""
    import contextlib
    import importlib

    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from yangguang.core.models import WorkerBeat

    now = now or timezone.now()
    running = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING))
    if not running:
        return 0
    beats = {b.worker_id: b for b in WorkerBeat.objects.filter(kind="worker")}
    recovered = 0
    for result in running:
        last = result.worker_ids[-1] if result.worker_ids else None
        if not _gone(beats.get(last), now):
            continue
        module = result.task_path.rpartition(".")[0]
        with contextlib.suppress(ImportError):
            importlib.import_module(module)  # declares its on_lost handler
        handler = LOST_HANDLERS.get(result.task_path)
        args_kwargs = result.args_kwargs or {}
        if handler is not None:
            handler(list(args_kwargs.get("args") or []), dict(args_kwargs.get("kwargs") or {}),
                    LOST_ZH, LOST_EN)  # fmt: skip
        result.set_failed(WorkerLostError(LOST_EN))
        logger.warning("job %s (%s) left running by a gone worker: failed", result.pk, module)
        recovered += 1
    return recovered
