"""Power lists kept as .xls, .ods and CSV (GBK/GB18030 as Excel saves it in China) import
like the .xlsx, and what is not a spreadsheet is refused before it is parsed (issue 16
point 9)."""

from __future__ import annotations

import io
import zipfile

import pytest

from yangguang.core.errors import DomainError
from yangguang.powers.excel import cells, formats, plan, reader, safety

from .formats_support import csv_bytes, grid, ods_bytes, xls_bytes
from .helpers import Unchanged
from .test_excel_support import book_bytes

xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the .xls test files")


def _summary(p: plan.Plan) -> list[tuple]:
    return [
        (r.code, r.name, r.parent_code, r.type_code, r.legal_bases, r.responsibilities)
        for r in p.rows
    ]


def _texts(sheet: reader.Sheet) -> list[list[str]]:
    rows = [[cells.text_of(v) for v in row] for row in sheet.rows]
    for row in rows:
        while row and not row[-1]:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _all_formats() -> dict[str, bytes]:
    rows, merges = grid()
    return {
        "xls": xls_bytes(rows, merges),
        "ods": ods_bytes(rows, merges),
        "csv-gbk": csv_bytes(rows, "gbk"),
        "csv-gb18030": csv_bytes(rows, "gb18030"),
        "csv-utf8-bom": b"\xef\xbb\xbf" + csv_bytes(rows, "utf-8"),
        "csv-utf8": csv_bytes(rows, "utf-8"),
        "txt-utf16-tab": b"\xff\xfe" + csv_bytes(rows, "utf-16-le", delimiter="\t"),
        "csv-semicolon": csv_bytes(rows, "gbk", delimiter=";"),
    }


@pytest.mark.parametrize("name", list(_all_formats()))
def test_every_format_imports_like_the_xlsx(plist, name):
    data = _all_formats()[name]
    expected = plan.build(book_bytes(blank_rows=False), plist)
    p = plan.build(data, plist)
    assert p.ok, p.errors
    assert _summary(p) == _summary(expected)
    assert p.summary()["created"] == 5
    assert p.mapping.header_rows == [2, 3]


@pytest.mark.parametrize("name", ["xls", "ods"])
def test_cells_and_merged_ranges_read_as_in_the_xlsx(name):
    _rows, merges = grid()
    xlsx = reader.read_sheet(book_bytes(blank_rows=False))
    other = reader.read_sheet(_all_formats()[name])
    assert _texts(other) == _texts(xlsx)
    assert sorted(other.merges) == sorted(xlsx.merges) == sorted(merges)


def test_a_main_item_merged_over_its_sub_items_is_derived_from_an_ods(plist):
    rows = [
        ["序号", "职权编码", "职权名称", "子项名称", "职权类型", "实施主体"],
        [1, "XK00005001", "公共场所卫生许可", "新办", "行政许可", None],
        [None, "XK00005002", None, "延续", "行政许可", None],
    ]
    merges = [(2, 3, 3, 3), (2, 1, 3, 1)]
    for data in (ods_bytes(rows, merges), xls_bytes(rows, merges)):
        p = plan.build(data, plist)
        assert p.ok, p.errors
        assert [(r.code, r.name) for r in p.rows] == [
            ("XK00005000", "公共场所卫生许可"),
            ("XK00005001", "新办"),
            ("XK00005002", "延续"),
        ]


def test_gb18030_text_outside_gbk_survives():
    rows = [["职权编码", "职权名称", "职权类型"], ["XK00001000", "㐀字号许可", "行政许可"]]
    sheet = reader.read_sheet(csv_bytes(rows, "gb18030"))
    assert sheet.rows[1] == ("XK00001000", "㐀字号许可", "行政许可")


def test_a_quoted_cell_keeps_its_line_breaks_and_commas():
    rows = [
        ["职权编码", "职权名称", "责任事项"],
        ["XK00001000", "许可,变更", "1.受理责任：a\n2.决定责任：b"],
    ]
    sheet = reader.read_sheet(csv_bytes(rows, "gbk"))
    assert sheet.rows[1][1] == "许可,变更" and sheet.rows[1][2] == "1.受理责任：a\n2.决定责任：b"


def _ods_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (formats.XLS_MAGIC + b"\0" * 600, "not_a_spreadsheet"),  # damaged .xls
        (xls_bytes([["a"]]) + "_VBA_PROJECT_CUR".encode("utf-16-le"), "macro_workbook"),
        (ods_bytes([["a", "b"]], extra={"Basic/Standard/Module1.xml": b"<x/>"}), "macro_workbook"),
        (_ods_zip({"content.xml": b"\0" * (30 * 1024 * 1024)}), "zip_bomb"),
        (_ods_zip({"meta.xml": b"<x/>"}), "not_a_spreadsheet"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x01stream", "not_a_spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_spreadsheet"),
        ("只有一列的文本\n没有分隔符\n".encode(), "not_a_spreadsheet"),
        (b"\xff\xfe\x00\xd8", "not_a_spreadsheet"),  # a UTF-16 mark before a broken pair
        (b"\xd0\xcf\x11\xe0 old xls or anything", "not_a_spreadsheet"),
    ],
)  # fmt: skip
def test_what_is_not_a_spreadsheet_is_refused_before_it_is_parsed(plist, data, code):
    before = Unchanged()
    for check in (safety.check_spreadsheet, lambda d: plan.build(d, plist)):
        with pytest.raises(DomainError) as exc:
            check(data)
        assert exc.value.error_code == code, check
        assert exc.value.field == "file" and exc.value.zh and exc.value.en
    before.check()


def test_a_sheet_past_the_row_bound_is_refused(settings):
    settings.YANGGUANG_IMPORT_MAX_ROWS = 10
    rows = [["职权编码", "职权名称"]] + [[f"XK{n:05d}000", "x"] for n in range(1, 20)]
    for data in (ods_bytes(rows, empty_rows=5), xls_bytes(rows), csv_bytes(rows)):
        with pytest.raises(DomainError) as exc:
            reader.read_sheet(data)
        assert exc.value.error_code == "sheet_too_large"


def test_libreoffice_trailing_empty_rows_cost_nothing():
    rows, merges = grid()
    sheet = reader.read_sheet(ods_bytes(rows, merges, empty_rows=1_048_000))
    assert len(sheet.rows) == len(rows)


def test_a_named_sheet(plist):
    rows, merges = grid()
    data = ods_bytes(rows, merges, sheet="权责清单")
    assert plan.build(data, plist, override={"sheet": "权责清单"}).ok
    with pytest.raises(DomainError) as exc:
        plan.build(data, plist, override={"sheet": "别的"})
    assert exc.value.error_code == "sheet_missing"
    with pytest.raises(DomainError) as exc:
        plan.build(csv_bytes(rows), plist, override={"sheet": "别的"})
    assert exc.value.error_code == "sheet_missing"


def test_kinds():
    rows, merges = grid()
    assert formats.kind(book_bytes()) == "xlsx"
    assert formats.kind(xls_bytes(rows, merges)) == "xls"
    assert formats.kind(ods_bytes(rows, merges)) == "ods"
    assert formats.kind(csv_bytes(rows)) == "csv"
