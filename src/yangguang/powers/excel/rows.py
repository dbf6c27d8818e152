"""The data rows of a sheet read into ``ItemRow``s (the first half of a preview).

A row is one of:

* blank, a section row (``一、行政许可``, a power type's name alone) or a note row
  (``备注：…``, ``填报人：…``): skipped;
* a main item (its code's sub-item number is 0);
* a sub-item with its own code; when no row of the file gave its main item, the main
  item is *derived*: its name is the 职权名称 cell over the sub-item (merged down over
  the sub-items, or repeated on each), its code the sub-item's with sub-item number 0,
  its type and 实施主体 the sub-item's, and each other field the cell merged over the
  same rows as the name, if any;
* a continuation row (a 子项 cell and no code): the next sub-item of the main item above.

A cell inside a merged range reads as the range's value, so a 实施主体 or 设定依据 merged
over several rows applies to each. Errors are reported once per cell: a bad merged cell
once (at its first row), and a refused main item once, not again for each of its
sub-items. A formula cell reads as the value Excel stored, with a warning; without a
stored value it is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from yangguang.core import labels
from yangguang.core.errors import DomainError, bilingual
from yangguang.orgs.models import Organisation, RegionLevel
from yangguang.powers import codes
from yangguang.powers.excel import cells, columns
from yangguang.powers.excel.apply import ItemRow
from yangguang.powers.excel.bodies import BodyNames
from yangguang.powers.excel.reader import Sheet
from yangguang.powers.models import PowerType

TEXT_FIELDS = (
    "implementation_code",
    "entrusted_body",
    "counterpart",
    "complaint_channel",
    "acceptance_conditions",
    "remarks",
)
DETAIL_FIELDS = ("basis", "responsibilities", "accountabilities")
#: fields a derived main item may take from a cell merged over all its sub-items
SHARED_FIELDS = (
    "statutory_limit",
    "promised_limit",
    "level",
    *TEXT_FIELDS,
    *DETAIL_FIELDS,
)
NOTE_PREFIXES = (
    "备注",
    "注：",
    "注:",
    "说明",
    "填表说明",
    "制表",
    "审核",
    "填报",
    "联系人",
    "联系电话",
    "负责人",
)
_SECTION = re.compile(r"^[一二三四五六七八九十百]+\s*[、.．]|^第[一二三四五六七八九十百]+[部类章]")


@dataclass
class RowError:
    row: int
    column: str  # "B 职权编码"
    value: str
    code: str
    zh: str
    en: str

    @property
    def message(self) -> str:
        return bilingual(self.zh, self.en)

    def as_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message_zh": self.zh,
            "message_en": self.en,
        }


@dataclass
class Derived:
    """A main item taken from the cells over its sub-items (no row of its own)."""

    code: str
    name: str
    rows: list[int] = field(default_factory=list)  # its sub-items' rows


def short(value: Any) -> str:
    text = cells.text_of(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _types() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, name in PowerType.objects.filter(active=True).values_list("code", "name"):
        out[code] = code
        out[name] = code
    return out


def _levels() -> dict[str, str]:
    out = {}
    for value, label in RegionLevel.choices:
        zh = labels.zh(label)
        out[value] = value
        out[zh] = value
        out[zh.rstrip("级")] = value
    return out


class RowReader:
    """One pass over the data rows; the results are in the attributes."""

    def __init__(
        self,
        sheet: Sheet,
        mapping: columns.Mapping,
        *,
        org: Organisation | None,
        bodies: dict[str, str] | None = None,
    ) -> None:
        self.sheet, self.mapping = sheet, mapping
        self.col = {name: index for index, name in mapping.columns.items()}
        self.default_body = org.pk if org is not None else None
        self.scheme = codes.scheme_of_org(org)  # the organisation's code scheme
        self.types = _types()
        self.levels = _levels()
        self.bodies = BodyNames(org, bodies)
        self.items: list[ItemRow] = []
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self.skipped: list[tuple[int, str]] = []
        self.derived: dict[str, Derived] = {}
        self.unmapped: dict[str, list[int]] = {}  # 实施主体 text -> rows
        self.failed_mains: set[str] = set()
        self.main: ItemRow | None = None  # the main item the next sub-items belong to
        self.main_failed = False  # the last main item's row was refused
        self.mains: dict[str, ItemRow] = {}  # the main items read so far, by code
        self.subs_of: dict[str, int] = {}
        self._reported: set[tuple[int, int, str]] = set()

    # --- cells --------------------------------------------------------------------------

    def error(self, n: int, name: str, value: Any, code: str, zh: str, en: str) -> None:
        """Report once per cell: a merged cell's error is not repeated on each of its rows."""
        index = self.col.get(name)
        if index is not None:
            origin = self.sheet.origin(n, index + 1)
            key = (*origin, code)
            if key in self._reported:
                return
            self._reported.add(key)
        where = self.mapping.describe(index) if index is not None else columns.FIELDS[name][0]
        self.errors.append(RowError(n, where, short(value), code, zh, en))

    def _cells(self, n: int) -> tuple[dict[str, Any], set[str]]:
        """(field -> value as shown, fields whose value is copied from a merged cell)."""
        values, copied = {}, set()
        for name, index in self.col.items():
            origin = self.sheet.origin(n, index + 1)
            values[name] = self.sheet.raw(*origin)
            if origin != (n, index + 1):
                copied.add(name)
        return values, copied

    def _formulas(self, n: int, values: dict[str, Any]) -> bool:
        """Warn about formula cells read as their stored value; False when one has none."""
        ok = True
        for name, index in self.col.items():
            origin = self.sheet.origin(n, index + 1)
            formula = self.sheet.formulas.get(origin)
            if formula is None:
                continue
            stored = cells.text_of(values[name])
            if not stored:
                self.error(
                    n,
                    name,
                    formula,
                    "formula_cell",
                    "单元格含公式且文件中没有保存计算结果; 导入时不计算公式, 请改为纯文本",
                    "the cell holds a formula and the file stores no value for it; formulas "
                    "are never evaluated, enter plain text",
                )
                ok = False
            elif origin == (n, index + 1):
                self.warnings.append(
                    RowError(
                        n,
                        self.mapping.describe(index),
                        short(formula),
                        "formula_stored_value",
                        f"单元格含公式, 按文件中保存的值“{short(stored)}”作为文本导入(公式不计算)",
                        f"the cell holds a formula; its stored value {short(stored)!r} is "
                        "imported as plain text (the formula is not evaluated)",
                    )
                )
        return ok

    # --- rows ---------------------------------------------------------------------------

    def read(self, progress: Callable[[int, int], None] | None = None) -> None:
        first = self.mapping.first_data_row
        total = max(len(self.sheet.rows) - first + 1, 0)
        for offset in range(total):
            if progress is not None and offset % 1000 == 0:
                progress(offset, total)
            self.row(first + offset)
        if progress is not None:
            progress(total, total)

    def _skip(self, n: int, own: list[str], code: str, name: str, sub_name: str) -> bool:
        if not code and not name and not sub_name:
            self.skipped.append((n, short(own[0])))
            return True
        if not code and (
            own[0].startswith(NOTE_PREFIXES)
            or name.startswith(NOTE_PREFIXES)
            or (len(own) == 1 and self._is_section(own[0]))
        ):
            self.skipped.append((n, short(own[0])))
            return True
        return False

    def _is_section(self, text: str) -> bool:
        bare = re.sub(r"[(（][^)）]*[)）]$", "", text).strip().rstrip("类")
        return bool(_SECTION.match(text)) or bare in self.types

    def _refuse_main(self, code: str) -> None:
        self.main, self.main_failed = None, True
        if code:
            self.failed_mains.add(code)

    def row(self, n: int) -> None:
        own = [cells.text_of(v) for v in self.sheet.rows[n - 1]]
        own = [t for t in own if t]
        if not own:
            return  # blank, or nothing but cells merged from above
        values, copied = self._cells(n)
        text = {name: cells.text_of(value) for name, value in values.items()}
        mine = {name: ("" if name in copied else value) for name, value in text.items()}
        code = cells.code_text(mine.get("code", ""), scheme=self.scheme)
        own_name, sub_name = mine.get("name", ""), mine.get("sub_name", "")
        if self._skip(n, own, code, own_name, sub_name):
            return
        continuation = not code and not own_name and bool(sub_name)
        if not self._formulas(n, values):
            main_code = self._main_code_of(code)
            if not continuation and (main_code or not codes.is_valid(code, scheme=self.scheme)):
                self._refuse_main(main_code)
            return
        if continuation:
            self._continuation(n, values, text, sub_name)
            return
        if not code:
            self.error(n, "code", "", "required", "请填写职权编码", "the code is required")
            self._refuse_main("")
            return
        try:
            parsed = codes.parse(code, scheme=self.scheme)
        except DomainError as exc:
            self.error(n, "code", code, exc.error_code, exc.zh, exc.en)
            self._refuse_main("")
            return
        if parsed.sub == 0:
            self._main(n, parsed, values, text, sub_name)
        else:
            self._sub(n, parsed, values, text, own_name, sub_name)

    def _main_code_of(self, code: str) -> str:
        try:
            parsed = codes.parse(code, scheme=self.scheme)
        except DomainError:
            return ""
        return str(parsed) if parsed.sub == 0 else ""

    def _main(self, n: int, parsed: codes.PowerCode, values, text, sub_name: str) -> None:
        code = str(parsed)
        name = text.get("name", "")
        # the main item's code and name merged over its sub-items, the first sub-item's
        # name beside them: the row is the main item and its first sub-item
        first_sub = bool(sub_name and name and sub_name != name)
        only = self._shared(n) if first_sub else None
        row = self._item(n, code, name or sub_name, parsed, values, text, only=only)
        if row is None:
            self._refuse_main(code)
            return
        self.items.append(row)
        self.main, self.main_failed = row, False
        self.mains[code] = row
        self.subs_of.setdefault(code, 0)
        if first_sub:
            self._continuation(n, values, text, sub_name)

    def _shared(self, n: int) -> set[str]:
        """The fields whose cells on row ``n`` are merged over (at least) the rows the
        职权名称 cell is merged over: those a main item shares with its sub-items."""
        name_at = self.sheet.merge_at(n, self.col["name"] + 1)
        shared = set()
        if name_at is not None:
            for key in SHARED_FIELDS:
                if key in self.col:
                    at = self.sheet.merge_at(n, self.col[key] + 1)
                    if at is not None and at[0] <= name_at[0] and at[2] >= name_at[2]:
                        shared.add(key)
        return shared

    def _sub(self, n, parsed, values, text, own_name, sub_name) -> None:
        main_code = codes.format_code(type=parsed.type, main=parsed.main, scheme=self.scheme)
        group_name = text.get("name", "") if sub_name else ""
        if self.main is not None and self.main.code == main_code:
            self.subs_of[main_code] = max(self.subs_of.get(main_code, 0), parsed.sub)
            if main_code in self.derived:
                self.derived[main_code].rows.append(n)
        elif group_name and main_code not in self.mains and main_code not in self.failed_mains:
            if not self._derive(n, parsed, main_code, group_name, values, text):
                return
        else:  # the main item is elsewhere in the file, in the list already, or refused
            self.main, self.main_failed = self.mains.get(main_code), False
        name = sub_name or own_name
        row = self._item(n, str(parsed), name, parsed, values, text)
        if row is None:
            return
        if not text.get("body") and self.main is not None and self.main.code == main_code:
            row.implementing_body_id = self.main.implementing_body_id
        self.items.append(row)

    def _derive(self, n, parsed, main_code, name, values, text) -> bool:
        """Take the main item of the sub-item on row ``n`` from the cells over it."""
        shared = self._shared(n)
        main = self._item(
            n,
            main_code,
            name,
            codes.parse(main_code, scheme=self.scheme),
            values,
            text,
            only=shared,
        )
        if main is None:
            self._refuse_main(main_code)
            return False
        main.derived = True
        self.items.append(main)
        self.derived[main_code] = Derived(code=main_code, name=name, rows=[n])
        self.main, self.main_failed = main, False
        self.mains[main_code] = main
        self.subs_of[main_code] = parsed.sub
        return True

    def _continuation(self, n: int, values, text, sub_name: str) -> None:
        if self.main is None:
            if not self.main_failed:
                self.error(
                    n,
                    "sub_name",
                    sub_name,
                    "sub_item_without_main",
                    "子项前面没有主项",
                    "a sub-item row with no main item above it",
                )
            return
        parsed = codes.parse(self.main.code, scheme=self.scheme)
        self.subs_of[self.main.code] = self.subs_of.get(self.main.code, 0) + 1
        try:
            code = codes.format_code(
                type=parsed.type,
                main=parsed.main,
                sub=self.subs_of[self.main.code],
                scheme=self.scheme,
            )
        except DomainError as exc:
            self.error(n, "code", "", exc.error_code, exc.zh, exc.en)
            return
        if self.main.code in self.derived:
            self.derived[self.main.code].rows.append(n)
        row = self._item(n, code, sub_name, codes.parse(code, scheme=self.scheme), values, text)
        if row is None:
            return
        if not text.get("body"):
            row.implementing_body_id = self.main.implementing_body_id
        self.items.append(row)

    # --- one item -----------------------------------------------------------------------

    def _item(
        self,
        n: int,
        code: str,
        name: str,
        parsed: codes.PowerCode,
        values: dict[str, Any],
        text: dict[str, str],
        only: set[str] | None = None,
    ) -> ItemRow | None:
        """The item on row ``n`` (``only``: the fields besides code, name, type and body
        to take; all by default), or None when a cell is refused (reported)."""
        type_text = text.get("type", "")
        if type_text:
            type_code = self.types.get(type_text)
            if type_code is None:
                self.error(
                    n,
                    "type",
                    type_text,
                    "power_type_unknown",
                    f"未知的职权类型 {type_text}",
                    f"unknown power type {type_text}",
                )
                return None
        else:
            type_code = parsed.type
        row = ItemRow(row=n, code=code, name=name, type_code=type_code, scheme=self.scheme)
        body_text = text.get("body", "")
        if body_text:
            body_id = self.bodies.resolve(body_text)
            if body_id is None:
                rows = self.unmapped.setdefault(body_text, [])
                if not rows or rows[-1] != n:
                    rows.append(n)
            elif body_id != self.default_body:
                row.implementing_body_id = body_id
        wanted = set(self.col) if only is None else only
        return row if self._details(n, row, values, text, wanted) else None

    def _details(self, n, row: ItemRow, values, text, wanted: set[str]) -> bool:
        failed = False
        for prefix in ("statutory", "promised"):
            key = f"{prefix}_limit"
            if key in wanted and key in values:
                try:
                    value, unit = cells.parse_limit(values[key])
                except cells.CellError as exc:
                    self.error(n, key, values[key], exc.code, exc.zh, exc.en)
                    failed = True
                    continue
                row.fields[key], row.fields[f"{prefix}_unit"] = value, unit
        if "level" in wanted and "level" in text:
            level = self.levels.get(text["level"]) if text["level"] else "county"
            if level is None:
                self.error(
                    n,
                    "level",
                    text["level"],
                    "level_unknown",
                    f"未知的行使层级 {text['level']}",
                    f"unknown level {text['level']}",
                )
                failed = True
            row.fields["level"] = level
        for key in TEXT_FIELDS:
            if key in wanted and key in text:
                row.fields[key] = text[key]
        if "basis" in wanted and "basis" in values:
            row.legal_bases = cells.parse_bases(values["basis"])
        if "responsibilities" in wanted and "responsibilities" in values:
            row.responsibilities = cells.parse_responsibilities(values["responsibilities"])
        if "accountabilities" in wanted and "accountabilities" in values:
            row.accountabilities = cells.parse_accountabilities(values["accountabilities"])
        return not failed
