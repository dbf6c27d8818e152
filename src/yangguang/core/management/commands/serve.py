"""``yangguang serve``: run the site with Waitress (a production-grade, pure-Python WSGI
server) on 127.0.0.1:8000 by default. Static files are served by WhiteNoise. In demo mode
it prints the demo logins first; in production put it behind the unit's reverse proxy."""

from __future__ import annotations

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

    def handle(self, *args, addr: str, threads: int, **options) -> None:
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

        serve(application, host=host, port=port, threads=threads, ident="yangguang")
