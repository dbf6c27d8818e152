"""CSV and JSON downloads of the public lists (never a requester or reporter)."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpResponse

from yangguang.audit.canonical import jsonable
from yangguang.core import sheets


def respond(name: str, fmt: str, columns: list[str], rows: list[dict]) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(
            [{c: jsonable(r.get(c)) for c in columns} for r in rows], ensure_ascii=False, indent=1
        )
        response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        # BOM: spreadsheet programs then read the Chinese correctly
        response = HttpResponse(
            ("\ufeff" + buf.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _cell(value) -> str:
    return sheets.neutralise("" if value is None else str(jsonable(value)))
