"""The details of a working list's items (legal bases, materials, fees, responsibility
items, accountability circumstances, discretion benchmarks) added and removed through
the API, by the same services as everywhere (``legal_basis_add`` … ``power_detail_delete``).

``DETAIL_KINDS`` names each kind as the API path spells it; the fields a body may carry
are the service's own keyword arguments, so nothing is listed twice."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from yangguang.core.errors import DomainError
from yangguang.powers import services as s
from yangguang.powers.models import (
    AccountabilityCircumstance,
    DiscretionBenchmark,
    Fee,
    LegalBasis,
    Material,
    PowerItem,
    PowerList,
    ResponsibilityItem,
)


@dataclass(frozen=True)
class DetailKind:
    service: Callable[..., Any]
    model: type
    item_arg: str = "item"

    def fields(self) -> set[str]:
        params = inspect.signature(self.service).parameters
        return set(params) - {"actor", self.item_arg}


DETAIL_KINDS: dict[str, DetailKind] = {
    "legal-bases": DetailKind(s.legal_basis_add, LegalBasis),
    "materials": DetailKind(s.material_add, Material),
    "fees": DetailKind(s.fee_add, Fee),
    "responsibilities": DetailKind(s.responsibility_add, ResponsibilityItem),
    "accountability": DetailKind(s.accountability_add, AccountabilityCircumstance),
    "benchmarks": DetailKind(s.benchmark_add, DiscretionBenchmark, item_arg="power"),
}

NOT_FOUND = frozenset({"power_item_unknown", "detail_kind_unknown", "detail_unknown"})


def _kind(kind: str) -> DetailKind:
    found = DETAIL_KINDS.get(kind)
    if found is None:
        raise DomainError(
            code="detail_kind_unknown",
            field="kind",
            zh=f"没有这类事项明细: {kind}",
            en=f"no such kind of item detail: {kind} (one of {', '.join(DETAIL_KINDS)})",
        )
    return found


def item_of(power_list: PowerList, code: str) -> PowerItem:
    item = PowerItem.objects.filter(power_list=power_list, code=code).first()
    if item is None:
        raise DomainError(
            code="power_item_unknown",
            field="code",
            zh=f"清单中没有事项 {code}",
            en=f"the list has no item {code}",
        )
    return item


def detail_add(actor, power_list: PowerList, code: str, kind: str, body: dict[str, Any]) -> None:
    spec = _kind(kind)
    unknown = sorted(set(body) - spec.fields())
    if unknown:
        raise DomainError(
            code="detail_field_unknown",
            field=unknown[0],
            zh=f"不认识的字段: {', '.join(unknown)}",
            en=f"unknown fields: {', '.join(unknown)} (allowed: {', '.join(sorted(spec.fields()))})",
        )
    try:
        spec.service(actor=actor, **{spec.item_arg: item_of(power_list, code)}, **body)
    except TypeError as exc:  # a required field missing
        raise DomainError(
            code="detail_field_missing",
            field=None,
            zh=f"缺少必填字段 (需要: {', '.join(sorted(spec.fields()))})",
            en=f"a required field is missing: {exc}",
        ) from None


def detail_delete(actor, power_list: PowerList, code: str, kind: str, detail_id: int) -> None:
    spec = _kind(kind)
    item = item_of(power_list, code)
    detail = spec.model.objects.filter(pk=detail_id, **{spec.item_arg: item}).first()
    if detail is None:
        raise DomainError(
            code="detail_unknown",
            field="id",
            zh=f"事项 {code} 没有这条明细 ({detail_id})",
            en=f"item {code} has no such detail ({detail_id})",
        )
    s.power_detail_delete(actor=actor, detail=detail)
