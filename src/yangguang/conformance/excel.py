"""Export of a check's findings to Excel (openpyxl): headers in the reader's language,
every text cell neutralised (``core.sheets``): log values and the file name are the
uploader's, never formulas."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from yangguang.core.sheets import row


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


def export(run, findings) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("偏差"))
    ws.append(header())
    for f in findings.iterator(chunk_size=2000):
        ws.append(
            row([f.case_id, f.kind, f.activity, f.event_index, f.department, f.person, f.detail])
        )
    summary = wb.create_sheet(_("摘要"))
    summary.append(row([_("日志"), run.log_name]))
    summary.append(row([_("流程图"), str(run.process)]))
    for key in ("cases", "events", "conformant_cases", "seconds"):
        summary.append(row([key, run.summary.get(key)]))
    for kind, n in (run.summary.get("deviations") or {}).items():
        summary.append(row([kind, n]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
