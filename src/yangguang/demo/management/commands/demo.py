"""``yangguang demo``: migrate the database if needed and load the demo county, then mark
the state directory as holding a demo of this database (``yangguang.paths``), so that the
commands that follow run in demo mode without ``YANGGUANG_MODE``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from yangguang.audit.services import checkpoint_create
from yangguang.core.context import Actor
from yangguang.demo import loader
from yangguang.demo.data import county
from yangguang.paths import write_demo_marker


def print_logins(write, address: str = loader.ADDRESS) -> None:
    write(f"演示地址 (address): {address}")
    write(f"演示账号 (demo logins), 密码 (password): {county.PASSWORD}")
    for username, label in county.DEMO_LOGINS:
        write(f"  {username:<14} {label}")


class Command(BaseCommand):
    help = "加载演示县 (load the demo county 阳光县); idempotent, --reset to start over"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="清空数据库后重新加载 (empty the whole database, audit trail included, and reload)",
        )

    def handle(self, *args, **options) -> None:
        if loader.needs_migration():
            self.stdout.write("迁移数据库 (migrating the database)…")
            call_command("migrate", interactive=False, verbosity=0)
        if options["reset"]:
            self.stdout.write("清空数据库 (emptying the database)…")
            loader.reset_database()
        if loader.demo_exists():
            self.stdout.write(
                "演示县已存在, 未做改动 (the demo county is already loaded; nothing done)"
            )
        else:
            out = loader.load()
            self.stdout.write(
                self.style.SUCCESS(
                    f"已加载演示县 (demo county loaded): {len(out.regions)} 个区划 (regions), "
                    f"{len(out.orgs)} 个单位 (organisations), {len(out.users)} 个账号 (accounts), "
                    f"{len(out.posts)} 个岗位 (posts)"
                )
            )
            checkpoint = checkpoint_create(actor=Actor.system("demo"))
            self.stdout.write(
                f"留痕检查点已签发 (audit checkpoint signed): {checkpoint.tree_size} 条 (entries), "
                f"根哈希 (root) {checkpoint.root_hash[:16]}…"
            )
        # the state directory now holds a demo: commands run on this database without
        # YANGGUANG_MODE are in demo mode (yangguang.paths)
        write_demo_marker(Path(settings.VAR_DIR), settings.DATABASE_URL)
        print_logins(self.stdout.write)
