"""The columns of a power-list spreadsheet: the fields we import, the header labels
governments use for them, header detection and the JSON mapping file.

Header detection looks at the first ``SCAN_ROWS`` rows for the first one in which at
least three cells are known labels (a title row such as "XX局权力清单" above it is
skipped). If the next row holds sub-labels (e.g. 主项/子项 under a merged 职权名称, or
法定/承诺 under a merged 办理期限) and no code, it is a second header row; each column is
then named by its lower label, or its upper one where the lower is blank.

A mapping file overrides or completes the detection::

    {"sheet": "权力清单", "header_row": 3,
     "columns": {"B": "code", "职权名称": "name", "H": null}}

keys are column letters or header labels, values field names (``FIELDS``) or null to
ignore the column. ``"bodies": {"县市场监管所": "D1"}`` maps 实施主体 texts that name no
organisation by themselves to an organisation code (see ``bodies``); the preview adds
them as the user maps each name once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from yangguang.core.errors import DomainError

#: field -> (Chinese label used in the preview and the export, English label)
FIELDS: dict[str, tuple[str, str]] = {
    "seq": ("序号", "no."),
    "code": ("职权编码", "code"),
    "name": ("职权名称", "name"),
    "sub_name": ("子项", "sub-item"),
    "type": ("职权类型", "type"),
    "body": ("实施主体", "implementing body"),
    "basis": ("设定依据", "legal basis"),
    "responsibilities": ("责任事项", "responsibility items"),
    "accountabilities": ("追责情形", "accountability circumstances"),
    "statutory_limit": ("法定期限", "statutory time limit"),
    "promised_limit": ("承诺期限", "promised time limit"),
    "implementation_code": ("实施编码", "implementation code"),
    "level": ("行使层级", "level"),
    "entrusted_body": ("受委托组织", "entrusted body"),
    "counterpart": ("服务对象", "service object"),
    "complaint_channel": ("监督投诉渠道", "complaint channel"),
    "acceptance_conditions": ("受理条件", "acceptance conditions"),
    "remarks": ("备注", "remarks"),
}
REQUIRED = ("code", "name")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号序号", "no", "no."),
    "code": (
        "职权编码",
        "权力编码",
        "事项编码",
        "权力事项编码",
        "职权代码",
        "基本编码",
        "编码",
        "code",
    ),
    "name": (
        "职权名称",
        "权力名称",
        "事项名称",
        "权力事项名称",
        "职权事项名称",
        "项目名称",
        "主项",
        "主项名称",
        "name",
    ),
    "sub_name": ("子项", "子项名称", "子项目", "sub-item"),
    "type": ("职权类型", "权力类型", "事项类型", "权力类别", "职权类别", "类型", "类别", "type"),
    "body": ("实施主体", "行使主体", "实施机关", "实施部门", "实施单位", "承办机构"),
    "basis": ("设定依据", "实施依据", "法律依据", "法定依据", "依据"),
    "responsibilities": ("责任事项", "责任事项内容", "职责事项"),
    "accountabilities": (
        "追责情形",
        "追责情形及依据",
        "问责情形",
        "责任追究情形",
        "追责情形和依据",
    ),
    "statutory_limit": ("法定期限", "法定时限", "法定办结时限", "法定办理时限", "法定"),
    "promised_limit": ("承诺期限", "承诺时限", "承诺办结时限", "承诺办理时限", "承诺"),
    "implementation_code": ("实施编码", "实施清单编码"),
    "level": ("行使层级", "层级", "行使层级"),
    "entrusted_body": ("受委托组织", "委托组织"),
    "counterpart": ("服务对象",),
    "complaint_channel": ("监督投诉渠道", "投诉渠道", "监督投诉方式"),
    "acceptance_conditions": ("受理条件",),
    "remarks": ("备注", "说明"),
}
_LOOKUP = {label.lower(): name for name, labels in SYNONYMS.items() for label in labels}
SCAN_ROWS = 15
_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"[（(][^）)]*[）)]")


def normalise(label: Any) -> str:
    return _SPACE.sub("", str(label or "")).strip().lower()


def match(label: Any) -> str | None:
    """The field a header label names, or None."""
    text = normalise(label)
    if not text:
        return None
    return _LOOKUP.get(text) or _LOOKUP.get(_PAREN.sub("", text))


@dataclass
class Mapping:
    """Where the header is and which column holds which field."""

    header_rows: list[int]  # 1-based row numbers of the header (one or two)
    columns: dict[int, str]  # 0-based column index -> field
    labels: dict[int, str] = field(default_factory=dict)  # column index -> header text
    sheet: str | None = None

    @property
    def first_data_row(self) -> int:
        return max(self.header_rows) + 1

    def column_of(self, name: str) -> int | None:
        for index, value in self.columns.items():
            if value == name:
                return index
        return None

    def describe(self, index: int) -> str:
        """``B 职权编码``: the column letter and its header, for row errors."""
        label = self.labels.get(index) or FIELDS.get(self.columns.get(index, ""), ("",))[0]
        return f"{get_column_letter(index + 1)} {label}".strip()

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": min(self.header_rows),
            "header_rows": self.header_rows,
            "columns": {get_column_letter(i + 1): f for i, f in sorted(self.columns.items())},
        }


def _bad_mapping(zh: str, en: str) -> DomainError:
    return DomainError(code="mapping_invalid", field="mapping", zh=zh, en=en)


def _cells(row: tuple[Any, ...]) -> list[str]:
    return [str(v).strip() if v is not None else "" for v in row]


def _labels_of(top: list[str], bottom: list[str] | None) -> tuple[dict[int, str], dict[int, str]]:
    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    width = max(len(top), len(bottom or []))
    for i in range(width):
        upper = top[i] if i < len(top) else ""
        lower = bottom[i] if bottom and i < len(bottom) else ""
        found = None
        if lower:
            found = match(lower) or match(upper + lower)
            if found == "name" and match(upper) not in (None, "name"):
                found = None
        if found is None and upper:
            found = match(upper)
        label = lower or upper
        if upper and lower and upper != lower:
            label = f"{upper}/{lower}"
        if label:
            labels[i] = label
        if found and found not in columns.values():
            columns[i] = found
    return columns, labels


#: a cell that looks like a power code in any scheme (two letters, then digits, dashes
#: or capitals): what a header cell never is
_CODE_LIKE = re.compile(r"^[A-Za-z]{2}[-_.A-Z0-9]*[0-9]{2}[-_.A-Z0-9]*$")


def _looks_like_data(cells: list[str]) -> bool:
    from yangguang.powers import codes

    return any(codes.is_valid(c) or _CODE_LIKE.match(c) for c in cells)


def detect(rows: list[tuple[Any, ...]]) -> Mapping | None:
    """The header found in the first rows of a sheet, or None."""
    for n, row in enumerate(rows[:SCAN_ROWS]):
        top = _cells(row)
        hits = sum(1 for c in top if match(c))
        if hits < 3:
            continue
        bottom = _cells(rows[n + 1]) if n + 1 < len(rows) else []
        second = (
            any(match(c) for c in bottom)
            and not _looks_like_data(bottom)
            and not (bottom and bottom[0].isdigit())
        )
        if second:
            columns, labels = _labels_of(top, bottom)
            return Mapping(header_rows=[n + 1, n + 2], columns=columns, labels=labels)
        columns, labels = _labels_of(top, None)
        return Mapping(header_rows=[n + 1], columns=columns, labels=labels)
    return None


def load_mapping_file(text: str | bytes) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise _bad_mapping(
            "映射文件不是有效的 JSON", "the mapping file is not valid JSON"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise _bad_mapping(
            '映射文件应为 {"columns": {"列": "字段"}} 形式',
            'the mapping file must look like {"columns": {"column": "field"}}',
        )
    for value in data.get("columns", {}).values():
        if value is not None and value not in FIELDS:
            raise _bad_mapping(
                f"映射文件中的字段 {value!r} 未知(可用: {', '.join(FIELDS)})",
                f"unknown field {value!r} in the mapping file (known: {', '.join(FIELDS)})",
            )
    bodies = data.get("bodies", {})
    if not isinstance(bodies, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in bodies.items()
    ):
        raise _bad_mapping(
            '映射文件中的 bodies 应为 {"实施主体名称": "单位代码"} 形式',
            'bodies in the mapping file must look like {"implementing body": "organisation code"}',
        )
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise _bad_mapping("header_row 应为正整数", "header_row must be a positive whole number")
    return data


def apply_override(
    detected: Mapping | None, override: dict[str, Any], rows: list[tuple[Any, ...]]
) -> Mapping:
    """The detected mapping with the mapping file's choices on top."""
    if override.get("header_row"):
        start = int(override["header_row"])
        rows_from = rows[start - 1 :]
        found = detect(rows_from[:2]) if rows_from else None
        if found is not None:
            found.header_rows = [r + start - 1 for r in found.header_rows]
            mapping = found
        else:
            labels = {i: c for i, c in enumerate(_cells(rows[start - 1])) if c} if rows_from else {}
            mapping = Mapping(header_rows=[start], columns={}, labels=labels)
    elif detected is not None:
        mapping = detected
    else:
        mapping = Mapping(header_rows=[1], columns={}, labels={})
    by_label = {normalise(v): i for i, v in mapping.labels.items()}
    for key, value in (override.get("columns") or {}).items():
        index = _column_index(str(key), by_label)
        if index is None:
            raise _bad_mapping(
                f"映射文件中的列 {key!r} 在表头中找不到",
                f"the column {key!r} of the mapping file is not in the header",
            )
        mapping.columns.pop(index, None)
        if value is not None:
            for other, name in list(mapping.columns.items()):
                if name == value:
                    del mapping.columns[other]
            mapping.columns[index] = value
    if override.get("sheet"):
        mapping.sheet = str(override["sheet"])
    return mapping


def _column_index(key: str, by_label: dict[str, int]) -> int | None:
    if re.fullmatch(r"[A-Z]{1,3}", key):
        return column_index_from_string(key) - 1
    return by_label.get(normalise(key))


def require_columns(mapping: Mapping) -> None:
    missing = [name for name in REQUIRED if mapping.column_of(name) is None]
    if missing:
        zh = "、".join(FIELDS[m][0] for m in missing)
        en = ", ".join(FIELDS[m][1] for m in missing)
        raise DomainError(
            code="columns_missing",
            field="mapping",
            zh=f"找不到必需的列: {zh}(请在列映射中指定)",
            en=f"required columns not found: {en} (map them in the column mapping)",
        )
