"""What the power-list services share: the fields their audit entries record, and the
checks that a list is a draft the actor may edit."""

from __future__ import annotations

from typing import Any

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers import rules
from yangguang.powers.models import (
    AccountabilityCircumstance,
    DiscretionBenchmark,
    Fee,
    LegalBasis,
    ListStatus,
    Material,
    PowerList,
    ResponsibilityItem,
)

LIST_FIELDS = ("organisation", "status", "drafter", "first_reviewer", "second_reviewer")
ITEM_FIELDS = (
    "power_list",
    "parent",
    "code",
    "implementation_code",
    "name",
    "type",
    "implementing_body",
    "level",
    "entrusted_body",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "time_limit_note",
    "acceptance_conditions",
    "counterpart",
    "complaint_channel",
    "disclosure",
    "responsible_post",
    "remarks",
    "sort_order",
)
ITEM_UPDATABLE = frozenset(set(ITEM_FIELDS) - {"power_list"})
DECISION_FIELDS = (
    "item",
    "decision",
    "reason",
    "basis",
    "delegate_level",
    "delegate_body",
    "merge_into",
    "transfer_to",
    "entrust_to",
    "decided_by",
)
DETAIL_FIELDS: dict[type, tuple[str, ...]] = {
    LegalBasis: ("item", "law", "article", "text"),
    Material: ("item", "name", "required", "form", "source", "copies"),
    Fee: ("item", "name", "standard", "basis"),
    ResponsibilityItem: ("item", "stage", "duty"),
    AccountabilityCircumstance: ("item", "description", "basis"),
    DiscretionBenchmark: (
        "power",
        "grade",
        "description",
        "fine_min",
        "fine_max",
        "other_penalties",
        "quantified",
    ),
}


def _require_draft(power_list: PowerList) -> None:
    if power_list.status != ListStatus.DRAFT:
        raise DomainError(
            code="power_list_not_draft",
            field="status",
            zh=f"清单处于“{power_list.get_status_display().split(' (')[0]}”状态, 只有草稿可以修改",
            en=f"the list is {power_list.status}; only a draft can be changed",
        )


def _locked_draft(power_list: PowerList, actor: Actor) -> PowerList:
    """The list, locked, after checking the actor may edit it and that it is a draft."""
    locked = PowerList.objects.select_for_update().select_related("organisation")
    power_list = locked.get(pk=power_list.pk)
    rules.require_editor(actor, power_list.organisation)
    _require_draft(power_list)
    return power_list


def _refuse_unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise DomainError(
            code="field_not_updatable",
            field=unknown[0],
            zh=f"字段 {unknown[0]} 不存在或不可修改",
            en=f"field {unknown[0]} does not exist or cannot be changed",
        )
