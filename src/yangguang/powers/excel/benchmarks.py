"""The discretion benchmarks (自由裁量权基准) in a power-list workbook: a sheet of their
own, "裁量基准", keyed by the item's code, one row per graded circumstance::

    职权编码 | 职权名称 | 违法情节 | 情形描述 | 罚款下限(元) | 罚款上限(元) | 其他处罚种类 | 是否量化

The export writes it after the list's sheet; the import reads it when the workbook has
it (a file without it leaves the benchmarks alone). When present it is the complete set
of benchmarks of the items the list's sheet names: an item with no row here has none.
职权名称 is for the reader only. 违法情节 is 轻微/一般/较重/严重 (or slight … grave);
是否量化 is 是/否 (否, 未细化 or 未量化: the range is not broken down; blank: 是).

Each row is checked by the rules of the service (``validation.benchmark_values``) and
against the list's sheet (the code is an item there, and a penalty; one row per grade),
every problem reported with its row, column and both languages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from yangguang.core import sheets
from yangguang.core.errors import DomainError
from yangguang.powers import validation
from yangguang.powers.excel import cells, reader
from yangguang.powers.excel.rows import RowError, short
from yangguang.powers.models import PENALTY_TYPE

SHEET = "裁量基准"

#: field -> the header of its column (export), in order
HEADERS = {
    "code": "职权编码",
    "name": "职权名称",
    "grade": "违法情节",
    "description": "情形描述",
    "fine_min": "罚款下限(元)",
    "fine_max": "罚款上限(元)",
    "other_penalties": "其他处罚种类",
    "quantified": "是否量化",
}
WIDTHS = (14, 28, 10, 48, 14, 14, 28, 10)
SYNONYMS = {
    "code": ("职权编码", "事项编码", "权力编码", "编码", "code"),
    "name": ("职权名称", "事项名称", "权力名称", "name"),
    "grade": ("违法情节", "情节等级", "裁量等级", "裁量阶次", "grade"),
    "description": ("情形描述", "违法情形", "具体情形", "适用情形", "description"),
    "fine_min": ("罚款下限(元)", "罚款下限", "下限", "fine_min", "min"),
    "fine_max": ("罚款上限(元)", "罚款上限", "上限", "fine_max", "max"),
    "other_penalties": ("其他处罚种类", "其他处罚", "处罚种类", "other_penalties"),
    "quantified": ("是否量化", "已量化", "是否细化", "quantified"),
}
REQUIRED = ("code", "grade", "description")
GRADE_ZH = {"slight": "轻微", "ordinary": "一般", "serious": "较重", "grave": "严重"}
GRADE_OF = {**{zh: g for g, zh in GRADE_ZH.items()}, **{g: g for g in GRADE_ZH}}
YES = frozenset({"", "是", "已量化", "已细化", "true", "yes", "1", "y"})
NO = frozenset({"否", "未细化", "未量化", "false", "no", "0", "n"})
SCAN_ROWS = 5

#: one benchmark as the import compares it: (grade, description, min, max, other, quantified)
Row = tuple[str, str, Decimal | None, Decimal | None, str, bool]


def _fold(label: Any) -> str:
    text = cells.text_of(label).replace("（", "(").replace("）", ")")
    return "".join(text.split()).lower()


_LABELS = {_fold(w): f for f, words in SYNONYMS.items() for w in words}


# --- export -----------------------------------------------------------------------------


def _money(value: Any) -> Any:
    if value is None or value == "":
        return None
    amount = Decimal(str(value))
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def write_sheet(book, items: Iterable[dict[str, Any]]) -> None:
    """Add the "裁量基准" sheet for ``items`` (data format, in the order of the list)."""
    ws = book.create_sheet(SHEET)
    sheets.header_row(ws, HEADERS.values())
    for i, size in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = size
    for d in items:
        for b in d.get("benchmarks") or []:
            values = [
                d["code"],
                d["name"],
                GRADE_ZH.get(b["grade"], b["grade"]),
                b["description"],
                _money(b.get("fine_min")),
                _money(b.get("fine_max")),
                b.get("other_penalties", ""),
                "是" if b.get("quantified", True) else "否",
            ]
            sheets.append(ws, values)
    ws.freeze_panes = "A2"
    sheets.print_setup(ws, repeat_rows="1:1")


def format_cell(benchmarks: list[dict[str, Any]]) -> str:
    """The benchmarks in one text cell (the CSV download): a line per grade."""
    lines = []
    for b in benchmarks:
        parts = [f"{GRADE_ZH.get(b['grade'], b['grade'])}: {b['description']}"]
        low, high = _money(b.get("fine_min")), _money(b.get("fine_max"))
        if low is not None:
            parts.append(f"罚款{low}–{high}元")
        if b.get("other_penalties"):
            parts.append(b["other_penalties"])
        if not b.get("quantified", True):
            parts.append("未细化")
        lines.append("; ".join(parts))
    return "\n".join(lines)


# --- import -----------------------------------------------------------------------------


def read(data: bytes) -> reader.Sheet | None:
    """The workbook's "裁量基准" sheet, or None when it has none."""
    try:
        return reader.read_sheet(data, SHEET)
    except DomainError as exc:
        if exc.error_code == "sheet_missing":
            return None
        raise


def _where(column: int | None, field: str) -> str:
    letter = f"{get_column_letter(column + 1)} " if column is not None else ""
    return f"{SHEET} {letter}{HEADERS[field]}"


def _header(sheet: reader.Sheet) -> tuple[int, dict[str, int]] | None:
    for r, values in enumerate(sheet.rows[:SCAN_ROWS], start=1):
        found: dict[str, int] = {}
        for c, value in enumerate(values):
            name = _LABELS.get(_fold(value))
            if name and name not in found:
                found[name] = c
        if "code" in found and "grade" in found:
            return r, found
    return None


def parse(
    sheet: reader.Sheet, item_types: dict[str, str]
) -> tuple[dict[str, list[Row]], list[RowError]]:
    """The benchmarks per item code, and the rows refused. ``item_types``: code -> type
    code of every item of the list's sheet."""
    errors: list[RowError] = []
    header = _header(sheet)
    if header is None:
        errors.append(
            RowError(
                1,
                SHEET,
                "",
                "benchmark_header_missing",
                f"“{SHEET}”工作表前 {SCAN_ROWS} 行中没有表头(须有“职权编码”和“违法情节”列)",
                f"the {SHEET!r} sheet has no header in its first {SCAN_ROWS} rows "
                "(columns 职权编码 and 违法情节 are required)",
            )
        )
        return {}, errors
    header_row, columns = header
    for name in REQUIRED:
        if name not in columns:
            errors.append(
                RowError(
                    header_row,
                    _where(None, name),
                    "",
                    "benchmark_column_missing",
                    f"“{SHEET}”工作表缺少“{HEADERS[name]}”列",
                    f"the {SHEET!r} sheet has no column {HEADERS[name]} ({name})",
                )
            )
    if errors:
        return {}, errors
    out: dict[str, list[Row]] = {code: [] for code in item_types}
    seen: dict[tuple[str, str], int] = {}
    for r in range(header_row + 1, len(sheet.rows) + 1):

        def cell(name: str, r: int = r) -> Any:
            c = columns.get(name)
            return None if c is None else sheet.value(r, c + 1)

        if all(cells.text_of(cell(n)) == "" for n in columns):
            continue

        def refuse(name: str, value: Any, code: str, zh: str, en: str, r: int = r) -> None:
            errors.append(RowError(r, _where(columns.get(name), name), short(value), code, zh, en))

        code = cells.code_text(cell("code"), valid=item_types.__contains__)
        if code not in item_types:
            refuse(
                "code",
                code,
                "benchmark_item_unknown",
                f"职权编码 {code or '(空)'} 不是“权力清单”工作表中的事项",
                f"the code {code or '(blank)'} is not an item of the list's sheet",
            )
            continue
        if item_types[code] != PENALTY_TYPE:
            refuse(
                "code",
                code,
                "benchmark_not_penalty",
                f"{code} 不是行政处罚事项, 不设裁量基准",
                f"{code} is not a penalty power; benchmarks apply to penalties only",
            )
            continue
        grade_text = cells.text_of(cell("grade"))
        grade = GRADE_OF.get(grade_text.lower() if grade_text.isascii() else grade_text, "")
        description = cells.text_of(cell("description"))
        quantified_text = cells.text_of(cell("quantified")).lower()
        if not grade:
            refuse(
                "grade",
                grade_text,
                "grade_unknown",
                f"未知的违法情节 {grade_text!r}(应为轻微、一般、较重或严重)",
                f"unknown circumstance grade {grade_text!r} (轻微, 一般, 较重 or 严重; "
                "or slight, ordinary, serious, grave)",
            )
            continue
        if (code, grade) in seen:
            refuse(
                "grade",
                grade_text,
                "benchmark_duplicate",
                f"{code} 的“{GRADE_ZH[grade]}”情节与第 {seen[(code, grade)]} 行重复",
                f"{code} has the grade {grade} on row {seen[(code, grade)]} already",
            )
            continue
        if not description:
            refuse("description", "", "required", "请填写情形描述", "the description is required")
            continue
        if quantified_text not in YES | NO:
            refuse(
                "quantified",
                quantified_text,
                "quantified_invalid",
                f"是否量化 {quantified_text!r} 应为“是”或“否”",
                f"quantified {quantified_text!r} is 是 (yes) or 否 (no)",
            )
            continue
        try:
            low, high, other = validation.benchmark_values(
                grade,
                _cell_money(cell("fine_min")),
                _cell_money(cell("fine_max")),
                cells.text_of(cell("other_penalties")),
            )
        except DomainError as exc:
            field = exc.field if exc.field in columns or exc.field in HEADERS else "fine_min"
            refuse(field, cell(field), exc.error_code, exc.zh, exc.en)
            continue
        seen[(code, grade)] = r
        out[code].append((grade, description, low, high, other, quantified_text in YES))
    return out, errors


def _cell_money(value: Any) -> Any:
    text = cells.text_of(value)
    return text.replace(",", "").replace("元", "").strip() if text else None
