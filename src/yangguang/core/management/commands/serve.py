"""``yangguang serve``: run the site with Waitress (a production-grade, pure-Python WSGI
server) on 127.0.0.1:8000 by default. Static files are served by WhiteNoise. In demo mode
it prints the demo logins first; in production put it behind the unit's reverse proxy.

The task worker and the scheduler run beside the site as child processes of this command
(restarted if they die, stopped with it: ``yangguang.core.children``), unless
``--no-worker``: in production they run as services of their own (``yangguang worker``,
``yangguang scheduler``)."""

from __future__ import annotations

import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _split(addr: str) -> tuple[str, int]:
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(
            f"地址格式应为 主机:端口, 例如 127.0.0.1:8000 "
            f"(address must be host:port, e.g. 127.0.0.1:8000): {addr!r}"
        )
    return host.strip("[]"), int(port)


class Command(BaseCommand):
    help = "运行网站 (serve the site), default 127.0.0.1:8000"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port")
        parser.add_argument("--threads", type=int, default=8, help="worker threads")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=(
                "不在本进程旁运行后台任务进程和定时任务进程 (do not run the task worker and "
                "the scheduler beside the site: they run as services of their own)"
            ),
        )

    def handle(self, *args, addr: str, threads: int, no_worker: bool = False, **options) -> None:
        host, port = _split(addr)
        if threads < 1:
            raise CommandError("--threads 必须为正数 (must be positive)")
        if settings.DEMO:
            from yangguang.demo.management.commands.demo import print_logins

            print_logins(self.stdout.write, f"http://{addr}")
        else:
            self.stdout.write(f"地址 (address): http://{addr}")
        self.stdout.flush()
        from waitress import serve

        from yangguang.wsgi import application

        children = None
        if no_worker:
            self.stdout.write(
                "未启动后台任务进程 (--no-worker): 请另行运行 yangguang worker 和 "
                "yangguang scheduler (run them as services of their own)"
            )
        else:
            from yangguang.core.children import Supervisor, background_commands

            children = Supervisor(background_commands(), write=self._say).start()
        # SIGTERM (and SIGINT, even where the shell started us with it ignored) end the
        # server as Ctrl+C does, so the children are stopped with it
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            serve(application, host=host, port=port, threads=threads, ident="yangguang")
        except KeyboardInterrupt:
            pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if children is not None:
                self._say("停止后台进程 (stopping the background processes)…")
                children.stop()

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()


def _interrupt(signum, frame) -> None:
    """A stop signal ends the server as Ctrl+C does."""
    raise KeyboardInterrupt
