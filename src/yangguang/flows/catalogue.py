"""The risk catalogue 《行政权力廉政风险等级及防范措施目录》 as Excel (openpyxl), every cell
through ``core.sheets`` (text kept text, Chinese font, borders), printed like an
official list (A3 landscape, fit to width, the header on every page)."""

from __future__ import annotations

import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from yangguang.core import sheets
from yangguang.flows.selectors import CatalogueRow

TITLE = _("行政权力廉政风险等级及防范措施目录")
HEADERS = tuple(
    _(h) for h in (
        "序号", "单位", "职权编码", "职权名称", "职权类型", "风险等级", "认定理由", "环节",
        "风险点", "风险点等级", "发生概率", "影响程度", "责任人", "防范措施", "措施责任人",
        "落实情况",
    )
)  # fmt: skip
FILLS = {"A": "FFCDD2", "B": "FFE0B2", "C": "FFF59D"}


def render_xlsx(rows: list[CatalogueRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("风险目录"))
    sheets.title_row(ws, f"《{TITLE}》", len(HEADERS))
    sheets.header_row(ws, HEADERS)
    for n, row in enumerate(rows, start=1):
        risks = row.risks or [None]
        for r in risks:
            measures = (r or {}).get("measures") or [None]
            for m in measures:
                line = [
                    sheets.xlsx_cell(ws, v)
                    for v in (
                        n, row.organisation, row.code, row.power, row.power_type, row.grade,
                        row.override_reason,
                        r["step"] if r else "", r["description"] if r else "",
                        r["grade"] if r else "", r["likelihood"] if r else "",
                        r["impact"] if r else "", r["responsible"] if r else "",
                        m["description"] if m else "", m["owner"] if m else "",
                        m["status"] if m else "",
                    )
                ]  # fmt: skip
                if row.grade in FILLS:
                    line[5].fill = PatternFill("solid", fgColor=FILLS[row.grade])
                if r and r["grade"] in FILLS:
                    line[9].fill = PatternFill("solid", fgColor=FILLS[r["grade"]])
                ws.append(line)
    for col, width in zip(
        "ABCDEFGHIJKLMNOP", (6, 20, 14, 30, 10, 8, 20, 12, 40, 8, 8, 8, 12, 40, 14, 10), strict=True
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A3"
    sheets.print_setup(ws, repeat_rows="2:2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
