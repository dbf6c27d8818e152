"""The discretion benchmarks in the Excel layout (the "裁量基准" sheet: export and import,
round trip, bad rows refused in both languages), the CSV column and the JSON download."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

from yangguang.powers import services as s
from yangguang.powers.excel import benchmarks, plan, writer
from yangguang.powers.excel.cli import export_items
from yangguang.powers.models import DiscretionBenchmark

from .helpers import SYSTEM, Unchanged
from .test_benchmarks import add_benchmarks
from .test_catalogue import publish


def _rows(plist, code="CF00001000"):
    return [
        (b.grade, b.description, b.fine_min, b.fine_max, b.other_penalties, b.quantified)
        for b in DiscretionBenchmark.objects.filter(
            power__power_list=plist, power__code=code
        ).order_by("pk")
    ]


def _export(org) -> bytes:
    data_items, title = export_items(org["dept"], None)
    return writer.workbook_bytes(data_items, title)


def _edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book[benchmarks.SHEET])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_export_writes_the_benchmark_sheet(plist, org, items):
    add_benchmarks(items["cf1"])
    book = load_workbook(io.BytesIO(_export(org)))
    assert book.sheetnames == ["权力清单", "裁量基准"]
    rows = list(book["裁量基准"].iter_rows(values_only=True))
    assert list(rows[0]) == list(benchmarks.HEADERS.values())
    assert rows[0][:4] == ("职权编码", "职权名称", "违法情节", "情形描述")
    assert (
        "CF00001000",
        "对经营超过保质期食品的处罚",
        "一般",
        "一般",
        50000,
        65000,
        None,
        "是",
    ) in rows
    assert (
        "CF00001000",
        "对经营超过保质期食品的处罚",
        "轻微",
        "首次轻微",
        None,
        None,
        "警告",
        "是",
    ) in rows
    grave = next(r for r in rows if r[2] == "严重")
    assert grave[4:] == (85000, 100000, "没收违法所得", "否")


def test_round_trip_keeps_the_benchmarks(plist, org, items):
    add_benchmarks(items["cf1"])
    before_rows = _rows(plist)
    exported = _export(org)
    before = Unchanged()
    p = plan.build(exported, plist)
    assert p.ok, p.errors
    assert p.outcome.updated == {} and p.summary()["created"] == 0
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    before.check()
    # removed in the list, imported again from the file
    for b in DiscretionBenchmark.objects.filter(power=items["cf1"]):
        s.power_detail_delete(actor=SYSTEM, detail=b)
    p = plan.build(exported, plist)
    assert p.ok and p.outcome.updated == {"CF00001000": ["benchmarks"]}
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    assert _rows(plist) == before_rows


def test_import_changes_a_benchmark(plist, org, items):
    add_benchmarks(items["cf1"])

    def change(ws):
        for row in ws.iter_rows(min_row=2):
            if row[2].value == "一般":
                row[5].value = 70000
            if row[2].value == "轻微":
                row[0].value = None  # the row removed: blank
                for c in row:
                    c.value = None
        ws.append(["CF00002000", "", "较重", "拒不改正的", "1,000", "5000元", "", "未细化"])

    p = plan.build(_edit(_export(org), change), plist)
    assert p.ok, p.errors
    assert p.outcome.updated == {"CF00001000": ["benchmarks"], "CF00002000": ["benchmarks"]}
    s.power_items_import(actor=SYSTEM, power_list=plist, rows=p.rows)
    grades = {r[0]: r for r in _rows(plist)}
    assert set(grades) == {"ordinary", "grave"} and grades["ordinary"][3] == Decimal("70000")
    assert _rows(plist, "CF00002000") == [
        ("serious", "拒不改正的", Decimal("1000"), Decimal("5000"), "", False)
    ]


def test_bad_benchmark_rows_are_refused_in_both_languages(plist, org, items):
    add_benchmarks(items["cf1"])

    def change(ws):
        ws.append(["CF09999000", "", "一般", "x", 1, 2, "", "是"])  # not in the list sheet
        ws.append(["XK00001000", "", "一般", "x", 1, 2, "", "是"])  # not a penalty
        ws.append(["CF00002000", "", "中等", "x", 1, 2, "", "是"])  # unknown grade
        ws.append(["CF00002000", "", "一般", "x", 9, 2, "", "是"])  # inverted range
        ws.append(["CF00002000", "", "较重", "x", 1, None, "", "是"])  # half a range
        ws.append(["CF00002000", "", "严重", "x", None, None, "", "是"])  # no penalty at all
        ws.append(["CF00002000", "", "轻微", "", None, None, "警告", "是"])  # no description
        ws.append(["CF00001000", "", "一般", "又一条", 1, 2, "", "是"])  # grade repeated
        ws.append(["CF00002000", "", "轻微", "x", "abc", 2, "", "是"])  # not a number
        ws.append(["CF00002000", "", "轻微", "x", None, None, "警告", "也许"])  # yes/no

    before = Unchanged()
    p = plan.build(_edit(_export(org), change), plist)
    assert not p.ok
    found = {e.code for e in p.errors}
    assert found == {
        "benchmark_item_unknown",
        "benchmark_not_penalty",
        "grade_unknown",
        "fine_range_inverted",
        "fine_range_incomplete",
        "benchmark_no_penalty",
        "required",
        "benchmark_duplicate",
        "amount_invalid",
        "quantified_invalid",
    }, [(e.code, e.zh) for e in p.errors]
    for e in p.errors:
        assert e.column.startswith("裁量基准") and e.zh and e.en and e.row > 1
    refusal = p.refusal()
    assert refusal.zh and refusal.en and "裁量基准" in refusal.zh
    before.check()


def test_a_sheet_without_its_header_is_refused(plist, org, items):
    def change(ws):
        for row in ws.iter_rows():
            for c in row:
                c.value = None
        ws.append(["甲", "乙"])

    p = plan.build(_edit(_export(org), change), plist)
    assert [e.code for e in p.errors] == ["benchmark_header_missing"]
    assert p.errors[0].en


def test_a_workbook_without_the_sheet_leaves_them_alone(plist, org, items):
    add_benchmarks(items["cf1"])
    book = load_workbook(io.BytesIO(_export(org)))
    del book[benchmarks.SHEET]
    buf = io.BytesIO()
    book.save(buf)
    p = plan.build(buf.getvalue(), plist)
    assert p.ok and p.outcome.updated == {}
    assert all(r.benchmarks is None for r in p.rows)


def test_csv_and_json_downloads_carry_them(plist, people, items):
    add_benchmarks(items["cf1"])
    publish(plist, people)
    text = Client().get("/powers/org/D1/download.csv").content.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[-1] == "裁量基准"
    assert "一般: 一般; 罚款50000–65000元" in text
    assert "严重: 情节严重的; 罚款85000–100000元; 没收违法所得; 未细化" in text
    assert "轻微: 首次轻微; 警告" in text
    data = json.loads(Client().get("/powers/org/D1/download.json").content)
    item = next(i for i in data["items"] if i["code"] == "CF00001000")
    grades = {b["grade"]: b for b in item["benchmarks"]}
    assert grades["ordinary"]["fine_min"] == "50000.00" and grades["grave"]["quantified"] is False
    book = load_workbook(io.BytesIO(Client().get("/powers/org/D1/download.xlsx").content))
    assert "裁量基准" in book.sheetnames
