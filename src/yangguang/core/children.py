"""The background processes ``yangguang serve`` runs beside the site: the task worker and
the scheduler, each a child process of the one command, restarted if it dies, stopped
with it. The children get the same state directory, mode and database as the site, and
``YANGGUANG_SUPERVISOR_PID`` (they stop by themselves if the site is killed outright)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from yangguang.core.workers import SUPERVISOR_ENV

RESTART_AFTER = 5.0  # seconds before a child that died is started again


@dataclass
class Child:
    label: str
    args: list[str]
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started: float = field(default=0.0)


def background_commands() -> list[Child]:
    python = [sys.executable, "-m", "yangguang"]
    return [
        Child("后台任务进程 (task worker)", [*python, "worker", "--no-startup-delay"]),
        Child("定时任务进程 (scheduler)", [*python, "scheduler"]),
    ]


class Supervisor:
    """Starts the children, restarts one that exits, stops them all on :meth:`stop`."""

    def __init__(self, children: list[Child], *, write: Callable[[str], None]) -> None:
        self.children = children
        self.write = write
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        from django.conf import settings

        self.env = {
            **os.environ,
            SUPERVISOR_ENV: str(os.getpid()),
            "YANGGUANG_VAR": str(settings.VAR_DIR),
            "YANGGUANG_MODE": settings.MODE,
            "DATABASE_URL": settings.DATABASE_URL,
        }

    def _spawn(self, child: Child) -> None:
        # a session of their own: Ctrl+C reaches the site alone, which then stops them
        # (so the supervisor never mistakes their exit for a crash to restart)
        child.proc = subprocess.Popen(  # noqa: S603 (our own command)
            child.args, env=self.env, start_new_session=True
        )
        child.started = time.monotonic()
        self.write(f"已启动 (started) {child.label}: pid {child.proc.pid}")

    def start(self) -> Supervisor:
        for child in self.children:
            self._spawn(child)
        self._thread = threading.Thread(target=self._watch, name="children", daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stopping.wait(1):
            for child in self.children:
                proc = child.proc
                if proc is None or proc.poll() is None:
                    continue
                if time.monotonic() - child.started < RESTART_AFTER:
                    continue  # do not restart a child that keeps failing in a tight loop
                if self._stopping.is_set():
                    return
                child.restarts += 1
                self.write(
                    f"{child.label} 已退出 (exited, status {proc.returncode}), "
                    f"重新启动 (restarting, #{child.restarts})"
                )
                self._spawn(child)

    def stop(self, timeout: float = 15.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        running = [c.proc for c in self.children if c.proc is not None and c.proc.poll() is None]
        for proc in running:
            proc.terminate()
        deadline = time.monotonic() + timeout
        for proc in running:
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
