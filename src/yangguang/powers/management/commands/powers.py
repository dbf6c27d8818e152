"""``yangguang powers SUBCOMMAND``: power lists from the command line.

Subcommands are registered in ``SUBCOMMANDS``: each is a function that adds its
arguments to a subparser and a function that runs it. To add one (``import``,
``export``): write ``_add_x(parser)`` and ``_run_x(command, options)`` (in this file or in
a module of its own) and add a line ``"x": Subcommand(help, _add_x, _run_x)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.orgs.models import Organisation
from yangguang.powers import review_cli, types_cli
from yangguang.powers.excel import cli as excel_cli
from yangguang.powers.selectors import review_report


@dataclass(frozen=True)
class Subcommand:
    help: str
    add_arguments: Callable[[CommandParser], None]
    run: Callable[[BaseCommand, dict[str, Any]], None]


def organisation_by_code(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise CommandError(
            f"未找到单位 {code!r}(见 yangguang orgs list) (no organisation {code!r}; "
            f"see yangguang orgs list)"
        )
    return org


REPORT_HEADER = (
    "单位代码",
    "单位",
    "版本",
    "梳理",
    "保留",
    "取消",
    "下放",
    "合并",
    "转移",
    "调整",
    "减少",
    "减少比例%",
)


def _add_report(parser: CommandParser) -> None:
    parser.add_argument("--org", metavar="CODE", help="单位代码, 含下级 (organisation and below)")


def _run_report(command: BaseCommand, options: dict[str, Any]) -> None:
    org = organisation_by_code(options["org"]) if options.get("org") else None
    report = review_report(organisation=org)
    codes = dict(Organisation.objects.values_list("name", "code"))
    command.stdout.write("\t".join(REPORT_HEADER))
    for row in [*report.rows, report.total]:
        fields = (
            codes.get(row.organisation, ""),
            row.organisation,
            "" if row.version is None else str(row.version),
            *(
                str(n)
                for n in (
                    row.declared,
                    row.kept,
                    row.cancelled,
                    row.delegated,
                    row.merged,
                    row.transferred,
                    row.adjusted,
                    row.reduced,
                )
            ),
            str(row.share_reduced),
        )
        command.stdout.write("\t".join(fields))
    command.stdout.write("")
    command.stdout.write(report.text_zh())


SUBCOMMANDS: dict[str, Subcommand] = {
    "report": Subcommand(
        "审核情况统计 (review figures per organisation and overall)", _add_report, _run_report
    ),
    "import": Subcommand(
        "从 Excel 导入清单 (import from Excel)", excel_cli.add_import, excel_cli.run_import
    ),
    "export": Subcommand(
        "导出清单为 Excel (export to Excel)", excel_cli.add_export, excel_cli.run_export
    ),
    "code-format": Subcommand(
        "单位的职权编码规则: 显示或设定 (show or set the organisation's power code scheme)",
        excel_cli.add_code_format,
        excel_cli.run_code_format,
    ),
    "status": Subcommand(
        "清单状态与审核记录 (a list's status and the history of its rounds)",
        review_cli.add_status,
        review_cli.run_status,
    ),
    "submit": Subcommand(
        "提交初审 (submit for first review)", review_cli.add_submit, review_cli.run_submit
    ),
    "review": Subcommand(
        "初审或复审: 通过或退回 (first or second review: approve or return)",
        review_cli.add_review,
        review_cli.run_review,
    ),
    "publish": Subcommand(
        "发布复审通过的清单 (publish an approved list)",
        review_cli.add_publish,
        review_cli.run_publish,
    ),
    "types": Subcommand(
        "职权类型一览 (the power types: code, name, order, in use)",
        types_cli.add_types,
        types_cli.run_types,
    ),
    "type-add": Subcommand(
        "新增职权类型 (add a power type)", types_cli.add_type_add, types_cli.run_type_add
    ),
    "type-update": Subcommand(
        "修改职权类型 (rename, reorder, stop or resume using a power type)",
        types_cli.add_type_update,
        types_cli.run_type_update,
    ),
}


class Command(BaseCommand):
    help = "权责清单 (power lists): " + ", ".join(SUBCOMMANDS)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, spec in SUBCOMMANDS.items():
            spec.add_arguments(sub.add_parser(name, help=spec.help))

    def handle(self, *args, **options) -> None:
        SUBCOMMANDS[options["subcommand"]].run(self, options)
