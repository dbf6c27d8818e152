"""Power lists laid out the way counties publish them, made with openpyxl from one
logical list, so that the tests can check that every layout imports to the same items.
No tests here.

The layouts vary what published lists vary:

* header: one row (``主项名称`` and ``子项名称`` side by side) or two (``职权名称`` merged
  over ``主项``/``子项``, the other labels merged down), after a title row, a
  ``填报单位`` row and a unit/date note row, each optional;
* main items: a row of their own with the main code (``own``); no row, the name merged
  down over the sub-items, each with its own code (``merged``, the commonest); no row,
  the name repeated on each sub-item row (``repeated``); or the main code and name merged
  down over the sub-items, the first sub-item's name on the main row and the others
  without codes (``merged_code``);
* numbering (``序号``): ``1`` … with sub-items ``1.1``, ``(1)`` or blank; ``一、``;
* codes as written: plain, small letters, full-width, with hyphens, with spaces;
* 实施主体: full name, short name, without the county, with province and city before it;
  merged over a main item's rows or written on each row; 设定依据 merged or repeated;
* blank rows between main items, section rows (``一、行政许可``), note rows at the end.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

TYPE_NAMES = {"XK": "行政许可", "CF": "行政处罚", "JC": "行政检查"}


@dataclass
class Main:
    code: str
    name: str
    type: str
    basis: str
    subs: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


#: the logical list: what every layout must import to
LIST = [
    Main(
        "XK00009000",
        "食品经营许可",
        "XK",
        "《中华人民共和国食品安全法》第三十五条",
        [
            ("XK00009001", "食品经营许可(新办)"),
            ("XK00009002", "食品经营许可(延续)"),
            ("XK00009003", "食品经营许可(变更)"),
        ],
    ),
    Main("XK00010000", "特种设备使用登记", "XK", "《中华人民共和国特种设备安全法》第三十三条"),
    Main(
        "CF00003000",
        "对生产经营不符合食品安全标准食品的处罚",
        "CF",
        "《中华人民共和国食品安全法》第一百二十四条",
        [
            ("CF00003001", "对生产经营致病性微生物超标食品的处罚"),
            ("CF00003002", "对生产经营超范围使用食品添加剂食品的处罚"),
        ],
    ),
    Main(
        "JC00002000",
        "食品生产经营监督检查",
        "JC",
        "《中华人民共和国食品安全法》第一百一十条",
        [("JC00002001", "食品生产监督检查"), ("JC00002002", "食品经营监督检查")],
    ),
]

#: how the importing organisation is named in the tests' fixture (tests/powers/test_excel_layouts.py)
BODY_NAMES = {
    "full": "某县市场监督管理局",
    "short": "县市场监管局",
    "no_county": "市场监督管理局",
    "province": "广东省某市某县市场监督管理局",
}


@dataclass
class Layout:
    header: str = "two"  # "one" | "two"
    title: bool = True
    unit_row: bool = True  # 填报单位：…
    note_row: bool = False  # a unit/date line above the header
    mains: str = "merged"  # "own" | "merged" | "repeated" | "merged_code"
    seq: str = "dotted"  # "plain" | "dotted" (1, 1.1) | "paren" ((1)) | "chinese" (一、)
    code_style: str = "plain"  # "plain" | "lower" | "fullwidth" | "hyphen" | "spaced"
    body: str = "full"  # a key of BODY_NAMES
    body_merged: bool = True
    basis_merged: bool = True
    type_text: str = "name"  # "name" (行政许可) | "code" (XK)
    blank_rows: bool = True
    sections: bool = False  # a "一、行政许可" row before each type's items
    end_notes: int = 1  # 备注 rows at the end


_FULLWIDTH = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ０１２３４５６７８９",
)
_CHINESE = "一二三四五六七八九十"


def code_as(code: str, style: str) -> str:
    if style == "lower":
        return code.lower()
    if style == "fullwidth":
        return code.translate(_FULLWIDTH)
    if style == "hyphen":
        return f"{code[:2]}-{code[2:7]}-{code[7:]}"
    if style == "spaced":
        return f"{code[:2]} {code[2:]}"
    return code


def _seq(style: str, n: int, sub: int) -> Any:
    if style == "plain":
        return n if sub == 0 else None
    if style == "dotted":
        return n if sub == 0 else f"{n}.{sub}"
    if style == "paren":
        return n if sub == 0 else f"({sub})"
    return f"{_CHINESE[n - 1]}、" if sub == 0 else f"{sub}."


COLUMNS = ["seq", "code", "name", "sub_name", "type", "body", "basis", "remarks"]


def _header(ws, layout: Layout) -> None:
    top = ws._current_row + 1
    if layout.header == "two":
        ws.append(
            ["序号", "职权编码", "职权名称", None, "职权类别", "实施主体", "设定依据", "备注"]
        )
        ws.append([None, None, "主项", "子项", None, None, None, None])
        ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
        for col in (1, 2, 5, 6, 7, 8):
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    else:
        ws.append(
            ["序号", "权力编码", "主项名称", "子项名称", "权力类型", "实施机关", "实施依据", "备注"]
        )


def workbook(layout: Layout, items: list[Main] = LIST) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "权力清单"
    width = len(COLUMNS)
    if layout.title:
        ws.append(["某县市场监督管理局权力清单"])
        ws.merge_cells(
            start_row=ws._current_row, start_column=1, end_row=ws._current_row, end_column=width
        )
    if layout.unit_row:
        ws.append(
            ["填报单位：" + BODY_NAMES[layout.body], None, None, None, None, "填报日期：2026年11月"]
        )
        ws.merge_cells(
            start_row=ws._current_row, start_column=1, end_row=ws._current_row, end_column=4
        )
    if layout.note_row:
        ws.append(["(按职权类别排列, 共 4 项主项)"])
    _header(ws, layout)
    body = BODY_NAMES[layout.body]
    last_type = None
    for n, main in enumerate(items, start=1):
        if layout.sections and main.type != last_type:
            ws.append(
                [
                    None,
                    None,
                    f"{_CHINESE[len({m.type for m in items[:n]}) - 1]}、{TYPE_NAMES[main.type]}",
                ]
            )
        last_type = main.type
        kind = TYPE_NAMES[main.type] if layout.type_text == "name" else main.type
        first = ws._current_row + 1
        rows: list[list[Any]] = []
        mains = layout.mains if main.subs else "own"
        if mains == "own":
            rows.append(
                [
                    _seq(layout.seq, n, 0),
                    code_as(main.code, layout.code_style),
                    main.name,
                    None,
                    kind,
                    body,
                    main.basis,
                    None,
                ]
            )
        for s, (code, name) in enumerate(main.subs, start=1):
            written = code_as(code, layout.code_style)
            main_name = None
            if mains in ("merged", "repeated") and (s == 1 or mains == "repeated"):
                main_name = main.name
            if mains == "merged_code":
                written = code_as(main.code, layout.code_style) if s == 1 else None
                main_name = main.name if s == 1 else None
            seq = _seq(layout.seq, n, 0 if (s == 1 and mains != "own") else s)
            if mains == "merged_code" or (mains != "own" and layout.seq in ("plain", "chinese")):
                seq = _seq(layout.seq, n, 0) if s == 1 else None
            rows.append([seq, written, main_name, name, kind, body, main.basis, None])
        last = first + len(rows) - 1
        for r, values in enumerate(rows):
            if r > 0 and layout.body_merged:
                values[5] = None
            if r > 0 and layout.basis_merged:
                values[6] = None
            ws.append(values)
        if last > first:
            if layout.body_merged:
                ws.merge_cells(start_row=first, start_column=6, end_row=last, end_column=6)
            if layout.basis_merged:
                ws.merge_cells(start_row=first, start_column=7, end_row=last, end_column=7)
            sub_first = first + 1 if mains == "own" else first
            if mains in ("merged", "merged_code") and last > sub_first:
                ws.merge_cells(start_row=sub_first, start_column=3, end_row=last, end_column=3)
            if mains == "merged_code" and last > sub_first:
                ws.merge_cells(start_row=sub_first, start_column=1, end_row=last, end_column=1)
                ws.merge_cells(start_row=sub_first, start_column=2, end_row=last, end_column=2)
        if layout.blank_rows:
            ws.append([])
    notes = [
        "备注：本清单所列事项均由本单位实施。",
        "填报人：张某  审核人：李某  联系电话：0000-1234567",
    ]
    for text in notes[: layout.end_notes]:
        ws.append([text])
        ws.merge_cells(
            start_row=ws._current_row, start_column=1, end_row=ws._current_row, end_column=width
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_stored_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with the given stored (cached) results written into its formula
    cells (``{"G5": "text"}``), as Excel does on saving; openpyxl writes none."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = content.decode()
                for ref, value in values.items():
                    pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>(</c>)')
                    text, count = pattern.subn(
                        lambda m, r=ref, v=value: (
                            f'<c r="{r}"{m[1]} t="str"><f>{m[2]}</f><v>{v}</v></c>'
                        ),
                        text,
                    )
                    assert count == 1, (ref, text[:500])
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()
