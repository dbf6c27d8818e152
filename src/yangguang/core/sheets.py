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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from django.utils.functional import Promise

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
