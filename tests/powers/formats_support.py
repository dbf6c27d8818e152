"""The power lists of the Excel tests in the other formats offices keep them in: Excel
97-2003 (.xls, written with xlwt, a test-only dependency), OpenDocument (.ods, a minimal
file made here: mimetype, manifest and content.xml) and CSV in the encodings Excel saves.
No tests here."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .test_excel_support import HEADER_BOTTOM, HEADER_TOP, standard_rows

Merge = tuple[int, int, int, int]  # 1-based first row, column, last row, column


def grid(rows: list[list[Any]] | None = None) -> tuple[list[list[Any]], list[Merge]]:
    """The layout of ``test_excel_support.book_bytes``: a title, a two-row merged
    header, the rows, a note; and its merged ranges."""
    width = len(HEADER_TOP)
    out: list[list[Any]] = [["某县市场监督管理局权力清单", *([None] * (width - 1))]]
    out += [list(HEADER_TOP), list(HEADER_BOTTOM)]
    merges = [(1, 1, 1, width), (2, 3, 2, 4)]
    merges += [(2, c, 3, c) for c in (1, 2, 5, 6, 7, 8, 9, 10)]
    out += [list(r) for r in (rows if rows is not None else standard_rows())]
    out.append(["备注：本清单根据有关法律法规梳理, 如有调整以最新规定为准。"])
    return out, merges


def xls_bytes(rows: list[list[Any]], merges: list[Merge] = (), sheet: str = "清单") -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    covered = set()
    for r1, c1, r2, c2 in merges:
        value = rows[r1 - 1][c1 - 1] if c1 <= len(rows[r1 - 1]) else None
        ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, value)
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and (r, c) not in covered:
                ws.write(r - 1, c - 1, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _ods_cell(value: Any, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string"{attrs}>{paragraphs}</table:table-cell>'


def ods_bytes(
    rows: list[list[Any]],
    merges: list[Merge] = (),
    sheet: str = "清单",
    extra: dict[str, bytes] | None = None,
    empty_rows: int = 1_048_000,
) -> bytes:
    """``empty_rows``: the repeated empty rows LibreOffice writes after the data."""
    width = max(len(r) for r in rows)
    spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {
        (r, c)
        for r1, c1, r2, c2 in merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    body = []
    for r, row in enumerate(rows, start=1):
        row = list(row) + [None] * (width - len(row))
        cells = []
        for c, value in enumerate(row, start=1):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(_ods_cell(value, spans.get((r, c))))
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    body.append(
        f'<table:table-row table:number-rows-repeated="{empty_rows}">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        f"<table:table table:name={quoteattr(sheet)}>" + "".join(body) + "</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            z.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "gbk", delimiter: str = ",") -> bytes:
    """As Excel saves "CSV (逗号分隔)": CRLF line ends, quoted where needed."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)
