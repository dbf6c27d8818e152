"""Export of a check's findings to Excel (openpyxl)."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = (
    "案件编号 case",
    "偏差类型 kind",
    "环节 activity",
    "事件序号 event",
    "部门/岗位 department",
    "人员 person",
    "说明 detail",
)


def export(run, findings) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("偏差 deviations")
    ws.append(HEADER)
    for f in findings.iterator(chunk_size=2000):
        ws.append([f.case_id, f.kind, f.activity, f.event_index, f.department, f.person, f.detail])
    summary = wb.create_sheet("摘要 summary")
    summary.append(["日志 log", run.log_name])
    summary.append(["流程图 flowchart", str(run.process)])
    for key in ("cases", "events", "conformant_cases", "seconds"):
        summary.append([key, run.summary.get(key)])
    for kind, n in (run.summary.get("deviations") or {}).items():
        summary.append([kind, n])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
