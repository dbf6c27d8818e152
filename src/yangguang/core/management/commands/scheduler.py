"""``yangguang scheduler``: enqueue recurring jobs when they fall due (run beside a worker,
``yangguang db_worker``, or from cron with ``--once``)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from yangguang.core import schedule


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
        while True:
            for name in schedule.enqueue_due():
                self.stdout.write(f"已排队 (enqueued): {name}")
            if once:
                return
            time.sleep(interval)
