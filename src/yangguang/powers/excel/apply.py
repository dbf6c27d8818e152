"""The set-wise writer behind ``services.power_items_import``: compare the rows of an
import with the working list and write only what differs, in bulk.

``ItemRow`` is one item as the spreadsheet gives it (ids resolved, cells parsed); the
details (legal bases, responsibility items, accountability circumstances, discretion
benchmarks) are ``None`` when the sheet has no such column (the workbook no "裁量基准"
sheet), and are then left alone. Items of the list that the
file does not name are kept (an import adds and changes; removing goes through
``power_item_delete``), so importing the same file twice changes nothing the second
time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max

from yangguang.audit.canonical import jsonable
from yangguang.audit.services import AuditRecord, audit_record_many, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.orgs.models import RegionLevel
from yangguang.powers import actions, codes
from yangguang.powers.models import (
    PENALTY_TYPE,
    AccountabilityCircumstance,
    DiscretionBenchmark,
    LegalBasis,
    PowerItem,
    PowerList,
    PowerType,
    ResponsibilityItem,
    TimeUnit,
)

#: item fields an import may set besides code, name, type, parent and body
SIMPLE_FIELDS = (
    "implementation_code",
    "level",
    "entrusted_body",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "acceptance_conditions",
    "counterpart",
    "complaint_channel",
    "remarks",
)
DETAILS = ("legal_bases", "responsibilities", "accountabilities", "benchmarks")
#: detail kind -> (model, the key naming its item)
DETAIL_MODELS = {
    "legal_bases": (LegalBasis, "item_id"),
    "responsibilities": (ResponsibilityItem, "item_id"),
    "accountabilities": (AccountabilityCircumstance, "item_id"),
    "benchmarks": (DiscretionBenchmark, "power_id"),
}
BENCHMARK_FIELDS = ("grade", "description", "fine_min", "fine_max", "other_penalties", "quantified")
AUDITED = (
    "code",
    "name",
    "type",
    "parent",
    "implementing_body",
    *SIMPLE_FIELDS,
)
BATCH = 1000


@dataclass
class ItemRow:
    row: int  # the spreadsheet row (1-based), for messages
    code: str
    name: str
    type_code: str
    implementing_body_id: int | None = None  # None: the list's organisation
    fields: dict[str, Any] = field(default_factory=dict)  # of SIMPLE_FIELDS
    legal_bases: list[tuple[str, str, str]] | None = None  # (law, article, text)
    responsibilities: list[tuple[str, str]] | None = None  # (stage, duty)
    accountabilities: list[str] | None = None  # descriptions
    #: (grade, description, fine_min, fine_max, other_penalties, quantified)
    benchmarks: list[tuple] | None = None
    #: a main item with no row of its own, taken from the cells merged over its sub-items
    derived: bool = False

    #: the code scheme of the list it goes into (the deployment's when None)
    scheme: codes.Scheme | None = field(default=None, repr=False, compare=False)

    @property
    def parsed(self) -> codes.PowerCode:
        return codes.parse(self.code, scheme=self.scheme)

    @property
    def parent_code(self) -> str:
        p = self.parsed
        return "" if p.sub == 0 else codes.format_code(type=p.type, main=p.main, scheme=p.scheme)


@dataclass
class Existing:
    pk: int
    values: dict[str, Any]  # name, type_code, parent_code, implementing_body_id, SIMPLE_FIELDS
    legal_bases: list[tuple[str, str, str]]
    responsibilities: list[tuple[str, str]]
    accountabilities: list[str]
    benchmarks: list[tuple] = field(default_factory=list)


@dataclass
class RowProblem:
    row: int
    field: str  # a column field name (see columns.FIELDS)
    value: str
    code: str
    zh: str
    en: str


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # code -> changed fields
    unchanged: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # in the list, not in the file

    def as_json(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "absent": len(self.absent),
        }


def load_existing(power_list: PowerList) -> dict[str, Existing]:
    """Every item of the list with the details an import compares, in six queries."""
    types = dict(PowerType.objects.values_list("pk", "code"))
    rows = list(
        PowerItem.objects.filter(power_list=power_list).values(
            "pk", "code", "name", "type_id", "parent__code", "implementing_body_id", *SIMPLE_FIELDS
        )
    )
    bases: dict[int, list] = defaultdict(list)
    for item_id, *rest in (
        LegalBasis.objects.filter(item__power_list=power_list)
        .order_by("item_id", "sort_order", "pk")
        .values_list("item_id", "law", "article", "text")
    ):
        bases[item_id].append(tuple(rest))
    duties: dict[int, list] = defaultdict(list)
    for item_id, *rest in (
        ResponsibilityItem.objects.filter(item__power_list=power_list)
        .order_by("item_id", "sort_order", "pk")
        .values_list("item_id", "stage", "duty")
    ):
        duties[item_id].append(tuple(rest))
    blames: dict[int, list] = defaultdict(list)
    for item_id, text in (
        AccountabilityCircumstance.objects.filter(item__power_list=power_list)
        .order_by("item_id", "sort_order", "pk")
        .values_list("item_id", "description")
    ):
        blames[item_id].append(text)
    marks: dict[int, list] = defaultdict(list)
    for power_id, *rest in (
        DiscretionBenchmark.objects.filter(power__power_list=power_list)
        .order_by("power_id", "pk")
        .values_list("power_id", *BENCHMARK_FIELDS)
    ):
        marks[power_id].append(tuple(rest))
    out = {}
    for r in rows:
        values = {
            "name": r["name"],
            "type_code": types[r["type_id"]],
            "parent_code": r["parent__code"] or "",
            "implementing_body_id": r["implementing_body_id"],
            **{f: r[f] for f in SIMPLE_FIELDS},
        }
        out[r["code"]] = Existing(
            r["pk"], values, bases[r["pk"]], duties[r["pk"]], blames[r["pk"]], marks[r["pk"]]
        )
    return out


def wanted(row: ItemRow, default_body: int) -> dict[str, Any]:
    return {
        "name": row.name,
        "type_code": row.type_code,
        "parent_code": row.parent_code,
        "implementing_body_id": row.implementing_body_id or default_body,
        **row.fields,
    }


def changes(row: ItemRow, old: Existing, default_body: int) -> list[str]:
    """The fields (and detail kinds) of ``old`` that ``row`` would change."""
    out = [k for k, v in wanted(row, default_body).items() if old.values.get(k) != v]
    for kind in DETAILS:
        new = getattr(row, kind)
        if new is not None and [tuple(x) if isinstance(x, list) else x for x in new] != getattr(
            old, kind
        ):
            out.append(kind)
    return out


def _problem(row: ItemRow, field_: str, value: Any, code: str, zh: str, en: str) -> RowProblem:
    return RowProblem(row.row, field_, "" if value is None else str(value), code, zh, en)


def validate(
    rows: list[ItemRow],
    existing: dict[str, Existing],
    failed_mains: frozenset[str] | set[str] = frozenset(),
) -> list[RowProblem]:
    """Rules across rows and against the list: code scheme, type letters, duplicates,
    sub-items with their main item, required names, positive limits, levels.
    ``failed_mains``: main items whose own row was refused already; their sub-items are
    not reported again for lacking them."""
    problems: list[RowProblem] = []
    types = dict(PowerType.objects.filter(active=True).values_list("code", "pk"))
    seen: dict[str, int] = {}
    mains = {code for code, e in existing.items() if not e.values["parent_code"]}
    valid: list[ItemRow] = []
    for row in rows:
        try:
            parsed = codes.parse(row.code, scheme=row.scheme)
        except DomainError as exc:
            problems.append(_problem(row, "code", row.code, exc.error_code, exc.zh, exc.en))
            continue
        if row.code in seen:
            problems.append(
                _problem(
                    row,
                    "code",
                    row.code,
                    "power_code_duplicate",
                    f"职权编码 {row.code} 与第 {seen[row.code]} 行重复",
                    f"the code {row.code} repeats row {seen[row.code]}",
                )
            )
            continue
        seen[row.code] = row.row
        if row.type_code not in types:
            problems.append(
                _problem(
                    row,
                    "type",
                    row.type_code,
                    "power_type_unknown",
                    f"未知或已停用的职权类型 {row.type_code}",
                    f"unknown or inactive power type {row.type_code}",
                )
            )
        elif parsed.type != row.type_code:
            problems.append(
                _problem(
                    row,
                    "type",
                    row.type_code,
                    "power_code_type_mismatch",
                    f"职权编码 {row.code} 的类型字母与职权类型 {row.type_code} 不符",
                    f"code {row.code} does not start with the type's letters {row.type_code}",
                )
            )
        if parsed.sub == 0:
            mains.add(row.code)
        if not (row.name or "").strip():
            problems.append(
                _problem(row, "name", row.name, "required", "请填写职权名称", "name is required")
            )
        for prefix in ("statutory", "promised"):
            value = row.fields.get(f"{prefix}_limit")
            unit = row.fields.get(f"{prefix}_unit", "")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value <= 0
            ):
                problems.append(
                    _problem(
                        row,
                        f"{prefix}_limit",
                        value,
                        "time_limit_not_positive",
                        f"期限 {value} 须为正整数",
                        f"the time limit {value} must be a positive whole number",
                    )
                )
            elif value is not None and unit not in TimeUnit.values:
                problems.append(
                    _problem(
                        row,
                        f"{prefix}_limit",
                        value,
                        "time_limit_unit_invalid",
                        "期限须注明单位",
                        "the time limit needs a unit",
                    )
                )
        if row.benchmarks and row.type_code != PENALTY_TYPE:
            problems.append(
                _problem(
                    row,
                    "type",
                    row.type_code,
                    "benchmark_not_penalty",
                    f"{row.code} 不是行政处罚事项, 不设裁量基准",
                    f"{row.code} is not a penalty power; benchmarks apply to penalties only",
                )
            )
        level = row.fields.get("level")
        if level is not None and level not in RegionLevel.values:
            problems.append(
                _problem(
                    row,
                    "level",
                    level,
                    "level_unknown",
                    f"未知的行使层级 {level}",
                    f"unknown level {level}",
                )
            )
        valid.append(row)
    for row in valid:
        parent = row.parent_code
        if parent and parent not in mains and parent not in failed_mains:
            problems.append(
                _problem(
                    row,
                    "code",
                    row.code,
                    "sub_item_without_main",
                    f"子项 {row.code} 没有主项 {parent}(文件和清单中都没有)",
                    f"the sub-item {row.code} has no main item {parent} (neither in the file "
                    "nor in the list)",
                )
            )
    problems.sort(key=lambda p: p.row)
    return problems


def _clean_fields(item: PowerItem, row: ItemRow) -> None:
    try:
        item.clean_fields(
            exclude=["power_list", "parent", "type", "implementing_body", "responsible_post"]
        )
    except ValidationError as exc:
        name, errors = next(iter(exc.error_dict.items()))
        raise DomainError(
            code="import_row_invalid",
            field=name,
            zh=f"第 {row.row} 行 {name}: {errors[0].messages[0]}",
            en=f"row {row.row}, {name}: {errors[0].messages[0]}",
        ) from None


def _details(item_id: int, row: ItemRow) -> Iterable[Any]:
    for n, (law, article, text) in enumerate(row.legal_bases or [], start=1):
        yield LegalBasis(item_id=item_id, law=law, article=article, text=text, sort_order=n)
    for n, (stage, duty) in enumerate(row.responsibilities or [], start=1):
        yield ResponsibilityItem(item_id=item_id, stage=stage, duty=duty, sort_order=n)
    for n, text in enumerate(row.accountabilities or [], start=1):
        yield AccountabilityCircumstance(item_id=item_id, description=text, sort_order=n)
    for values in row.benchmarks or []:
        yield DiscretionBenchmark(
            power_id=item_id, **dict(zip(BENCHMARK_FIELDS, values, strict=True))
        )


def _details_json(row: ItemRow) -> dict[str, Any]:
    return {k: jsonable(getattr(row, k)) for k in DETAILS if getattr(row, k) is not None}


def apply(
    *,
    actor: Actor,
    power_list: PowerList,
    rows: list[ItemRow],
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Write the rows (the caller holds the transaction and the list's lock), their codes
    read by the list's code scheme."""
    scheme = codes.scheme_of(power_list)
    for row in rows:
        row.scheme = scheme
    existing = load_existing(power_list)
    problems = validate(rows, existing)
    if problems:
        p = problems[0]
        raise DomainError(
            code=p.code,
            field=p.field,
            zh=f"第 {p.row} 行: {p.zh}(共 {len(problems)} 处错误)",
            en=f"row {p.row}: {p.en} ({len(problems)} error(s) in all)",
        )
    org = power_list.organisation_id
    types = dict(PowerType.objects.values_list("code", "pk"))
    outcome = Outcome()
    seen = set()
    creates: list[ItemRow] = []
    updates: list[tuple[ItemRow, Existing, list[str]]] = []
    for row in rows:
        seen.add(row.code)
        old = existing.get(row.code)
        if old is None:
            creates.append(row)
            continue
        changed = changes(row, old, org)
        if changed:
            updates.append((row, old, changed))
        else:
            outcome.unchanged.append(row.code)
    outcome.absent = sorted(set(existing) - seen)
    total, done = len(creates) + len(updates), 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    pks = {code: e.pk for code, e in existing.items()}
    order = (
        (PowerItem.objects.filter(power_list=power_list).aggregate(m=Max("sort_order"))["m"]) or 0
    )
    # main items first, so that the sub-items can point at them
    for level in (0, 1):
        batch_rows = [r for r in creates if (r.parsed.sub > 0) == bool(level)]
        for start in range(0, len(batch_rows), BATCH):
            chunk = batch_rows[start : start + BATCH]
            items = []
            for row in chunk:
                parsed = row.parsed
                order += 1
                item = PowerItem(
                    power_list_id=power_list.pk,
                    parent_id=pks.get(row.parent_code) if parsed.sub else None,
                    code=row.code,
                    main=parsed.main,
                    sub=parsed.sub,
                    name=row.name.strip(),
                    type_id=types[row.type_code],
                    implementing_body_id=row.implementing_body_id or org,
                    sort_order=order,
                    **row.fields,
                )
                _clean_fields(item, row)
                items.append(item)
            PowerItem.objects.bulk_create(items)
            details, records = [], []
            for row, item in zip(chunk, items, strict=True):
                pks[row.code] = item.pk
                details.extend(_details(item.pk, row))
                records.append(
                    AuditRecord(
                        action=actions.ITEM_CREATE,
                        obj=item,
                        org_id=org,
                        changes=diff(None, snapshot(item, AUDITED)),
                        extra={
                            "import": True,
                            "row": row.row,
                            **({"derived": True} if row.derived else {}),
                            **_details_json(row),
                        },
                    )
                )
                outcome.created.append(row.code)
            audit_record_many(actor=actor, records=records)
            _bulk_details(details)
            tick(len(chunk))
    for start in range(0, len(updates), BATCH):
        chunk = updates[start : start + BATCH]
        objs = {i.pk: i for i in PowerItem.objects.filter(pk__in=[old.pk for _, old, _ in chunk])}
        to_save, fields_used, details, wipe = [], set(), [], defaultdict(list)
        records = []
        for row, old, changed in chunk:
            item = objs[old.pk]
            before = snapshot(item, AUDITED)
            before_details = {k: jsonable(getattr(old, k)) for k in DETAILS if k in changed}
            item.name = row.name.strip()
            item.type_id = types[row.type_code]
            item.implementing_body_id = row.implementing_body_id or org
            for name, value in row.fields.items():
                setattr(item, name, value)
            _clean_fields(item, row)
            to_save.append(item)
            fields_used.update(["name", "type", "implementing_body", *row.fields])
            for kind in DETAILS:
                if kind in changed:
                    wipe[kind].append(item.pk)
            details.extend(_details(item.pk, _only(row, [k for k in DETAILS if k in changed])))
            after_details = {k: jsonable(getattr(row, k)) for k in DETAILS if k in changed}
            change_set = diff(before, snapshot(item, AUDITED))
            change_set.update(diff(before_details, after_details))
            records.append(
                AuditRecord(
                    action=actions.ITEM_UPDATE,
                    obj=item,
                    org_id=org,
                    changes=change_set,
                    extra={"import": True, "row": row.row},
                )
            )
            outcome.updated[row.code] = changed
        PowerItem.objects.bulk_update(to_save, sorted(fields_used))
        audit_record_many(actor=actor, records=records)
        for kind, (model, key) in DETAIL_MODELS.items():
            if wipe[kind]:
                model.objects.filter(**{f"{key}__in": wipe[kind]}).delete()
        _bulk_details(details)
        tick(len(chunk))
    return outcome


def _only(row: ItemRow, kinds: list[str]) -> ItemRow:
    return ItemRow(
        row=row.row,
        code=row.code,
        name=row.name,
        type_code=row.type_code,
        scheme=row.scheme,
        **{k: (getattr(row, k) if k in kinds else None) for k in DETAILS},
    )


def _bulk_details(details: list[Any]) -> None:
    by_model: dict[type, list[Any]] = defaultdict(list)
    for d in details:
        by_model[type(d)].append(d)
    for model, objs in by_model.items():
        model.objects.bulk_create(objs, batch_size=BATCH)
