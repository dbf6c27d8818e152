"""``yangguang orgs list``, ``yangguang orgs report-principal`` and ``yangguang orgs
region-add`` (a region of GB/T 2260 through ``region_create``, as the operator: the system)."""

from __future__ import annotations

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation, Region, RegionLevel
from yangguang.orgs.selectors import REPORT_HEADER, principal_rule_report, tree_sorted
from yangguang.orgs.services import region_create


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
        region = sub.add_parser("region-add", help="新增行政区划 (add a GB/T 2260 region)")
        region.add_argument("--code", required=True, help="六位区划代码 (six-digit code)")
        region.add_argument("--name", required=True, help="名称 (name)")
        region.add_argument(
            "--level",
            required=True,
            choices=list(RegionLevel.values),
        )
        region.add_argument("--parent", default=None, help="上级区划代码 (parent's code)")

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "region-add":
            self._region_add(options)
        elif options["subcommand"] == "list":
            for org in tree_sorted(Organisation.objects.only("path", "code", "name", "sort_order")):
                self.stdout.write(f"{_clean(org.code)}\t{_clean(org.name)}")
        else:
            rows = principal_rule_report(on=options["on"])
            self.stdout.write("\t".join(REPORT_HEADER))
            for row in rows:
                self.stdout.write("\t".join(_clean(v) for v in row.as_fields()))

    def _region_add(self, options) -> None:
        parent = None
        if options["parent"]:
            parent = Region.objects.filter(code=options["parent"]).first()
            if parent is None:
                raise CommandError(
                    f"未找到上级区划 {options['parent']!r} (no region {options['parent']!r})"
                )
        try:
            region = region_create(
                actor=Actor.system("orgs.region"),
                code=options["code"],
                name=options["name"],
                level=options["level"],
                parent=parent,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{region.code}\t{region.name}\t{region.level}")
