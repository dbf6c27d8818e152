"""Validation of power items, benchmarks and review decisions: the domain rules the
services apply before ``full_clean``, each refusal a bilingual ``DomainError`` naming the
field at fault."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from yangguang.core import labels
from yangguang.core.errors import DomainError
from yangguang.core.validation import required_text
from yangguang.orgs.models import RegionLevel
from yangguang.powers import codes
from yangguang.powers.models import (
    PENALTY_TYPE,
    DiscretionBenchmark,
    Grade,
    PowerItem,
    PowerType,
    TimeUnit,
)


def resolve_type(value: PowerType | str | None) -> PowerType:
    if isinstance(value, PowerType):
        found: PowerType | None = PowerType.objects.filter(pk=value.pk).first()
    else:
        text = (value or "").strip()
        found = (
            PowerType.objects.filter(code=text).first()
            or PowerType.objects.filter(name=text).first()
        )
    if found is None:
        raise DomainError(
            code="power_type_unknown",
            field="type",
            zh=f"未知的职权类型 {value!s}",
            en=f"unknown power type {value!s}",
        )
    if not found.active:
        raise DomainError(
            code="power_type_inactive",
            field="type",
            zh=f"职权类型“{found.name}”已停用",
            en=f"the power type {found.code} is no longer in use",
        )
    return found


def check_limit(item: PowerItem, prefix: str, zh: str) -> None:
    value, unit = getattr(item, f"{prefix}_limit"), getattr(item, f"{prefix}_unit") or ""
    en = f"{prefix} time limit"
    if value is None:
        if unit:
            raise DomainError(
                code="time_limit_missing",
                field=f"{prefix}_limit",
                zh=f"填写了{zh}单位, 但没有{zh}",
                en=f"a unit without a {en}",
            )
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise DomainError(
            code="time_limit_not_positive",
            field=f"{prefix}_limit",
            zh=f"{zh} {value!r} 须为正整数",
            en=f"the {en} {value!r} must be a positive whole number",
        )
    if unit not in TimeUnit.values:
        raise DomainError(
            code="time_limit_unit_invalid",
            field=f"{prefix}_unit",
            zh=f"{zh}须注明单位(工作日、自然日或月)",
            en=f"the {en} needs a unit (working days, calendar days or months)",
        )


def check_item(item: PowerItem) -> None:
    """Domain rules of one item, before ``full_clean``; fills ``main`` and ``sub``."""
    scheme = codes.scheme_of(item.power_list)
    parsed = codes.parse(item.code, scheme=scheme)
    if parsed.type != item.type.code:
        raise DomainError(
            code="power_code_type_mismatch",
            field="code",
            zh=f"职权编码 {item.code} 的类型字母与职权类型“{item.type.name}”({item.type.code})不符",
            en=f"code {item.code} does not start with the type's letters {item.type.code}",
        )
    item.main, item.sub = parsed.main, parsed.sub
    parent = item.parent
    if parsed.sub > 0:
        if parent is None:
            raise DomainError(
                code="sub_item_without_main",
                field="parent",
                zh=f"{item.code} 是子项, 必须指定所属主项",
                en=f"{item.code} is a sub-item and needs its main item",
            )
        if (
            parent.power_list_id != item.power_list_id
            or parent.sub != 0
            or parent.main != parsed.main
            or parent.type_id != item.type_id
        ):
            raise DomainError(
                code="sub_item_main_mismatch",
                field="parent",
                zh=f"子项 {item.code} 的主项应为本清单中编码 "
                f"{codes.format_code(type=parsed.type, main=parsed.main, scheme=scheme)} 的主项",
                en=f"the main item of {item.code} must be the list's main item "
                f"{codes.format_code(type=parsed.type, main=parsed.main, scheme=scheme)}",
            )
    elif parent is not None:
        raise DomainError(
            code="main_item_with_parent",
            field="parent",
            zh=f"{item.code} 是主项(子项号为 0), 不能有上级主项",
            en=f"{item.code} is a main item (sub-item number 0) and has no main item",
        )
    duplicate = PowerItem.objects.filter(power_list_id=item.power_list_id, code=item.code)
    if duplicate.exclude(pk=item.pk).exists():
        raise DomainError(
            code="power_code_duplicate",
            field="code",
            zh=f"职权编码 {item.code} 在本清单中已存在",
            en=f"the code {item.code} is already in this list",
        )
    check_limit(item, "statutory", "法定期限")
    check_limit(item, "promised", "承诺期限")
    org_id = item.power_list.organisation_id
    if item.responsible_post_id and item.responsible_post.organisation_id != org_id:
        raise DomainError(
            code="responsible_post_foreign",
            field="responsible_post",
            zh=f"责任岗位“{item.responsible_post.name}”不属于本单位",
            en="the responsible post belongs to another organisation",
        )
    if item.level not in RegionLevel.values:
        raise DomainError(
            code="level_unknown",
            field="level",
            zh=f"未知的行使层级 {item.level!r}",
            en=f"unknown level {item.level!r}",
        )
    item.name = required_text(item.name, "name", "职权名称")


def strip(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def money(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise DomainError(
            code="amount_invalid",
            field=field,
            zh=f"金额 {value!r} 须为非负数",
            en=f"the amount {value!r} must be a non-negative number",
        )
    return amount.quantize(Decimal("0.01"))


def check_benchmark(
    power: PowerItem, grade: str, fine_min: Any, fine_max: Any, other_penalties: str
) -> tuple[Decimal | None, Decimal | None, str]:
    """The checked fine range and other penalties of a new benchmark for ``power``."""
    if power.type.code != PENALTY_TYPE:
        raise DomainError(
            code="benchmark_not_penalty",
            field="power",
            zh=f"{power.code} 不是行政处罚事项, 不设裁量基准",
            en=f"{power.code} is not a penalty power; benchmarks apply to penalties only",
        )
    low, high, other_penalties = benchmark_values(grade, fine_min, fine_max, other_penalties)
    if DiscretionBenchmark.objects.filter(power=power, grade=grade).exists():
        raise DomainError(
            code="benchmark_duplicate",
            field="grade",
            zh=f"{power.code} 已有“{labels.zh(Grade(grade).label)}”情节的基准",
            en=f"{power.code} already has a benchmark for the grade {grade}",
        )
    return low, high, other_penalties


def benchmark_values(
    grade: str, fine_min: Any, fine_max: Any, other_penalties: str
) -> tuple[Decimal | None, Decimal | None, str]:
    """The rules of one benchmark's own values (the service and the Excel import): a
    known grade, both bounds or neither, 0 ≤ minimum ≤ maximum, a fine or another
    penalty kind."""
    if grade not in Grade.values:
        raise DomainError(
            code="grade_unknown",
            field="grade",
            zh=f"未知的违法情节等级 {grade!r}",
            en=f"unknown circumstance grade {grade!r}",
        )
    low, high = money(fine_min, "fine_min"), money(fine_max, "fine_max")
    if (low is None) != (high is None):
        raise DomainError(
            code="fine_range_incomplete",
            field="fine_max" if high is None else "fine_min",
            zh="罚款幅度须同时填写下限和上限",
            en="a fine range needs both a minimum and a maximum",
        )
    if low is not None and high is not None and high < low:
        raise DomainError(
            code="fine_range_inverted",
            field="fine_max",
            zh=f"罚款上限 {high} 低于下限 {low}",
            en=f"the maximum fine {high} is below the minimum {low}",
        )
    other_penalties = (other_penalties or "").strip()
    if low is None and not other_penalties:
        raise DomainError(
            code="benchmark_no_penalty",
            field="fine_min",
            zh="须填写罚款幅度或其他处罚种类",
            en="a fine range or another penalty kind is required",
        )
    return low, high, other_penalties


def check_decision(
    item: PowerItem,
    decision: str,
    *,
    delegate_level: str,
    delegate_body: Any,
    merge_into: PowerItem | None,
    transfer_to: Any,
    entrust_to: Any = None,
) -> None:
    """A decision names exactly the target its kind needs, and that target is sound."""
    from yangguang.powers.models import Decision

    if decision not in Decision.values:
        raise DomainError(
            code="decision_unknown",
            field="decision",
            zh=f"未知的审核意见 {decision!r}(保留、取消、下放、合并、转移、委托、调整)",
            en=f"unknown decision {decision!r} "
            "(keep, cancel, delegate, merge, transfer, entrust, adjust)",
        )
    stray = {
        "delegate_level": bool(delegate_level) and decision != Decision.DELEGATE,
        "delegate_body": delegate_body is not None and decision != Decision.DELEGATE,
        "merge_into": merge_into is not None and decision != Decision.MERGE,
        "transfer_to": transfer_to is not None and decision != Decision.TRANSFER,
        "entrust_to": entrust_to is not None and decision != Decision.ENTRUST,
    }
    for field, bad in stray.items():
        if bad:
            raise DomainError(
                code="decision_target_stray",
                field=field,
                zh=f"审核意见“{labels.zh(Decision(decision).label)}”不需要填写 {field}",
                en=f"a {decision} decision takes no {field}",
            )
    org = item.power_list.organisation
    if decision == Decision.DELEGATE:
        if delegate_level not in RegionLevel.values:
            raise DomainError(
                code="delegate_level_required",
                field="delegate_level",
                zh="下放须写明下放至哪一层级",
                en="a delegation names the level it goes to",
            )
        if delegate_body is not None and delegate_body.pk == org.pk:
            raise DomainError(
                code="delegate_to_self",
                field="delegate_body",
                zh="不能下放给本单位",
                en="an item cannot be delegated to its own organisation",
            )
    if decision == Decision.MERGE:
        if merge_into is None:
            raise DomainError(
                code="merge_target_required",
                field="merge_into",
                zh="合并须写明并入哪一事项",
                en="a merge names the item it goes into",
            )
        if merge_into.power_list_id != item.power_list_id or merge_into.pk == item.pk:
            raise DomainError(
                code="merge_target_invalid",
                field="merge_into",
                zh="只能并入本清单中的另一事项",
                en="an item merges into another item of the same list",
            )
        if merge_into.parent_id == item.pk or item.parent_id == merge_into.pk:
            raise DomainError(
                code="merge_target_invalid",
                field="merge_into",
                zh="主项与其子项之间不能合并",
                en="a main item and its own sub-item cannot merge into each other",
            )
    if decision == Decision.TRANSFER:
        if transfer_to is None:
            raise DomainError(
                code="transfer_target_required",
                field="transfer_to",
                zh="转移须写明承接单位",
                en="a transfer names the body taking the item over",
            )
        if transfer_to.pk == org.pk:
            raise DomainError(
                code="transfer_to_self",
                field="transfer_to",
                zh="不能转移给本单位",
                en="an item cannot be transferred to its own organisation",
            )
    if decision == Decision.ENTRUST:
        if entrust_to is None:
            raise DomainError(
                code="entrust_target_required",
                field="entrust_to",
                zh="委托须写明受委托组织",
                en="an entrustment names the body acting on the organisation's behalf",
            )
        if entrust_to.pk == org.pk:
            raise DomainError(
                code="entrust_to_self",
                field="entrust_to",
                zh="不能委托给本单位",
                en="an item cannot be entrusted to its own organisation",
            )
