"""``yangguang scheduler``: enqueue recurring jobs when they fall due (run beside a worker,
``yangguang worker``, or from cron with ``--once``). ``yangguang serve`` runs one beside
the site; it keeps a heartbeat while it runs (``yangguang.core.workers``)."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand, CommandParser

from yangguang.core import schedule
from yangguang.core.workers import Heartbeat


class Command(BaseCommand):
    help = "按时排队定时任务 (enqueue recurring jobs when they fall due)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="检查一次后退出 (check once, exit)")
        parser.add_argument(
            "--interval", type=int, default=60, help="检查间隔秒数 (seconds between checks)"
        )

    def handle(self, *args, once: bool = False, interval: int = 60, **options) -> None:
        if interval < 1:
            self.stderr.write("--interval 必须为正数 (must be positive)")
            raise SystemExit(2)
        if once:
            self._enqueue()
            return
        beat = Heartbeat(kind="scheduler").start()
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            while True:
                self._enqueue()
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            beat.stop()

    def _enqueue(self) -> None:
        for name in schedule.enqueue_due():
            self.stdout.write(f"已排队 (enqueued): {name}")
        self.stdout.flush()


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt
