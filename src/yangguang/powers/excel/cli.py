"""``yangguang powers import`` and ``yangguang powers export`` (registered in
``management/commands/powers.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers.excel import columns, plan, safety, writer
from yangguang.powers.models import PowerList, PowerListVersion
from yangguang.powers.snapshot import item_data, items_for_snapshot

ACTOR = Actor.system("powers.import")


def add_import(parser: CommandParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="清单文件 (.xlsx, .xls, .ods, .csv: UTF-8 or GBK/GB18030)"
    )
    parser.add_argument("--org", metavar="CODE", required=True, help="单位代码 (organisation)")
    parser.add_argument("--mapping", metavar="FILE", help="列映射 JSON (column mapping file)")
    parser.add_argument(
        "--dry-run", action="store_true", help="只预览, 不保存 (preview only, save nothing)"
    )


def _read(path: str) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        safety.check_size(size)
        return file.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取 {path} (cannot read {path}): {exc.strerror}") from None
    except DomainError as exc:
        raise CommandError(str(exc)) from None


def run_import(command: BaseCommand, options: dict[str, Any]) -> None:
    from yangguang.powers import services
    from yangguang.powers.management.commands.powers import organisation_by_code

    org = organisation_by_code(options["org"])
    data = _read(options["file"])
    override = {}
    if options.get("mapping"):
        try:
            override = columns.load_mapping_file(Path(options["mapping"]).read_bytes())
        except OSError as exc:
            raise CommandError(f"无法读取映射文件 (cannot read the mapping file): {exc}") from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
    power_list = PowerList.objects.filter(organisation=org).first()
    try:
        checked = plan.build(data, power_list, override=override, organisation=org)
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    out = command.stdout
    mapping = checked.mapping
    out.write(f"工作表 (sheet): {checked.sheet}; 表头行 (header rows): {mapping.header_rows}")
    for index, name in sorted(mapping.columns.items()):
        out.write(f"  {mapping.describe(index)} -> {name}")
    for error in checked.errors:
        out.write(
            f"第 {error.row} 行 (row {error.row})\t{error.column}\t{error.value!r}\t{error.message}"
        )
    for warning in checked.warnings:
        out.write(
            f"提示 (warning) 第 {warning.row} 行 (row {warning.row})\t{warning.column}\t"
            f"{warning.value!r}\t{warning.message}"
        )
    for derived in checked.derived:
        rows = ", ".join(map(str, derived.rows))
        out.write(
            f"推导的主项 (derived main item) {derived.code} {derived.name}: "
            f"取自第 {rows} 行子项上方的单元格 (from the cells over the sub-items on rows {rows})"
        )
    for name, rows in checked.unmapped.items():
        out.write(
            f"未对应的实施主体 (unmapped implementing body) {name!r}, 第 {', '.join(map(str, rows))} 行; "
            f'在映射文件中加入 (add to the mapping file) "bodies": {{"{name}": "单位代码"}}'
        )
    s = checked.summary()
    out.write(
        f"数据行 {s['rows']}, 事项 {s['items']}(推导主项 {s['derived']}), 错误 {s['errors']}, "
        f"提示 {s['warnings']}, 跳过 {s['skipped']}; "
        f"新增 {s['created']}, 修改 {s['updated']}, 不变 {s['unchanged']}, "
        f"文件外保留 {s['absent']} (rows, items (derived main items), errors, warnings, "
        "skipped; created, changed, unchanged, kept though not in the file)"
    )
    refusal = checked.refusal()
    if refusal is not None:
        raise CommandError(str(refusal))
    if options.get("dry_run"):
        out.write("预览完毕, 未保存 (dry run: nothing saved)")
        return
    try:
        if power_list is None:
            power_list = services.power_list_create(actor=ACTOR, organisation=org)
        outcome = services.power_items_import(actor=ACTOR, power_list=power_list, rows=checked.rows)
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    o = outcome.as_json()
    out.write(f"已导入: 新增 {o['created']}, 修改 {o['updated']}, 不变 {o['unchanged']} (imported)")


def add_export(parser: CommandParser) -> None:
    parser.add_argument("--org", metavar="CODE", required=True, help="单位代码 (organisation)")
    parser.add_argument("--out", metavar="FILE.xlsx", required=True, help="输出文件 (output)")
    parser.add_argument(
        "--version", metavar="N", type=int, help="已发布版本号; 默认为工作稿 (published version)"
    )


def export_items(org, number: int | None) -> tuple[list[dict[str, Any]], str]:
    """The items and the title of a version (``number``) or of the working list."""
    if number is not None:
        version = PowerListVersion.objects.filter(organisation=org, number=number).first()
        if version is None:
            raise DomainError(
                code="version_missing",
                field="version",
                zh=f"{org.name}没有第 {number} 版清单",
                en=f"{org.code} has no published version {number}",
            )
        from yangguang.powers.selectors import version_data

        return version_data(version)["items"], f"{org.name}权力清单(第{number}版)"
    power_list = PowerList.objects.filter(organisation=org).first()
    items = [] if power_list is None else items_for_snapshot(power_list.items.all())
    return [item_data(i) for i in items], f"{org.name}权力清单(工作稿)"


def run_export(command: BaseCommand, options: dict[str, Any]) -> None:
    from yangguang.powers.management.commands.powers import organisation_by_code

    org = organisation_by_code(options["org"])
    try:
        items, title = export_items(org, options.get("version"))
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    Path(options["out"]).write_bytes(writer.workbook_bytes(items, title))
    command.stdout.write(f"已导出 {len(items)} 项到 {options['out']} (exported {len(items)} items)")


def add_code_format(parser: CommandParser) -> None:
    parser.add_argument("--org", metavar="CODE", required=True, help="单位代码 (organisation)")
    parser.add_argument(
        "format",
        metavar="FORMAT",
        nargs="?",
        help="编码规则, 如 '{type}-HW-{main:03d}[-{sub:02d}]'; 省略则显示当前规则 "
        "(the scheme; omitted: show the current one)",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="改用全平台的编码规则 (use the deployment's scheme again)",
    )


def run_code_format(command: BaseCommand, options: dict[str, Any]) -> None:
    from yangguang.powers import codes, services
    from yangguang.powers.management.commands.powers import organisation_by_code

    org = organisation_by_code(options["org"])
    template = options.get("format")
    if template is not None or options.get("reset"):
        try:
            services.power_list_code_format_set(
                actor=ACTOR, organisation=org, code_format="" if options.get("reset") else template
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
    scheme = codes.scheme_of_org(org)
    own = PowerList.objects.filter(organisation=org).values_list("code_format", flat=True).first()
    whose = "本单位 (the organisation's own)" if own else "全平台 (the deployment's)"
    command.stdout.write(
        f"{org.code} 职权编码规则 (power code scheme): {scheme.template} [{whose}]; "
        f"主项 (main item) {scheme.example()}, 子项 (sub-item) {scheme.sub_example()}"
    )
