"""Spreadsheets for the Excel tests, built with openpyxl as governments lay them out (a
title row, a two-row merged header, continuation rows for sub-items, blank and note
rows). No tests here."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook

HEADER_TOP = ["序号", "职权编码", "职权名称", None, "职权类型", "实施主体", "设定依据", "责任事项", "追责情形", "备注"]  # fmt: skip
HEADER_BOTTOM = [None, None, "主项", "子项", None, None, None, None, None, None]

BASIS = "《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。"
DUTIES = (
    "1.受理责任：公示依法应当提交的材料。\n2.审查责任：对申请材料进行审查。\n3.决定责任：作出决定。"
)
BLAME = "1.对符合条件的申请不予受理的；\n2.对不符合条件的申请准予许可的。"


def standard_rows() -> list[list[Any]]:
    """A department's list: two main items, the first with two sub-items on
    continuation rows, and a penalty."""
    return [
        [1, "XK00001000", "食品经营许可", None, "行政许可", "某县市场监督管理局", BASIS, DUTIES, BLAME, None],
        [None, "XK00001001", None, "食品经营许可(新办)", "行政许可", None, BASIS, None, None, None],
        [None, "XK00001002", None, "食品经营许可(变更)", None, None, None, None, None, None],
        [2, "XK00002000", "建设工程规划许可", None, "XK", None, "《城乡规划法》第四十条", None, None, "县级"],
        [3, "CF00001000", "对经营超过保质期食品的处罚", None, "行政处罚", None, "《食品安全法》第一百二十四条", "1.立案责任：及时立案。", None, None],
    ]  # fmt: skip


def book_bytes(
    rows: list[list[Any]] | None = None,
    *,
    title: str | None = "某县市场监督管理局权力清单",
    two_rows: bool = True,
    notes: bool = True,
    blank_rows: bool = True,
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER_TOP))
    top = ws.max_row + 1 if title else 1
    if two_rows:
        ws.append(HEADER_TOP)
        ws.append(HEADER_BOTTOM)
        ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
        for col in (1, 2, 5, 6, 7, 8, 9, 10):
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    else:
        ws.append(["序号", "职权编码", "职权名称", "子项", "职权类型", "实施主体", "设定依据", "责任事项", "追责情形", "备注"])  # fmt: skip
    for n, row in enumerate(rows if rows is not None else standard_rows()):
        ws.append(row)
        if blank_rows and n == 2:
            ws.append([])
    if notes:
        ws.append(["备注：本清单根据有关法律法规梳理, 如有调整以最新规定为准。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
