"""``yangguang audit verify|checkpoint|export``."""

from __future__ import annotations

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError


class Command(BaseCommand):
    help = "全程留痕: 校验, 签发检查点, 导出 (audit trail: verify, sign a checkpoint, export)"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="recompute chain, tree and checkpoints")
        verify.add_argument("--from-checkpoint", type=int, metavar="SIZE", default=None)
        sub.add_parser("checkpoint", help="sign a checkpoint over the trail as it stands")
        export = sub.add_parser("export", help="write the trail as JSON lines (deletes nothing)")
        export.add_argument("--out", required=True, help="file to write, or - for stdout")
        export.add_argument("--checkpoints", help="also write checkpoints.json here")

    def handle(self, *args, subcommand: str, **options):
        return getattr(self, f"_{subcommand}")(**options)

    def _verify(self, *, from_checkpoint=None, **_):
        from yangguang.audit.verification import verify_database

        started = time.perf_counter()
        report = verify_database(from_checkpoint=from_checkpoint)
        seconds = time.perf_counter() - started
        if not report.ok:
            where = f"第 {report.first_bad_seq} 条 (entry {report.first_bad_seq})"
            if report.first_bad_seq is None:
                where = "检查点 (checkpoints)"
            for problem in report.problems[:20]:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"留痕校验失败: {where}: {report.reason or report.problems[0]}")
        rate = report.entries / seconds if seconds else 0
        self.stdout.write(
            f"校验通过 (verified): {report.entries} entries, root {report.root.hex()}, "
            f"{report.checkpoints_checked} checkpoint(s), {seconds:.2f}s ({rate:,.0f} entries/s)"
        )

    def _checkpoint(self, **_):
        from yangguang.audit.services import checkpoint_create

        try:
            cp = checkpoint_create(actor=Actor.system("audit checkpoint"))
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"checkpoint {cp.tree_size} {cp.root_hash}")

    def _export(self, *, out: str, checkpoints: str | None = None, **_):
        from yangguang.audit import keys, selectors
        from yangguang.audit.verification import _rows

        fh = sys.stdout if out == "-" else open(out, "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            for seq, payload, digest in _rows(0, None, "default"):
                text = bytes(payload).decode("utf-8")
                digest = digest if isinstance(digest, str) else bytes(digest).hex()
                fh.write(
                    json.dumps({"seq": seq, "payload": text, "hash": digest}, ensure_ascii=False)
                )
                fh.write("\n")
                count += 1
        finally:
            if fh is not sys.stdout:
                fh.close()
        if checkpoints:
            data = {
                "origin": keys.origin(),
                "public_key": keys.public_key_text(),
                "checkpoints": [selectors.checkpoint_json(c) for c in selectors.checkpoints_list()],
            }
            with open(checkpoints, "w", encoding="utf-8") as cf:
                json.dump(data, cf, ensure_ascii=False, indent=1)
        if out != "-":
            self.stdout.write(f"exported {count} entries to {out}")
