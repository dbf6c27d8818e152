"""Reading a checked workbook (openpyxl, read-only; formulas never evaluated) into a
``Sheet``: its rows of cell values, its merged ranges and its formula cells.

* merged ranges come from the sheet's ``<mergeCells>`` (read-only openpyxl does not
  keep them), so that a value merged over several rows (a main item's name over its
  sub-items, a shared 实施主体 or 设定依据) can be seen on each of those rows;
* a formula cell holds the value Excel stored when the file was last saved (read from a
  second, ``data_only`` pass, made only when the sheet has formulas), or ``None`` when
  no value was stored; ``Sheet.formulas`` keeps the formula text for the warning.

Bounded while it streams in: a sheet with more than ``YANGGUANG_IMPORT_MAX_ROWS`` rows
(default 100,000) or more than ``YANGGUANG_IMPORT_MAX_CELLS`` cells (rows times the
sheet's width, default 5,000,000) is refused as soon as the reader gets there; merged
ranges are cut to the cells read and count against the same bound.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from yangguang.core.errors import DomainError
from yangguang.powers.excel import cells, safety

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Sheet:
    title: str
    rows: list[tuple[Any, ...]]
    #: merged ranges as (first row, first column, last row, last column), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: (row, column) 1-based -> the formula as written; the cell in ``rows`` holds the
    #: stored value (None when none was stored)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    _covered: dict[tuple[int, int], tuple[int, int, int, int]] = field(
        default_factory=dict, repr=False
    )

    def __post_init__(self) -> None:
        for merge in self.merges:
            r1, c1, r2, c2 = merge
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    self._covered[(r, c)] = merge

    def merge_at(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        """The merged range that holds the cell (1-based), or None."""
        return self._covered.get((row, column))

    def origin(self, row: int, column: int) -> tuple[int, int]:
        """The cell whose value is shown in (row, column): the top left cell of its merged
        range, or the cell itself."""
        merge = self._covered.get((row, column))
        return (merge[0], merge[1]) if merge else (row, column)

    def raw(self, row: int, column: int) -> Any:
        values = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return values[column - 1] if 0 < column <= len(values) else None

    def value(self, row: int, column: int) -> Any:
        """What the cell shows: its own value, or its merged range's."""
        return self.raw(*self.origin(row, column))


def max_rows() -> int:
    return int(getattr(settings, "YANGGUANG_IMPORT_MAX_ROWS", 100_000))


def max_cells() -> int:
    return int(getattr(settings, "YANGGUANG_IMPORT_MAX_CELLS", 5_000_000))


def _too_large(zh: str, en: str) -> DomainError:
    return DomainError(
        code="sheet_too_large",
        field="file",
        zh=f"工作表过大: {zh}, 未读取; 请拆分后分批导入",
        en=f"the sheet is too large: {en}; not read. Split it and import it in parts",
    )


def _rows(ws) -> list[tuple[Any, ...]]:
    """The sheet's rows of values, refused as soon as there are too many rows or
    cells (a row gap in the file counts its empty rows, a far-away cell its width)."""
    most_rows, most_cells = max_rows(), max_cells()
    rows: list[tuple[Any, ...]] = []
    cells = 0
    for row in ws.iter_rows(values_only=True):
        rows.append(tuple(row))
        cells += len(row)
        if len(rows) > most_rows:
            raise _too_large(f"超过 {most_rows} 行", f"more than {most_rows} rows")
        if cells > most_cells:
            raise _too_large(
                f"超过 {most_cells} 个单元格(行数×列数, 现为 {len(row)} 列)",
                f"more than {most_cells} cells (rows x columns; {len(row)} columns)",
            )
    return rows


def _clip(merges, rows: list[tuple[Any, ...]]) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the cells read; their cells in all within the bound."""
    height, width = len(rows), max(map(len, rows), default=0)
    out, area, most = [], 0, max_cells()
    for r1, c1, r2, c2 in merges:
        r2, c2 = min(r2, height), min(c2, width)
        if r1 > r2 or c1 > c2 or (r1, c1) == (r2, c2):
            continue
        area += (r2 - r1 + 1) * (c2 - c1 + 1)
        if area > most:
            raise _too_large(
                f"合并单元格超过 {most} 个", f"more than {most} cells in merged ranges"
            )
        out.append((r1, c1, r2, c2))
    return out


def _is_formula(value: Any) -> bool:
    return cells.is_formula(value) or isinstance(value, (ArrayFormula, DataTableFormula))


def _formula_text(value: Any) -> str:
    if isinstance(value, ArrayFormula):
        return str(value.text or "")
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return str(value)


def _open(data: bytes, *, data_only: bool):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DomainError(
            code="not_a_spreadsheet",
            field="file",
            zh="无法读取该电子表格, 文件可能已损坏",
            en=f"the spreadsheet cannot be read; it may be damaged ({type(exc).__name__})",
        ) from None


def _worksheet(book, sheet: str | None):
    if not sheet:
        return book.worksheets[0]
    if sheet not in book.sheetnames:
        raise DomainError(
            code="sheet_missing",
            field="mapping",
            zh=f"工作簿中没有名为 {sheet!r} 的工作表",
            en=f"the workbook has no sheet {sheet!r}",
        )
    return book[sheet]


def _merges(ws) -> list[tuple[int, int, int, int]]:
    out, most = [], max_cells() // 2
    with ws._get_source() as source:  # the sheet's XML, streamed (no public API for it)
        for _event, element in SafeET.iterparse(source):
            if element.tag == f"{_MAIN_NS}mergeCell":
                ref = element.get("ref") or ""
                try:
                    c1, r1, c2, r2 = range_boundaries(ref)
                except (TypeError, ValueError):
                    continue
                if None not in (c1, r1, c2, r2) and (r1, c1) != (r2, c2):
                    out.append((r1, c1, r2, c2))
                    if len(out) > most:  # each covers two cells or more
                        raise _too_large(
                            f"合并单元格超过 {most} 处", f"more than {most} merged ranges"
                        )
            elif element.tag == f"{_MAIN_NS}row":
                element.clear()  # the rows were read already; keep memory flat
    return out


def read_sheet(data: bytes, sheet: str | None = None) -> Sheet:
    """The named sheet or the first one. ``data`` is checked by
    ``safety.check_spreadsheet`` first. An ``.xls``, ``.ods`` or CSV file is read by
    ``formats``."""
    from yangguang.powers.excel import formats

    found = formats.kind(data)
    if found != "xlsx":
        return formats.read_sheet(data, sheet, found)
    safety.check_spreadsheet(data)
    book = _open(data, data_only=False)
    try:
        ws = _worksheet(book, sheet)
        title = ws.title
        rows = _rows(ws)
        merges = _clip(_merges(ws), rows)
    finally:
        book.close()
    formulas = {
        (r, c): _formula_text(v)
        for r, row in enumerate(rows, start=1)
        for c, v in enumerate(row, start=1)
        if _is_formula(v)
    }
    if formulas:
        book = _open(data, data_only=True)
        try:
            stored = _rows(_worksheet(book, title))
        finally:
            book.close()
        by_row: dict[int, list[Any]] = {}
        for r, c in formulas:
            values = by_row.setdefault(r, list(rows[r - 1]))
            line = stored[r - 1] if r <= len(stored) else ()
            values[c - 1] = line[c - 1] if c <= len(line) else None
        for r, values in by_row.items():
            rows[r - 1] = tuple(values)
        # a text cell that merely starts with "=" reads the same in both passes: not a formula
        formulas = {
            key: text
            for key, text in formulas.items()
            if not (
                isinstance(rows[key[0] - 1][key[1] - 1], str)
                and rows[key[0] - 1][key[1] - 1] == text
            )
        }
    return Sheet(title=title, rows=rows, merges=merges, formulas=formulas)
