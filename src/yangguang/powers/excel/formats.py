"""Power lists in the other formats offices keep them in, read into the same
``reader.Sheet`` as an ``.xlsx`` workbook:

* Excel 97-2003 (``.xls``, an OLE2 compound file) and OpenDocument (``.ods``, a zip
  with a ``mimetype``), read with python-calamine (formulas never evaluated: a formula
  cell reads as the value the file stored). Merged ranges of an ``.xls`` come from
  calamine; those of an ``.ods`` from its ``content.xml`` (``number-rows-spanned`` /
  ``number-columns-spanned``), streamed through defusedxml.
* CSV as Excel saves it: UTF-8 (with or without a byte-order mark), GBK/GB18030 (what
  "CSV (逗号分隔)" gives on a Chinese Windows), UTF-16 with a byte-order mark ("Unicode
  text", tab-separated); the delimiter (comma, tab, semicolon) found from the first
  lines.

Before anything is parsed the file is checked like an ``.xlsx`` (``safety``): its size,
for an ``.ods`` the zip's members, sizes and compression ratios, macros refused (an
``.xls`` with a VBA project, an ``.ods`` with Basic or scripts), and for a CSV that it is
text. The sheet's rows and cells are bounded (``YANGGUANG_IMPORT_MAX_ROWS`` and
``YANGGUANG_IMPORT_MAX_CELLS``) before they are kept.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from yangguang.core.errors import DomainError
from yangguang.powers.excel import safety

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_TYPES = frozenset(
    {
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.spreadsheet-template",
    }
)
KINDS = ("xlsx", "xls", "ods", "csv")
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _refuse(code: str, zh: str, en: str) -> DomainError:
    return DomainError(code=code, field="file", zh=zh, en=en)


def _not_a_spreadsheet(why_zh: str = "", why_en: str = "") -> DomainError:
    return _refuse(
        "not_a_spreadsheet",
        "不是可读取的电子表格(.xlsx、.xls、.ods 或 .csv)" + (f": {why_zh}" if why_zh else ""),
        "the file is not a spreadsheet that can be read (.xlsx, .xls, .ods or .csv)"
        + (f": {why_en}" if why_en else ""),
    )


def kind(data: bytes) -> str:
    """``xlsx``, ``xls``, ``ods`` or ``csv`` (anything that is neither an OLE2 file nor
    a zip: checked as text when read)."""
    if data.startswith(XLS_MAGIC):
        return "xls"
    if data.startswith(safety.ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            info = archive.getinfo("mimetype")
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            return "xlsx"  # refused or read by the xlsx path
        if info.file_size <= 100:
            try:
                mimetype = archive.read(info).decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
                return "xlsx"
            if mimetype in ODS_TYPES:
                return "ods"
        return "xlsx"
    return "csv"


# --- checks -----------------------------------------------------------------------------


def check(data: bytes, found: str | None = None, *, opening: bool = True) -> str:
    """Raise ``DomainError`` (field ``file``) unless ``data`` is a plausible, bounded
    ``.xls``, ``.ods`` or CSV file (``opening``: a workbook that calamine opens); its
    kind."""
    safety.check_size(len(data))
    found = found or kind(data)
    if found == "xls":
        if "_VBA_PROJECT".encode("utf-16-le") in data:
            raise _macro()
    elif found == "ods":
        _check_ods(data)
    if opening and found in ("xls", "ods"):
        _open(data)
    elif found == "csv":
        decode(data)
    return found


def _open(data: bytes):
    """The workbook (calamine reads its directory; the sheets are read when asked for),
    refused when it cannot be opened or has no sheet."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises CalamineError and others on a damaged file
        raise _refuse(
            "not_a_spreadsheet",
            "无法读取该电子表格, 文件可能已损坏或已加密",
            f"the spreadsheet cannot be read; it may be damaged or encrypted ({type(exc).__name__})",
        ) from None
    if not names:
        raise _not_a_spreadsheet()
    return book


def _macro() -> DomainError:
    return _refuse(
        "macro_workbook",
        "不接受含宏的工作簿, 请另存为不含宏的文件",
        "macro-enabled workbooks are refused; save the file without macros",
    )


def _check_ods(data: bytes) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_spreadsheet() from None
    if len(members) > safety.MAX_MEMBERS:
        raise _refuse(
            "zip_bomb",
            f"压缩包内文件过多({len(members)} 个), 疑为恶意文件",
            f"too many parts in the archive ({len(members)}): refused as malicious",
        )
    total = sum(m.file_size for m in members)
    if total > safety.max_uncompressed():
        raise _refuse(
            "zip_bomb",
            f"解压后过大({total / safety.MB:.0f} MB), 疑为压缩炸弹",
            f"it would inflate to {total / safety.MB:.0f} MB: refused as a zip bomb",
        )
    for m in members:
        ratio = m.file_size // max(m.compress_size, 1)
        if m.file_size > safety.MB and ratio > safety.max_ratio():
            raise _refuse(
                "zip_bomb",
                f"{m.filename} 压缩比异常({ratio}:1), 疑为压缩炸弹",
                f"{m.filename} is compressed {ratio}:1: refused as a zip bomb",
            )
    names = {m.filename for m in members}
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise _macro()
    if "content.xml" not in names:
        raise _not_a_spreadsheet()


def decode(data: bytes) -> str:
    """The text of a CSV file (see the module's note on encodings); refused when it is
    not text."""
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise _not_a_spreadsheet(
                    "无法按 " + encoding + " 解码", "not " + encoding
                ) from None
            break
    if text is None:
        for encoding in ("utf-8", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None:
        raise _not_a_spreadsheet(
            "CSV 文件须为 UTF-8 或 GBK/GB18030 编码", "a CSV file is UTF-8 or GBK/GB18030"
        )
    if _CONTROL.search(text):
        raise _not_a_spreadsheet("含有控制字符, 不是文本文件", "it holds control characters")
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines or not any(_delimiter(lines) in line for line in lines):
        raise _not_a_spreadsheet("没有分隔的列", "no delimited columns")
    return text


def _delimiter(lines: list[str]) -> str:
    """The delimiter found most often in the first lines (comma unless another wins)."""
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# --- reading ----------------------------------------------------------------------------


def _limits() -> tuple[int, int]:
    """The bounds of the xlsx reader (``YANGGUANG_IMPORT_MAX_ROWS`` and ``…_CELLS``)."""
    from yangguang.powers.excel import reader

    return reader.max_rows(), reader.max_cells()


def _bounded(rows_in) -> list[tuple[Any, ...]]:
    """The rows, trailing empty cells dropped; refused past the row or cell bounds."""
    max_rows, max_cells = _limits()
    out: list[tuple[Any, ...]] = []
    cells = 0
    for raw in rows_in:
        values = [None if v == "" else v for v in raw]
        while values and values[-1] is None:
            values.pop()
        out.append(tuple(values))
        cells += len(values)
        if len(out) > max_rows:
            raise _too_large(f"超过 {max_rows} 行", f"more than {max_rows} rows")
        if cells > max_cells:
            raise _too_large(f"超过 {max_cells} 个单元格", f"more than {max_cells} cells")
    while out and not out[-1]:
        out.pop()
    return out


def _too_large(zh: str, en: str) -> DomainError:
    return _refuse(
        "sheet_too_large",
        f"工作表过大: {zh}, 未读取; 请拆分后分批导入",
        f"the sheet is too large: {en}; not read. Split it and import it in parts",
    )


def _missing(sheet: str) -> DomainError:
    return DomainError(
        code="sheet_missing",
        field="mapping",
        zh=f"工作簿中没有名为 {sheet!r} 的工作表",
        en=f"the workbook has no sheet {sheet!r}",
    )


def read_sheet(data: bytes, sheet: str | None = None, found: str | None = None):
    """The named sheet or the first one of an ``.xls``, ``.ods`` or CSV file."""
    from yangguang.powers.excel.reader import Sheet

    found = check(data, found, opening=False)
    if found == "csv":
        if sheet:
            raise _missing(sheet)
        text = decode(data)
        lines = [line for line in text.splitlines()[:20] if line.strip()]
        rows = _bounded(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines)))
        return Sheet(title="CSV", rows=rows)
    book = _open(data)
    names = list(book.sheet_names)
    if sheet and sheet not in names:
        raise _missing(sheet)
    title = sheet or names[0]
    try:
        ws = book.get_sheet_by_name(title)
        # calamine's rows start at the sheet's first row but at its first used column
        pad = [None] * (ws.start[1] if ws.start else 0)
        rows = _bounded(pad + list(r) for r in ws.iter_rows())
        merges = ws.merged_cell_ranges if found == "xls" else None
    except DomainError:
        raise
    except Exception as exc:  # calamine raises CalamineError and others on a damaged file
        raise _refuse(
            "not_a_spreadsheet",
            "无法读取该电子表格, 文件可能已损坏或已加密",
            f"the spreadsheet cannot be read; it may be damaged or encrypted ({type(exc).__name__})",
        ) from None
    if found == "xls":
        spans = [(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in merges or []]
    else:
        spans = ods_merges(data, title)
    spans = [m for m in spans if (m[0], m[1]) != (m[2], m[3])]
    return Sheet(title=title, rows=rows, merges=spans)


def ods_merges(data: bytes, title: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges (1-based first row, column, last row, column) of the sheet
    ``title`` of an ``.ods`` file, from its ``content.xml``: a cell spanning rows or
    columns, at its position counting repeated rows and cells."""
    from defusedxml import ElementTree as SafeET

    out: list[tuple[int, int, int, int]] = []
    archive = zipfile.ZipFile(io.BytesIO(data))
    with archive.open("content.xml") as source:
        inside, row, column = False, 0, 0
        max_rows, _ = _limits()
        for event, element in SafeET.iterparse(source, events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE}table":
                if event == "start":
                    inside, row = element.get(f"{_TABLE}name") == title, 0
                else:
                    if inside:
                        break
                    element.clear()
            elif not inside:
                continue
            elif tag == f"{_TABLE}table-row":
                if event == "start":
                    column = 0
                else:
                    row += _count(element, "number-rows-repeated", max_rows)
                    element.clear()
            elif tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell") and event == "start":
                rows = _count(element, "number-rows-spanned", max_rows)
                columns = _count(element, "number-columns-spanned", 16384)
                if tag == f"{_TABLE}table-cell" and (rows > 1 or columns > 1):
                    out.append((row + 1, column + 1, row + rows, column + columns))
                column += _count(element, "number-columns-repeated", 16384)
    return out


def _count(element, name: str, limit: int) -> int:
    try:
        value = int(element.get(f"{_TABLE}{name}") or 1)
    except ValueError:
        return 1
    return max(1, min(value, max(limit, 1)))
