"""``yangguang orgs list`` and ``yangguang orgs report-principal``."""

from __future__ import annotations

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandParser

from yangguang.orgs.models import Organisation
from yangguang.orgs.selectors import REPORT_HEADER, principal_rule_report, tree_sorted


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        # argparse turns this into a clean usage error (exit code 2), not a traceback
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD): {value!r}"
        ) from exc


def _clean(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


class Command(BaseCommand):
    help = "单位 (organisations): list the tree, report on the principal rule"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        sub.add_parser("list", help="one organisation per line: code<TAB>name, in tree order")
        report = sub.add_parser(
            "report-principal",
            help="一把手五个不直接分管: restricted areas held by principals (tab-separated)",
        )
        report.add_argument("--on", type=_date, default=None, help="report day (default today)")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "list":
            for org in tree_sorted(Organisation.objects.only("path", "code", "name", "sort_order")):
                self.stdout.write(f"{_clean(org.code)}\t{_clean(org.name)}")
        else:
            rows = principal_rule_report(on=options["on"])
            self.stdout.write("\t".join(REPORT_HEADER))
            for row in rows:
                self.stdout.write("\t".join(_clean(v) for v in row.as_fields()))
