"""``yangguang meetings check`` and ``yangguang meetings report`` (三重一大)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.meetings import checks, report
from yangguang.orgs.models import Organisation


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD): {value!r}") from exc


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise CommandError(f"未知的单位代码 (unknown organisation code): {code!r}")
    return org


class Command(BaseCommand):
    help = "三重一大 (collective decisions): run the compliance checks, write the quarterly report"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        check = sub.add_parser(
            "check",
            help="findings, one a line: rule code<TAB>meeting<TAB>topic<TAB>detail",
        )
        check.add_argument(
            "--org", required=True, help="organisation code (its subtree is checked)"
        )
        check.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        check.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        rep = sub.add_parser("report", help="the quarterly inspection report (PDF)")
        rep.add_argument("--org", required=True, help="organisation code")
        rep.add_argument("--quarter", required=True, help="e.g. 2026Q3")
        rep.add_argument("--out", required=True, help="file to write (PDF)")

    def handle(self, *args, **options) -> None:
        org = _org(options["org"])
        if options["subcommand"] == "check":
            start, end = _date(options["start"]), _date(options["end"])
            if end < start:
                raise CommandError(f"结束日期 {end} 早于开始日期 {start} (--to is before --from)")
            for finding in checks.run(org, start, end):
                self.stdout.write(finding.line())
            return
        try:
            report.quarter_bounds(options["quarter"])
        except ValueError:
            raise CommandError(
                f"季度格式应为 YYYYQn, 如 2026Q3 (quarter must look like 2026Q3): "
                f"{options['quarter']!r}"
            ) from None
        data = report.build_pdf(org, options["quarter"])
        out = Path(options["out"])
        out.write_bytes(data)
        self.stdout.write(f"已生成 (written): {out} ({len(data)} bytes)")
