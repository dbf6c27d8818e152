"""What goes out in a spreadsheet or a PDF cannot attack its reader: the one place every
export neutralises cell text (formula / DDE injection, OWASP "CSV injection") and escapes
user text for ReportLab's paragraph markup.

* ``neutralise(text)``: text starting with ``= + - @``, tab or carriage return (or a quote
  before one of them) gets a leading ``'``, so that Excel, LibreOffice and WPS show it as
  text instead of running it (``=HYPERLINK(...)``, ``=cmd|'/c calc'!A0``); ``restore``
  undoes it on import (the power lists read their own exports back unchanged).
* ``cell(value)``: any value for ``openpyxl``'s ``append`` or ``csv.writer``: strings
  neutralised, numbers, dates and ``None`` as they are.
* ``row(values)``: ``cell`` over a row.
* ``pdf_text(text)``: user text for a ReportLab ``Paragraph``, whose text is markup
  (``<b>``, ``<a href>``, ``<img src>``): escaped, so a risk text is printed as typed and
  an unclosed tag cannot break the document; line breaks kept as ``<br/>``.

Excel workbooks (openpyxl) are written through ``xlsx_cell`` / ``append``: a text that
would run as a formula is stored as a text cell with Excel's hidden quote prefix
(``quotePrefix``: Excel, LibreOffice and WPS show it as text, without a visible ``'``,
and keep it text when it is edited), so the reader sees what was typed. Every cell gets
the Chinese font, thin borders and wrapping; ``title_row``, ``header_row`` and
``print_setup`` (A3 landscape, fit to the page's width, header rows repeated on every
page, page numbers) make a sheet print like an official list. A CSV has no such cell
type: ``cell`` and ``row`` neutralise with a visible ``'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from django.utils.functional import Promise
from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    """Text safe to put in a spreadsheet or CSV cell."""
    if text and (text[0] in DANGEROUS or (text[0] == QUOTE and text[1:2] in (*DANGEROUS, QUOTE))):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text ``neutralise`` was given."""
    if text.startswith(QUOTE) and text[1:2] in (*DANGEROUS, QUOTE) and len(text) > 1:
        return text[1:]
    return text


def cell(value: Any) -> Any:
    """``value`` for a spreadsheet or CSV cell: text neutralised, other values unchanged."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    return neutralise(value) if isinstance(value, str) else value


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]


def pdf_text(text: Any) -> str:
    """``text`` (any value; ``None`` is empty) as a ReportLab paragraph's markup."""
    if text is None:
        return ""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


# --- Excel workbooks --------------------------------------------------------------------

#: the font of every exported cell: 宋体 (SimSun), which Excel, WPS and LibreOffice map
#: to the system's Song face
FONT = "宋体"
BODY = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=16, bold=True)
_THIN = Side(style="thin", color="000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
A3 = 8  # openpyxl's paperSize code (Worksheet.PAPERSIZE_A3)


def xlsx_cell(
    ws,
    value: Any,
    *,
    font: Font = BODY,
    border: Border | None = BOX,
    alignment: Alignment | None = WRAP,
    fill: str | None = None,
) -> Cell:
    """A cell for ``ws.append`` (a normal or a write-only sheet) holding ``value``: text
    that starts like a formula is a text cell with the hidden quote prefix; a text
    starting with a quote before such a character is neutralised as for a CSV, so that
    ``restore`` on import gives it back; characters XML cannot hold are dropped."""
    if isinstance(value, Promise):
        value = str(value)
    quoted = False
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(QUOTE):
            value = neutralise(value)
        quoted = value[:1] in DANGEROUS
    out = Cell(ws, row=1, column=1, value=None if quoted else value)
    if quoted:
        out.value, out.data_type, out.quotePrefix = value, "s", True
    out.font = font
    if border is not None:
        out.border = border
    if alignment is not None:
        out.alignment = alignment
    if fill:
        out.fill = PatternFill("solid", fgColor=fill)
    return out


def append(ws, values: Iterable[Any], **style: Any) -> None:
    """Append a row of ``xlsx_cell``s (``style``: their keyword arguments)."""
    ws.append([xlsx_cell(ws, v, **style) for v in values])


def title_row(ws, text: Any, width: int) -> None:
    """A title over the first ``width`` columns, centred (the sheet's next row)."""
    append(ws, [text, *([None] * (width - 1))], font=TITLE, border=None, alignment=CENTRE)
    n = ws.max_row
    ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
    ws.row_dimensions[n].height = 32


def header_row(ws, values: Iterable[Any]) -> None:
    append(ws, values, font=BOLD, alignment=CENTRE)


def print_setup(ws, *, repeat_rows: str | None = None, landscape: bool = True) -> None:
    """Print like an official list: A3, landscape, as wide as the page (as many pages
    down as it takes), ``repeat_rows`` (``"2:3"``: the header) on every page, centred,
    page numbers in the footer, grid lines not printed (the cells have borders)."""
    ws.page_setup.paperSize = A3
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if repeat_rows:
        ws.print_title_rows = repeat_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = FONT
