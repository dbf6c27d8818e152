"""The Excel import: header detection, preview before save, commit in one transaction,
idempotent re-import, and every kind of bad input refused with a clear error."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError
from yangguang.powers import services as s
from yangguang.powers.excel import cells, columns, plan, safety
from yangguang.powers.excel.apply import ItemRow
from yangguang.powers.models import PowerItem

from .helpers import SYSTEM, Unchanged
from .test_excel_support import book_bytes, standard_rows


def build(data, power_list, **kw):
    return plan.build(data, power_list, **kw)


def test_detects_title_two_row_merged_header_notes_and_blank_rows(plist):
    p = build(book_bytes(), plist)
    assert p.ok, p.errors
    assert p.mapping.header_rows == [2, 3]
    assert p.mapping.column_of("name") == 2 and p.mapping.column_of("sub_name") == 3
    assert [r.code for r in p.rows] == [
        "XK00001000",
        "XK00001001",
        "XK00001002",
        "XK00002000",
        "CF00001000",
    ]
    assert p.skipped and p.skipped[0][1].startswith("备注")
    sub = p.rows[1]
    assert sub.name == "食品经营许可(新办)" and sub.parent_code == "XK00001000"
    main = p.rows[0]
    assert main.legal_bases == [
        ("《中华人民共和国食品安全法》", "第三十五条", "国家对食品生产经营实行许可制度。")
    ]
    assert [st for st, _ in main.responsibilities] == ["acceptance", "examination", "decision"]
    assert len(main.accountabilities) == 2
    assert p.summary()["created"] == 5


def test_single_row_header_without_title(plist):
    p = build(book_bytes(title=None, two_rows=False, notes=False), plist)
    assert p.ok and len(p.rows) == 5 and p.mapping.header_rows == [1]


def test_continuation_rows_without_codes_get_derived_codes(plist):
    rows = [
        [1, "XK00003000", "某许可", None, "行政许可", None, None, None, None, None],
        [None, None, None, "某许可(新办)", None, None, None, None, None, None],
        [None, None, None, "某许可(延续)", None, None, None, None, None, None],
    ]
    p = build(book_bytes(rows), plist)
    assert p.ok, p.errors
    assert [r.code for r in p.rows] == ["XK00003000", "XK00003001", "XK00003002"]


def test_preview_writes_nothing(plist, items):
    before = Unchanged()
    p = build(book_bytes(), plist)
    assert p.ok
    assert p.summary()["created"] == 1  # XK00002000; the rest exist (some changed)
    before.check()


def test_commit_then_reimport_changes_nothing(plist, org):
    data = book_bytes()
    p = build(data, plist)
    audit_before = AuditEntry.objects.count()
    outcome = s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    assert len(outcome.created) == 5
    assert AuditEntry.objects.count() == audit_before + 5
    assert set(
        AuditEntry.objects.filter(seq__gt=audit_before).values_list("action", flat=True)
    ) == {"power.item_create"}
    main = PowerItem.objects.get(power_list=plist, code="XK00001000")
    assert main.sub_items.count() == 2 and main.implementing_body == org["dept"]
    assert main.legal_bases.count() == 1 and main.responsibilities.count() == 3
    assert main.accountabilities.count() == 2
    # the same file again: nothing changes, nothing is written to the trail
    unchanged = Unchanged()
    again = build(data, plist)
    assert again.summary()["unchanged"] == 5 and again.summary()["created"] == 0
    outcome = s.power_items_import(actor=SYSTEM, power_list=plist, rows=again.rows)
    assert outcome.created == [] and outcome.updated == {} and len(outcome.unchanged) == 5
    unchanged.check()


def test_changed_cell_updates_one_item_with_one_entry(plist):
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=build(book_bytes(), plist).rows)
    rows = standard_rows()
    rows[3][2] = "建设工程规划许可证核发"
    rows[4][7] = "1.立案责任：及时立案。\n2.调查取证责任：全面调查。"
    p = build(book_bytes(rows), plist)
    assert set(p.outcome.updated) == {"XK00002000", "CF00001000"}
    assert p.outcome.updated["CF00001000"] == ["responsibilities"]
    before = AuditEntry.objects.count()
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    entries = list(AuditEntry.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in entries] == ["power.item_update", "power.item_update"]
    cf = PowerItem.objects.get(power_list=plist, code="CF00001000")
    assert [r.stage for r in cf.responsibilities.all()] == ["filing", "investigation"]
    assert PowerItem.objects.get(code="XK00002000").name == "建设工程规划许可证核发"


def _errors(rows, plist, **kw):
    p = build(book_bytes(rows, **kw), plist)
    assert not p.ok
    return p.errors


@pytest.mark.parametrize(
    ("change", "code", "column"),
    [
        ((0, 4, "行政魔法"), "power_type_unknown", "E 职权类型"),
        ((0, 1, "XK1"), "power_code_invalid", "B 职权编码"),
        ((4, 1, "XK00001000"), "power_code_duplicate", "B 职权编码"),
        ((4, 4, "行政许可"), "power_code_type_mismatch", "E 职权类型"),
        ((3, 6, '=HYPERLINK("http://x")'), "formula_cell", "G 设定依据"),
    ],
)
def test_bad_rows_are_reported_with_row_column_value_and_reason(plist, change, code, column):
    rows = standard_rows()
    r, c, value = change
    rows[r][c] = value
    errors = _errors(rows, plist)
    assert code in {e.code for e in errors}, errors
    error = next(e for e in errors if e.code == code)
    assert error.column == column and error.row >= 4
    assert error.zh and error.en and "(" in error.message


def test_sub_item_without_main(plist):
    rows = [
        [None, None, None, "孤儿子项", "行政许可", None, None, None, None, None],
        [1, "XK00009001", "某子项", None, "行政许可", None, None, None, None, None],
    ]
    errors = _errors(rows, plist, notes=False, blank_rows=False)
    assert [e.code for e in errors] == ["sub_item_without_main", "sub_item_without_main"]


def test_time_limits_must_be_positive(plist):
    data = _with_limits(["0", "20个工作日", "-3", "三天"])
    errors = build(data, plist).errors
    assert [(e.row, e.code) for e in errors] == [
        (2, "time_limit_not_positive"),
        (4, "time_limit_not_positive"),
        (5, "time_limit_invalid"),
    ]
    assert errors[0].column == "C 法定期限"


def _with_limits(limits):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["职权编码", "职权名称", "法定期限", "职权类型"])
    for n, value in enumerate(limits, start=1):
        ws.append([f"XK{n:05d}000", f"许可{n}", value, "XK"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_time_limit_cells():
    assert cells.parse_limit("20个工作日") == (20, "working_days")
    assert cells.parse_limit("30个自然日") == (30, "calendar_days")
    assert cells.parse_limit("3个月") == (3, "months")
    assert cells.parse_limit(15) == (15, "working_days")
    assert cells.parse_limit("即办") == (None, "")
    for bad in ("0", -1, "1.5", "二十天", "20周"):
        with pytest.raises(cells.CellError):
            cells.parse_limit(bad)


def test_mapping_file_overrides_detection(plist):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号X", "名目", "类"])  # nothing we know
    ws.append(["XK00001000", "某许可", "XK"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(DomainError) as exc:
        build(buf.getvalue(), plist)
    assert exc.value.error_code == "columns_missing"
    override = columns.load_mapping_file(
        json.dumps({"header_row": 1, "columns": {"A": "code", "名目": "name", "C": "type"}})
    )
    p = build(buf.getvalue(), plist, override=override)
    assert p.ok and p.rows[0].code == "XK00001000"
    with pytest.raises(DomainError):
        columns.load_mapping_file('{"columns": {"A": "nonsense"}}')
    with pytest.raises(DomainError):
        columns.load_mapping_file("not json")


# --- files that are not spreadsheets ------------------------------------------------------


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xd0\xcf\x11\xe0 old xls or anything", "not_a_spreadsheet"),
        ("只有一列\n的文本\n".encode(), "not_a_spreadsheet"),  # (a CSV has columns)
        (b"PK\x03\x04 truncated", "not_a_spreadsheet"),
        (_zip({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"<w/>"}), "not_a_spreadsheet"),
        (_zip({"readme.txt": b"hello"}), "not_a_spreadsheet"),
        (_zip({"[Content_Types].xml": b"<Types/>", "bomb.xml": b"\0" * (30 * 1024 * 1024)}), "zip_bomb"),
        (_zip({"xl/vbaProject.bin": b"x", "[Content_Types].xml": b"<Types/>"}), "macro_workbook"),
    ],
)  # fmt: skip
def test_files_that_are_not_spreadsheets_are_refused(plist, data, code):
    before = Unchanged()
    with pytest.raises(DomainError) as exc:
        build(data, plist)
    assert exc.value.error_code == code
    assert exc.value.field == "file" and exc.value.zh and exc.value.en
    before.check()


def test_total_uncompressed_size_is_limited(settings):
    settings.POWER_IMPORT_MAX_UNCOMPRESSED = 1024 * 1024
    data = _zip({f"m{i}.bin": bytes(range(256)) * 1024 for i in range(8)}, zipfile.ZIP_STORED)
    with pytest.raises(DomainError) as exc:
        safety.check_spreadsheet(data)
    assert exc.value.error_code == "zip_bomb"


def test_oversized_files_are_refused(settings, plist):
    settings.POWER_IMPORT_MAX_BYTES = 1000
    with pytest.raises(DomainError) as exc:
        build(book_bytes(), plist)
    assert exc.value.error_code == "file_too_large"


# --- the service: all or nothing ----------------------------------------------------------


def test_failed_import_leaves_the_database_as_it_was(plist, items):
    before = Unchanged()
    rows = [
        ItemRow(row=2, code="XK00005000", name="新许可", type_code="XK"),
        ItemRow(row=3, code="XK00006000", name="名" * 201, type_code="XK"),  # too long
    ]
    with pytest.raises(DomainError):
        s.power_items_import(actor=SYSTEM, power_list=plist, rows=rows)
    before.check()
    bad = [ItemRow(row=2, code="XK00007001", name="无主项", type_code="XK")]
    with pytest.raises(DomainError) as exc:
        s.power_items_import(actor=SYSTEM, power_list=plist, rows=bad)
    assert exc.value.error_code == "sub_item_without_main" and "第 2 行" in exc.value.zh
    before.check()


def test_import_needs_an_editor_and_a_draft(plist, people):
    from yangguang.core.errors import PermissionDeniedError

    from .helpers import as_

    rows = [ItemRow(row=2, code="XK00005000", name="新许可", type_code="XK")]
    with pytest.raises(PermissionDeniedError):
        s.power_items_import(actor=as_(people["other_clerk"]), power_list=plist, rows=rows)
    with pytest.raises(PermissionDeniedError):
        s.power_items_import(actor=as_(people["leader"]), power_list=plist, rows=rows)
    s.power_items_import(actor=as_(people["clerk"]), power_list=plist, rows=rows)
    assert PowerItem.objects.filter(code="XK00005000").exists()


# --- the command line ---------------------------------------------------------------------


def test_cli_dry_run_import_and_export(plist, org, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(book_bytes())
    out = io.StringIO()
    call_command("powers", "import", str(path), "--org", "D1", "--dry-run", stdout=out)
    assert "新增 5" in out.getvalue() and not PowerItem.objects.exists()
    out = io.StringIO()
    call_command("powers", "import", str(path), "--org", "D1", stdout=out)
    assert PowerItem.objects.filter(power_list=plist).count() == 5
    target = tmp_path / "out.xlsx"
    call_command("powers", "export", "--org", "D1", "--out", str(target), stdout=io.StringIO())
    out = io.StringIO()
    call_command("powers", "import", str(target), "--org", "D1", "--dry-run", stdout=out)
    assert "新增 0, 修改 0, 不变 5" in out.getvalue()


def test_cli_reports_row_errors_and_fails(plist, tmp_path):
    rows = standard_rows()
    rows[0][4] = "行政魔法"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(book_bytes(rows))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("powers", "import", str(path), "--org", "D1", stdout=out)
    assert "行政魔法" in out.getvalue() and "E 职权类型" in out.getvalue()
    assert not PowerItem.objects.exists()
    text = tmp_path / "x.xlsx"
    text.write_text("not a spreadsheet")
    with pytest.raises(CommandError, match="not a spreadsheet"):
        call_command("powers", "import", str(text), "--org", "D1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no organisation"):
        call_command("powers", "import", str(path), "--org", "NOPE", stdout=io.StringIO())
