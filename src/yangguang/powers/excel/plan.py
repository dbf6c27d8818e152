"""The preview of an import: the sheet read through the column mapping into
``ItemRow``s, every row-level error (row, column, value, why — in both languages), and
what a commit would create, change or leave alone. Nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yangguang.core.errors import DomainError, bilingual
from yangguang.orgs.models import Organisation, RegionLevel
from yangguang.powers import codes
from yangguang.powers.excel import cells, columns, reader
from yangguang.powers.excel.apply import ItemRow, Outcome, changes, load_existing, validate
from yangguang.powers.models import PowerList, PowerType

TEXT_FIELDS = (
    "implementation_code",
    "entrusted_body",
    "counterpart",
    "complaint_channel",
    "acceptance_conditions",
    "remarks",
)
NOTE_PREFIXES = ("备注", "注：", "注:", "说明", "填表说明", "制表", "审核人", "填报")


@dataclass
class RowError:
    row: int
    column: str  # "B 职权编码"
    value: str
    code: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        return bilingual(self.zh, self.en)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message_zh": self.zh,
            "message_en": self.en,
        }


@dataclass
class Plan:
    sheet: str
    mapping: columns.Mapping
    rows: list[ItemRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, note text)
    outcome: Outcome = field(default_factory=Outcome)
    data_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "rows": self.data_rows,
            "items": len(self.rows),
            "errors": len(self.errors),
            "skipped": len(self.skipped),
            **self.outcome.as_json(),
        }


def _short(value: Any) -> str:
    text = cells.text_of(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


class _Lookups:
    def __init__(self) -> None:
        self.types: dict[str, str] = {}
        for code, name in PowerType.objects.filter(active=True).values_list("code", "name"):
            self.types[code] = code
            self.types[name] = code
        self.bodies: dict[str, int] = {}
        for pk, code, name, short in Organisation.objects.values_list(
            "pk", "code", "name", "short_name"
        ):
            self.bodies.setdefault(name, pk)
            if short:
                self.bodies.setdefault(short, pk)
            self.bodies[code] = pk
        self.levels = {}
        for value, label in RegionLevel.choices:
            zh = str(label).split(" (")[0]
            self.levels[value] = value
            self.levels[zh] = value
            self.levels[zh.rstrip("级")] = value


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
    mapping; row-level problems go into ``Plan.errors``."""
    override = override or {}
    sheet, rows = reader.read_rows(data, override.get("sheet"))
    mapping = columns.apply_override(columns.detect(rows), override, rows)
    mapping.sheet = sheet
    columns.require_columns(mapping)
    plan = Plan(sheet=sheet, mapping=mapping)
    org = power_list.organisation if power_list is not None else organisation
    default_body = org.pk if org is not None else None
    look = _Lookups()
    col = {name: index for index, name in mapping.columns.items()}
    first = mapping.first_data_row
    body = rows[first - 1 :]
    plan.data_rows = len(body)
    main: ItemRow | None = None
    subs_of: dict[str, int] = {}

    def error(n: int, name: str, value: Any, code: str, zh: str, en: str) -> None:
        index = col.get(name)
        where = mapping.describe(index) if index is not None else columns.FIELDS[name][0]
        plan.errors.append(RowError(n, where, _short(value), code, zh, en))

    for offset, raw in enumerate(body):
        n = first + offset
        if progress is not None and offset % 1000 == 0:
            progress(offset, len(body))
        values = {name: raw[i] if i < len(raw) else None for name, i in col.items()}
        bad = False
        for name, value in values.items():
            if cells.is_formula(value):
                error(
                    n,
                    name,
                    value,
                    "formula_cell",
                    "单元格含公式, 导入时不计算公式, 请改为纯文本",
                    "the cell holds a formula; formulas are never evaluated, enter plain text",
                )
                bad = True
        if bad:
            continue
        text = {name: cells.text_of(value) for name, value in values.items()}
        code, name, sub_name = text.get("code", ""), text.get("name", ""), text.get("sub_name", "")
        filled = [cells.text_of(v) for v in raw if cells.text_of(v)]
        if not filled:
            continue
        if not code and not name and not sub_name:
            plan.skipped.append((n, _short(filled[0])))
            continue
        if not code and name and len(filled) == 1 and name.startswith(NOTE_PREFIXES):
            plan.skipped.append((n, _short(name)))
            continue
        # which item is this: a main item, or a sub-item (continuation row)
        is_continuation = not name and bool(sub_name)
        if not code:
            if is_continuation and main is not None:
                parsed = codes.parse(main.code)
                subs_of[main.code] = subs_of.get(main.code, 0) + 1
                try:
                    code = codes.format_code(
                        type=parsed.type, main=parsed.main, sub=subs_of[main.code]
                    )
                except DomainError:  # reported as a row error below
                    code = ""
            elif is_continuation:
                error(
                    n,
                    "sub_name",
                    sub_name,
                    "sub_item_without_main",
                    "子项前面没有主项",
                    "a sub-item row with no main item above it",
                )
                continue
            if not code:
                error(n, "code", "", "required", "请填写职权编码", "the code is required")
                continue
        try:
            parsed = codes.parse(code)
        except DomainError as exc:
            error(n, "code", code, exc.error_code, exc.zh, exc.en)
            if not is_continuation and name:
                main = None
            continue
        if parsed.sub > 0:
            if main is not None and codes.parse(main.code).main == parsed.main:
                subs_of[main.code] = max(subs_of.get(main.code, 0), parsed.sub)
            if is_continuation and main is None:
                error(
                    n,
                    "sub_name",
                    sub_name,
                    "sub_item_without_main",
                    "子项前面没有主项",
                    "a sub-item row with no main item above it",
                )
                continue
        item_name = sub_name or name if parsed.sub > 0 else name
        # type: the cell (code or name), or the code's letters; a continuation row its main's
        type_text = text.get("type", "")
        if type_text:
            type_code = look.types.get(type_text)
            if type_code is None:
                error(
                    n,
                    "type",
                    type_text,
                    "power_type_unknown",
                    f"未知的职权类型 {type_text}",
                    f"unknown power type {type_text}",
                )
                continue
        else:
            type_code = parsed.type
        row = ItemRow(row=n, code=code, name=item_name, type_code=type_code)
        body_text = text.get("body", "")
        if body_text:
            body_id = look.bodies.get(body_text)
            if body_id is None:
                error(
                    n,
                    "body",
                    body_text,
                    "implementing_body_unknown",
                    f"实施主体“{body_text}”不是平台上的单位",
                    f"the implementing body {body_text!r} is not an organisation on the platform",
                )
                continue
            row.implementing_body_id = body_id
        elif parsed.sub > 0 and main is not None:
            row.implementing_body_id = main.implementing_body_id
        if row.implementing_body_id == default_body:
            row.implementing_body_id = None
        failed = False
        for prefix in ("statutory", "promised"):
            key = f"{prefix}_limit"
            if key in values:
                try:
                    value, unit = cells.parse_limit(values[key])
                except cells.CellError as exc:
                    error(n, key, values[key], exc.code, exc.zh, exc.en)
                    failed = True
                    continue
                row.fields[key], row.fields[f"{prefix}_unit"] = value, unit
        if "level" in text:
            level = look.levels.get(text["level"]) if text["level"] else "county"
            if level is None:
                error(
                    n,
                    "level",
                    text["level"],
                    "level_unknown",
                    f"未知的行使层级 {text['level']}",
                    f"unknown level {text['level']}",
                )
                failed = True
            row.fields["level"] = level
        for key in TEXT_FIELDS:
            if key in text:
                row.fields[key] = text[key]
        if "basis" in values:
            row.legal_bases = cells.parse_bases(values["basis"])
        if "responsibilities" in values:
            row.responsibilities = cells.parse_responsibilities(values["responsibilities"])
        if "accountabilities" in values:
            row.accountabilities = cells.parse_accountabilities(values["accountabilities"])
        if failed:
            continue
        plan.rows.append(row)
        if parsed.sub == 0:
            main = row
            subs_of.setdefault(code, 0)
    if progress is not None:
        progress(len(body), len(body))
    existing = load_existing(power_list) if power_list is not None else {}
    for problem in validate(plan.rows, existing):
        index = col.get(problem.field)
        where = (
            mapping.describe(index)
            if index is not None
            else columns.FIELDS.get(problem.field, (problem.field,))[0]
        )
        plan.errors.append(
            RowError(
                problem.row, where, _short(problem.value), problem.code, problem.zh, problem.en
            )
        )
    plan.errors.sort(key=lambda e: e.row)
    if plan.ok:
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
    return plan
