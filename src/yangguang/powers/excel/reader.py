"""Reading a checked workbook into rows of cell values (openpyxl, read-only, formulas
as written, never evaluated)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from yangguang.core.errors import DomainError
from yangguang.powers.excel import safety


def read_rows(data: bytes, sheet: str | None = None) -> tuple[str, list[tuple[Any, ...]]]:
    """(sheet title, rows) of the named sheet or the first one. ``data`` is checked by
    ``safety.check_spreadsheet`` first."""
    safety.check_spreadsheet(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DomainError(
            code="not_a_spreadsheet",
            field="file",
            zh="无法读取该电子表格, 文件可能已损坏",
            en=f"the spreadsheet cannot be read; it may be damaged ({type(exc).__name__})",
        ) from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise DomainError(
                    code="sheet_missing",
                    field="mapping",
                    zh=f"工作簿中没有名为 {sheet!r} 的工作表",
                    en=f"the workbook has no sheet {sheet!r}",
                )
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
        return ws.title, rows
    finally:
        book.close()
