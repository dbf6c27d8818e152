"""The import preview as stored for the page (issue 25): the worker reads and checks the
uploaded file once per mapping (``tasks.preview_power_list``, in a child process with
the job limits) and keeps what the page shows in ``preview.json``; a page view only
reads that file, however large the workbook.

``compute(job_id)`` gives the preview of a job under its current mapping: the columns
and their fields, the summary, the first ``SHOWN`` row errors, warnings and derived main
items, the 实施主体 names still to map (their first rows), the items a commit would
change, the mapping file, and whether the plan may be committed (``ok``). A file the
reader refuses gives ``{"refused": {"zh", "en"}}``.
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter

from yangguang.core.errors import DomainError
from yangguang.powers.excel import jobs, plan

#: row errors, warnings, derived items and names shown on the page
SHOWN = 200
#: rows shown for each unmapped name
ROWS_SHOWN = 20


def of(checked: plan.Plan, *, revision: int) -> dict[str, Any]:
    """The stored form of a plan (JSON)."""
    mapping = checked.mapping

    def problem(e) -> dict[str, Any]:
        return {"row": e.row, "column": e.column, "value": e.value, "zh": e.zh, "en": e.en}

    unmapped = list(checked.unmapped.items())
    return {
        "revision": revision,
        "ok": checked.ok,
        "sheet": mapping.sheet,
        "header_row": min(mapping.header_rows),
        "columns": [
            {
                "index": i,
                "letter": get_column_letter(i + 1),
                "label": label,
                "field": mapping.columns.get(i, ""),
            }
            for i, label in sorted(mapping.labels.items())
        ],
        "summary": checked.summary(),
        "errors": [problem(e) for e in checked.errors[:SHOWN]],
        "warnings": [problem(w) for w in checked.warnings[:SHOWN]],
        "derived": [
            {"code": d.code, "name": d.name, "rows": d.rows[:ROWS_SHOWN]}
            for d in checked.derived[:SHOWN]
        ],
        "unmapped": [
            {"n": n, "name": name, "rows": rows[:ROWS_SHOWN], "more": len(rows) > ROWS_SHOWN}
            for n, (name, rows) in enumerate(unmapped[:SHOWN])
        ],
        "updated": [[code, fields] for code, fields in list(checked.outcome.updated.items())[:50]],
        "mapping_file": checked.mapping_file(),
    }


def compute(job_id: str) -> dict[str, Any]:
    """Read and check the job's file under its current mapping (the worker's side)."""
    from yangguang.orgs.models import Organisation
    from yangguang.powers.models import PowerList

    state = jobs.load(job_id) or {}
    org = Organisation.objects.get(pk=state["org_id"])
    power_list = PowerList.objects.filter(organisation=org).first()
    revision = int(state.get("revision") or 0)
    try:
        data = jobs.source(job_id)
    except OSError:
        return refused(
            revision,
            "上传的文件已不在, 请重新上传",
            "the uploaded file is gone; upload it again",
        )
    try:
        checked = plan.build(
            data, power_list, override=state.get("override") or {}, organisation=org
        )
    except DomainError as exc:
        return refused(revision, exc.zh, exc.en)
    return of(checked, revision=revision)


def refused(revision: int, zh: str, en: str) -> dict[str, Any]:
    return {"revision": revision, "refused": {"zh": zh, "en": en}}
