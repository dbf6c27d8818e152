"""The Excel export: the layout governments publish, formula cells neutralised, and a
round trip (export, then import) that changes nothing."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from yangguang.audit.models import AuditEntry
from yangguang.powers import services as s
from yangguang.powers.excel import cells, plan, writer
from yangguang.powers.excel.cli import export_items

from .helpers import SYSTEM, Unchanged
from .test_excel_support import book_bytes


def _import(data, plist):
    p = plan.build(data, plist)
    assert p.ok, p.errors
    return s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)


def test_layout_title_merged_header_and_continuation_rows(plist, org, items):
    s.legal_basis_add(actor=SYSTEM, item=items["xk"], law="《行政许可法》", article="第十二条")
    data_items, title = export_items(org["dept"], None)
    wb = load_workbook(io.BytesIO(writer.workbook_bytes(data_items, title)))
    ws = wb.active
    assert ws["A1"].value == "某县市场监督管理局权力清单(工作稿)"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:L1", "C2:D2", "A2:A3", "J2:K2"} <= merged
    assert [ws.cell(3, c).value for c in (3, 4, 10, 11)] == ["主项", "子项", "法定期限", "承诺期限"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    codes = [r[1] for r in rows]
    assert codes.index("XK00001001") == codes.index("XK00001000") + 1
    sub = rows[codes.index("XK00001001")]
    assert sub[0] is None and sub[2] is None and sub[3] == "食品经营许可(新办)"
    main = rows[codes.index("XK00001000")]
    assert main[6] == "《行政许可法》第十二条" and main[9] == "20个工作日"


def test_round_trip_changes_nothing(plist, org):
    _import(book_bytes(), plist)
    item = plist.items.get(code="XK00002000")
    s.power_item_update(
        actor=SYSTEM,
        item=item,
        statutory_limit=20,
        statutory_unit="working_days",
        promised_limit=1,
        promised_unit="months",
        remarks="=1+1 @SUM -5 +x",
    )
    data_items, title = export_items(org["dept"], None)
    exported = writer.workbook_bytes(data_items, title)
    before = Unchanged()
    p = plan.build(exported, plist)
    assert p.ok, p.errors
    assert p.summary()["created"] == 0 and p.outcome.updated == {}, p.outcome.updated
    _import(exported, plist)
    before.check()


def test_export_of_a_published_version(plist, org, people, items):
    _publish(plist, people)
    data_items, title = export_items(org["dept"], 1)
    assert title.endswith("(第1版)") and len(data_items) == 5
    wb = load_workbook(io.BytesIO(writer.workbook_bytes(data_items, title)))
    assert wb.active.max_row == 3 + 5


def _publish(plist, people):
    s.power_list_submit(actor=SYSTEM, power_list=plist, by=people["clerk"])
    s.power_list_first_approve(actor=SYSTEM, power_list=plist, by=people["leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=plist, by=people["gov_leader"])
    return s.power_list_publish(actor=SYSTEM, power_list=plist)


DANGEROUS = st.sampled_from(["=", "+", "-", "@"])
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(first=DANGEROUS, rest=TEXT)
def test_neutralised_cells_never_start_a_formula_and_round_trip(first, rest):
    value = first + rest
    safe = cells.neutralise(value)
    assert safe[0] not in "=+-@\t\r"
    assert cells.restore(safe) == value


@given(value=TEXT)
def test_any_text_round_trips(value):
    assert cells.restore(cells.neutralise(value)) == value


@settings(deadline=None)  # a workbook written and read per example
@given(first=DANGEROUS, rest=TEXT)
def test_exported_workbook_holds_text_not_formulas(first, rest):
    value = (first + rest).strip() or first
    item = {
        "code": "XK00001000",
        "name": value,
        "parent_code": "",
        "type": {"code": "XK", "name": "行政许可"},
        "implementing_body": {"code": "D1", "name": value},
        "legal_bases": [],
        "responsibilities": [],
        "accountabilities": [],
        "statutory_limit": None,
        "promised_limit": None,
        "remarks": value,
    }
    ws = load_workbook(io.BytesIO(writer.workbook_bytes([item], value))).active
    row = next(ws.iter_rows(min_row=4))
    assert row[2].value == value and row[11].value == value  # no visible quote
    assert cells.text_of(row[2].value) == value.strip()
    assert row[2].data_type == "s" and row[2].quotePrefix  # a text cell, never a formula


def test_csv_is_utf8_with_bom_and_neutralised(plist, org, items):
    s.power_item_update(actor=SYSTEM, item=items["cf1"], remarks="=cmd|' /C calc'!A0")
    data_items, _ = export_items(org["dept"], None)
    data = writer.csv_bytes(data_items)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("职权编码,主项编码,职权名称")
    assert "'=cmd" in text and ",=cmd" not in text
    assert AuditEntry.objects.exists()
