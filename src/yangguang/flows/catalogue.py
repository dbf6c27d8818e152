"""The risk catalogue 《行政权力廉政风险等级及防范措施目录》 as Excel (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from yangguang.core.sheets import row as row_of
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
    ws.append(row_of([f"《{TITLE}》"]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.append(row_of(HEADERS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(rows, start=1):
        risks = row.risks or [None]
        for r in risks:
            measures = (r or {}).get("measures") or [None]
            for m in measures:
                ws.append(
                    row_of([
                        n, row.organisation, row.code, row.power, row.power_type, row.grade,
                        row.override_reason,
                        r["step"] if r else "", r["description"] if r else "",
                        r["grade"] if r else "", r["likelihood"] if r else "",
                        r["impact"] if r else "", r["responsible"] if r else "",
                        m["description"] if m else "", m["owner"] if m else "",
                        m["status"] if m else "",
                    ])
                )  # fmt: skip
                if row.grade in FILLS:
                    ws.cell(ws.max_row, 6).fill = PatternFill("solid", fgColor=FILLS[row.grade])
                if r and r["grade"] in FILLS:
                    ws.cell(ws.max_row, 10).fill = PatternFill("solid", fgColor=FILLS[r["grade"]])
    for col, width in zip(
        "ABCDEFGHIJKLMNOP", (6, 20, 14, 30, 10, 8, 20, 12, 40, 8, 8, 8, 12, 40, 14, 10), strict=True
    ):
        ws.column_dimensions[col].width = width
    for line in ws.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
