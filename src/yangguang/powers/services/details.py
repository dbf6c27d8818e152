"""Writes to the details of an item of a draft list: legal bases, materials, fees,
responsibility items, accountability circumstances and discretion benchmarks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean, required_text
from yangguang.powers import actions, validation
from yangguang.powers.models import (
    AccountabilityCircumstance,
    DiscretionBenchmark,
    Fee,
    LegalBasis,
    Material,
    PowerItem,
    ResponsibilityItem,
    Stage,
)
from yangguang.powers.services._base import DETAIL_FIELDS, _locked_draft


def _add_detail(actor: Actor, item: PowerItem, detail: Any) -> Any:
    """Save a detail (legal basis, material …) of ``item`` with one audit entry."""
    with transaction.atomic():
        power_list = _locked_draft(item.power_list, actor)
        model = type(detail)
        if hasattr(detail, "sort_order"):
            detail.sort_order = model.objects.filter(item=item).count() + 1
        clean(detail)
        detail.save()
        audit_record(
            actor=actor,
            action=actions.CHILD_ADD,
            obj=detail,
            org_id=power_list.organisation_id,
            changes=diff(None, snapshot(detail, DETAIL_FIELDS[model])),
        )
    return detail


def legal_basis_add(
    *, actor: Actor, item: PowerItem, law: str, article: str = "", text: str = ""
) -> LegalBasis:
    law = required_text(law, "law", "法律法规名称")
    basis = LegalBasis(item=item, law=law, article=(article or "").strip(), text=text or "")
    return _add_detail(actor, item, basis)


def material_add(
    *,
    actor: Actor,
    item: PowerItem,
    name: str,
    required: bool = True,
    form: str = "both",
    source: str = "",
    copies: int = 1,
) -> Material:
    name = required_text(name, "name", "材料名称")
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
        raise DomainError(
            code="copies_not_positive",
            field="copies",
            zh=f"份数 {copies!r} 须为正整数",
            en=f"copies {copies!r} must be a positive whole number",
        )
    material = Material(
        item=item, name=name, required=bool(required), form=form, source=source, copies=copies
    )
    return _add_detail(actor, item, material)


def fee_add(*, actor: Actor, item: PowerItem, name: str, standard: str, basis: str) -> Fee:
    fee = Fee(
        item=item,
        name=required_text(name, "name", "收费项目"),
        standard=required_text(standard, "standard", "收费标准"),
        basis=required_text(basis, "basis", "收费依据"),
    )
    return _add_detail(actor, item, fee)


def responsibility_add(
    *, actor: Actor, item: PowerItem, stage: str, duty: str
) -> ResponsibilityItem:
    if stage not in Stage.values:
        raise DomainError(
            code="stage_unknown",
            field="stage",
            zh=f"未知的环节 {stage!r}",
            en=f"unknown stage {stage!r}",
        )
    duty = required_text(duty, "duty", "责任内容")
    return _add_detail(actor, item, ResponsibilityItem(item=item, stage=stage, duty=duty))


def accountability_add(
    *, actor: Actor, item: PowerItem, description: str, basis: str = ""
) -> AccountabilityCircumstance:
    description = required_text(description, "description", "追责情形")
    circumstance = AccountabilityCircumstance(
        item=item, description=description, basis=(basis or "").strip()
    )
    return _add_detail(actor, item, circumstance)


def benchmark_add(
    *,
    actor: Actor,
    power: PowerItem,
    grade: str,
    description: str,
    fine_min: Decimal | str | int | None = None,
    fine_max: Decimal | str | int | None = None,
    other_penalties: str = "",
    quantified: bool = True,
) -> DiscretionBenchmark:
    """A discretion benchmark (自由裁量权基准) of a penalty item (type CF): a graded
    circumstance with its fine range and/or other penalty kinds."""
    low, high, other_penalties = validation.check_benchmark(
        power, grade, fine_min, fine_max, other_penalties
    )
    benchmark = DiscretionBenchmark(
        power=power,
        grade=grade,
        description=required_text(description, "description", "情形描述"),
        fine_min=low,
        fine_max=high,
        other_penalties=other_penalties,
        quantified=bool(quantified),
    )
    with transaction.atomic():
        power_list = _locked_draft(power.power_list, actor)
        clean(benchmark)
        benchmark.save()
        audit_record(
            actor=actor,
            action=actions.CHILD_ADD,
            obj=benchmark,
            org_id=power_list.organisation_id,
            changes=diff(None, snapshot(benchmark, DETAIL_FIELDS[DiscretionBenchmark])),
        )
    return benchmark


def power_detail_delete(*, actor: Actor, detail: Any) -> None:
    """Remove one detail of an item of a draft list (a legal basis, material, fee,
    responsibility item, accountability circumstance or benchmark)."""
    model = type(detail)
    if model not in DETAIL_FIELDS:
        raise DomainError(
            code="detail_kind_unknown",
            field="detail",
            zh="不是事项明细",
            en=f"{model.__name__} is not an item detail",
        )
    item = detail.power if model is DiscretionBenchmark else detail.item
    with transaction.atomic():
        power_list = _locked_draft(item.power_list, actor)
        detail = model.objects.get(pk=detail.pk)
        before = snapshot(detail, DETAIL_FIELDS[model])
        pk = detail.pk
        detail.delete()
        audit_record(
            actor=actor,
            action=actions.CHILD_DELETE,
            object_type=model._meta.label_lower,
            object_id=pk,
            org_id=power_list.organisation_id,
            changes=diff(before, None),
        )
