"""Export of a check's findings to Excel (openpyxl): headers, kinds of deviation, summary
figures and details in the reader's language (``conformance.labels``),
every cell written by ``core.sheets`` (log values and the file name are the uploader's:
kept as text, never formulas; Chinese font, borders), printed A3 landscape, fit to
width, the header on every page."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yangguang.conformance.labels import kind_label, one_language
from yangguang.core import sheets


def header() -> list[str]:
    return [
        _("案件编号"),
        _("偏差类型"),
        _("环节"),
        _("事件序号"),
        _("部门/岗位"),
        _("人员"),
        _("说明"),
    ]


WIDTHS = (18, 16, 20, 10, 20, 14, 60)


def export(run, findings) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("偏差"))
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    sheets.print_setup(ws, repeat_rows="1:1")
    sheets.header_row(ws, header())
    for f in findings.iterator(chunk_size=2000):
        sheets.append(
            ws,
            [
                f.case_id, kind_label(f.kind), f.activity, f.event_index, f.department,
                f.person, one_language(f.detail),
            ],
        )  # fmt: skip
    summary = wb.create_sheet(_("摘要"))
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    sheets.print_setup(summary, landscape=False)
    sheets.append(summary, [_("日志"), run.log_name])
    sheets.append(summary, [_("流程图"), str(run.process)])
    for key in ("cases", "events", "conformant_cases", "seconds"):
        sheets.append(summary, [kind_label(key), run.summary.get(key)])
    for kind, n in (run.summary.get("deviations") or {}).items():
        sheets.append(summary, [kind_label(kind), n])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
