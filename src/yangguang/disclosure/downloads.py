"""CSV and JSON downloads of the public lists (never a requester or reporter), all in one
shape (issue 16 point 13):

* a column is a ``Column``: its key (the JSON key, stable for programs), its Chinese
  header (the CSV's first row: the CSV is read by people, in Excel or WPS) and, for a
  coded value, its choices: the code goes with its label (JSON ``kind`` and
  ``kind_label``; CSV 类型代码 and 类型);
* times are given in Asia/Shanghai (``TIME_ZONE``): ISO 8601 with ``+08:00`` in JSON,
  ``2026-07-15 09:30:00`` in the CSV; dates as ``2026-07-15``;
* yes/no is ``true``/``false`` in JSON and 是/否 in the CSV; nothing is ``None``;
* CSV text cells are neutralised (``core.sheets``), UTF-8 with a byte-order mark.

A plain string column (the office's complaint export) is its own header and holds its
value as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from yangguang.audit.canonical import jsonable
from yangguang.core import labels, sheets


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    #: the codes' labels (a ``TextChoices`` class or a mapping): adds ``<key>_label``
    choices: Any = None

    def label_of(self, value: Any) -> str:
        if value in (None, ""):
            return ""
        mapping = self.choices if isinstance(self.choices, Mapping) else dict(self.choices.choices)
        label = mapping.get(value)
        return labels.zh(label) if label is not None else str(value)


def _columns(columns: Iterable[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(c, c) for c in columns]


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return value
    return jsonable(value)


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return sheets.neutralise(str(jsonable(value)))


def json_rows(columns: Iterable[Column | str], rows: list[dict]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        line: dict[str, Any] = {}
        for c in _columns(columns):
            line[c.key] = json_value(r.get(c.key))
            if c.choices is not None:
                line[f"{c.key}_label"] = c.label_of(r.get(c.key))
        out.append(line)
    return out


def csv_table(columns: Iterable[Column | str], rows: list[dict]) -> list[list[str]]:
    cols = _columns(columns)
    header: list[str] = []
    for c in cols:
        header += [f"{c.zh}代码", c.zh] if c.choices is not None else [c.zh]
    table = [header]
    for r in rows:
        line: list[str] = []
        for c in cols:
            value = r.get(c.key)
            if c.choices is not None:
                line += [csv_value(value), sheets.neutralise(c.label_of(value))]
            else:
                line.append(csv_value(value))
        table.append(line)
    return table


def respond(name: str, fmt: str, columns: Iterable[Column | str], rows: list[dict]) -> HttpResponse:
    columns = list(columns)
    if fmt == "json":
        body = json.dumps(json_rows(columns, rows), ensure_ascii=False, indent=1)
        response = HttpResponse(body.encode(), content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows(csv_table(columns, rows))
        # BOM: spreadsheet programs then read the Chinese correctly
        response = HttpResponse(
            ("\ufeff" + buf.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
