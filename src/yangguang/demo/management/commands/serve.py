"""``yangguang serve``: run the site on 127.0.0.1:8000.

No production WSGI server is among the dependencies, so this serves with Django's own
server (``runserver --noreload --insecure``), which is fit for the demo only; in
production mode it refuses and says to use a WSGI server with ``yangguang.wsgi``.
Static files come from WhiteNoise.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.demo.management.commands.demo import print_logins


class Command(BaseCommand):
    help = "运行网站 (serve the site), default 127.0.0.1:8000"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address:port")

    def handle(self, *args, **options) -> None:
        if not settings.DEMO:
            raise CommandError(
                "serve 只用于演示模式; 生产环境请用 WSGI 服务器运行 yangguang.wsgi:application "
                "(serve is for demo mode only; in production run yangguang.wsgi:application "
                "under a WSGI server)"
            )
        addr = options["addr"]
        print_logins(self.stdout.write, f"http://{addr}")
        call_command("runserver", addr, use_reloader=False, insecure_serving=True)
