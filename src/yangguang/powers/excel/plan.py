"""The preview of an import: the sheet read through the column mapping into
``ItemRow``s (``rows.RowReader``), every row-level error (row, column, value, why — in
both languages), the warnings (formula cells read as their stored value), the main items
derived from the cells over their sub-items, the 实施主体 names still to be mapped, the
discretion benchmarks of the "裁量基准" sheet (``benchmarks``), and what a commit would
create, change or leave alone. Nothing is written.

The command line (``cli``), the back office (``views.office``) and the background task
(``tasks.import_power_list``) all call ``build``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yangguang.core.errors import DomainError
from yangguang.orgs.models import Organisation
from yangguang.powers.excel import benchmarks, columns, reader
from yangguang.powers.excel.apply import ItemRow, Outcome, changes, load_existing, validate
from yangguang.powers.excel.rows import Derived, RowError, RowReader, short
from yangguang.powers.models import PowerList

__all__ = ["Derived", "Plan", "RowError", "build"]


@dataclass
class Plan:
    sheet: str
    mapping: columns.Mapping
    rows: list[ItemRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, note text)
    derived: list[Derived] = field(default_factory=list)
    #: 实施主体 texts that name no organisation yet -> the rows they are on
    unmapped: dict[str, list[int]] = field(default_factory=dict)
    #: the mapping file's choices (columns, sheet, header row, 实施主体 names)
    override: dict[str, Any] = field(default_factory=dict)
    outcome: Outcome = field(default_factory=Outcome)
    data_rows: int = 0

    @property
    def ok(self) -> bool:
        """Nothing refused and every 实施主体 name mapped: the plan may be committed."""
        return not self.errors and not self.unmapped

    def summary(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "rows": self.data_rows,
            "items": len(self.rows),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "skipped": len(self.skipped),
            "derived": len(self.derived),
            "unmapped": len(self.unmapped),
            **self.outcome.as_json(),
        }

    def refusal(self) -> DomainError | None:
        """Why the plan may not be committed (the first error and how many; or the
        implementing bodies still to map), or None."""
        if self.errors:
            first = self.errors[0]
            return DomainError(
                code="import_rows_invalid",
                field="file",
                zh=f"文件有 {len(self.errors)} 处错误, 未导入; 例如第 {first.row} 行 "
                f"{first.column}: {first.zh}",
                en=f"{len(self.errors)} error(s) in the file, nothing was imported; e.g. row "
                f"{first.row}, {first.column}: {first.en}",
            )
        if self.unmapped:
            names = "、".join(self.unmapped)
            return DomainError(
                code="implementing_body_unmapped",
                field="mapping",
                zh=f"实施主体“{names}”不是平台上的单位名称, 请在预览中或在映射文件的 "
                '"bodies" 中指定对应的单位, 未导入',
                en=f"the implementing bodies {', '.join(map(repr, self.unmapped))} name no "
                'organisation on the platform; map each to one in the preview or under "bodies" '
                "in the mapping file; nothing was imported",
            )
        return None

    def mapping_file(self) -> dict[str, Any]:
        """The mapping file that gives this plan again (columns, and the 实施主体 names
        mapped so far), to keep and upload with the next list."""
        out = self.mapping.as_json()
        if self.override.get("bodies"):
            out["bodies"] = dict(self.override["bodies"])
        return out


def _mapping(sheet: reader.Sheet, override: dict[str, Any]) -> columns.Mapping:
    mapping = columns.apply_override(columns.detect(sheet.rows), override, sheet.rows)
    mapping.sheet = sheet.title
    columns.require_columns(mapping)
    return mapping


def _check_across_rows(plan: Plan, found: RowReader, existing, sheet: reader.Sheet) -> None:
    """The rules across rows and against the list, each problem once per cell."""
    col = {name: index for index, name in plan.mapping.columns.items()}
    seen = set()
    for problem in validate(plan.rows, existing, found.failed_mains):
        index = col.get(problem.field)
        if index is not None:
            key = (*sheet.origin(problem.row, index + 1), problem.code)
            if key in seen:
                continue
            seen.add(key)
        where = (
            plan.mapping.describe(index)
            if index is not None
            else columns.FIELDS.get(problem.field, (problem.field,))[0]
        )
        plan.errors.append(
            RowError(problem.row, where, short(problem.value), problem.code, problem.zh, problem.en)
        )


def _compare(plan: Plan, existing, default_body: int | None) -> None:
    body_default = default_body or 0
    seen = set()
    for row in plan.rows:
        seen.add(row.code)
        old = existing.get(row.code)
        if old is None:
            plan.outcome.created.append(row.code)
        elif diff := changes(row, old, body_default):
            plan.outcome.updated[row.code] = diff
        else:
            plan.outcome.unchanged.append(row.code)
    plan.outcome.absent = sorted(set(existing) - seen)


def _benchmarks(plan: Plan, data: bytes) -> None:
    """The "裁量基准" sheet, when the workbook has one: each item's benchmarks onto its
    row (none for an item it does not name), its refused rows into the errors."""
    sheet = benchmarks.read(data)
    if sheet is None:
        return
    found, errors = benchmarks.parse(sheet, {r.code: r.type_code for r in plan.rows})
    plan.errors.extend(errors)
    for row in plan.rows:
        row.benchmarks = found.get(row.code, [])


def build(
    data: bytes,
    power_list: PowerList | None,
    *,
    override: dict[str, Any] | None = None,
    organisation: Organisation | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Read ``data`` (checked for safety first) into a plan against ``power_list`` (or
    an organisation without a list yet). Raises ``DomainError`` for a refused file or
    mapping; row-level problems go into ``Plan.errors``, names to map into
    ``Plan.unmapped``."""
    override = override or {}
    sheet = reader.read_sheet(data, override.get("sheet"))
    mapping = _mapping(sheet, override)
    org = power_list.organisation if power_list is not None else organisation
    found = RowReader(sheet, mapping, org=org, bodies=override.get("bodies"))
    found.read(progress)
    plan = Plan(
        sheet=sheet.title,
        mapping=mapping,
        rows=found.items,
        errors=found.errors,
        warnings=found.warnings,
        skipped=found.skipped,
        derived=list(found.derived.values()),
        unmapped=found.unmapped,
        override=override,
        data_rows=max(len(sheet.rows) - mapping.first_data_row + 1, 0),
    )
    _benchmarks(plan, data)
    existing = load_existing(power_list) if power_list is not None else {}
    _check_across_rows(plan, found, existing, sheet)
    plan.errors.sort(key=lambda e: e.row)
    if plan.ok:
        _compare(plan, existing, org.pk if org is not None else None)
    return plan
