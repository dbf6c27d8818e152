"""Export of a list (working list or published version) in the layout governments
publish, which the import reads back unchanged: a title row, a two-row header with merged
cells (职权名称 over 主项/子项, 办理期限 over 法定/承诺), sub-items on continuation rows
(no 序号, no 职权名称, the 子项 filled). Every cell is written by ``core.sheets`` (a text
that would run as a formula kept as text with Excel's hidden quote prefix; the Chinese
font, borders, wrapping), and the sheet prints like an official list (A3 landscape, fit
to width, the header repeated on every page). The discretion benchmarks follow on a sheet of their own
("裁量基准", see ``benchmarks``). Also the CSV download (UTF-8 with BOM, for Excel), the
benchmarks in a column of their own."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yangguang.core import sheets
from yangguang.powers.excel import benchmarks, cells

#: (top label, bottom label or None, width); a top label spanning two columns is given
#: once, with the next column's top label None
LAYOUT: list[tuple[str | None, str | None, int]] = [
    ("序号", None, 6),
    ("职权编码", None, 14),
    ("职权名称", "主项", 28),
    (None, "子项", 28),
    ("职权类型", None, 10),
    ("实施主体", None, 18),
    ("设定依据", None, 40),
    ("责任事项", None, 40),
    ("追责情形", None, 40),
    ("办理期限", "法定期限", 12),
    (None, "承诺期限", 12),
    ("备注", None, 20),
]


def ordered(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Main items (by sort order, code), each followed by its sub-items (by code)."""
    items = list(items)
    subs: dict[str, list[dict[str, Any]]] = {}
    mains = []
    codes = {d["code"] for d in items}
    for d in items:
        if d.get("parent_code") and d["parent_code"] in codes:
            subs.setdefault(d["parent_code"], []).append(d)
        else:
            mains.append(d)
    mains.sort(key=lambda d: (d.get("sort_order") or 0, d["code"]))
    out = []
    for d in mains:
        out.append(d)
        out.extend(sorted(subs.get(d["code"], []), key=lambda s: s["code"]))
    return out


def _limit(value: dict[str, Any] | None) -> str:
    return cells.format_limit(value["value"], value["unit"]) if value else ""


def row_values(d: dict[str, Any], seq: int | None) -> list[Any]:
    sub = bool(d.get("parent_code"))
    return [
        seq,
        d["code"],
        "" if sub else d["name"],
        d["name"] if sub else "",
        d["type"]["name"],
        d["implementing_body"]["name"],
        cells.format_bases([(b["law"], b["article"], b["text"]) for b in d["legal_bases"]]),
        cells.format_responsibilities([(r["stage"], r["duty"]) for r in d["responsibilities"]]),
        cells.format_accountabilities([a["description"] for a in d["accountabilities"]]),
        _limit(d.get("statutory_limit")),
        _limit(d.get("promised_limit")),
        d.get("remarks", ""),
    ]


def workbook_bytes(items: Iterable[dict[str, Any]], title: str) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "权力清单"
    width = len(LAYOUT)
    sheets.title_row(ws, title, width)
    sheets.header_row(ws, [top for top, _, _ in LAYOUT])
    sheets.header_row(ws, [bottom for _, bottom, _ in LAYOUT])
    for i, (top, bottom, size) in enumerate(LAYOUT, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = size
        if top is not None and bottom is None:
            ws.merge_cells(f"{letter}2:{letter}3")
        elif top is not None and bottom is not None:
            ws.merge_cells(f"{letter}2:{get_column_letter(i + 1)}2")
    seq = 0
    items = ordered(items)
    for d in items:
        main = not d.get("parent_code")
        if main:
            seq += 1
        sheets.append(ws, row_values(d, seq if main else None))
    ws.freeze_panes = "C4"
    sheets.print_setup(ws, repeat_rows="2:3")
    benchmarks.write_sheet(book, items)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


CSV_HEADER = [
    "职权编码",
    "主项编码",
    "职权名称",
    "职权类型",
    "实施主体",
    "设定依据",
    "法定期限",
    "承诺期限",
    "责任事项",
    "追责情形",
    "备注",
    "裁量基准",
]


def csv_bytes(items: Iterable[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(CSV_HEADER)
    for d in ordered(items):
        values = row_values(d, None)
        out.writerow(
            cells.neutralise(v)
            for v in (
                d["code"],
                d.get("parent_code", ""),
                d["name"],
                values[4],
                values[5],
                values[6],
                values[9],
                values[10],
                values[7],
                values[8],
                values[11],
                benchmarks.format_cell(d.get("benchmarks") or []),
            )
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
