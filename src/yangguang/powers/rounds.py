"""Reads about review rounds: what a person may do to a working list now
(``allowed_steps``, asking the same checks the services make), which lists wait for
someone (``waiting_for``, shown on the office home), the history of a list's rounds
(from the audit trail) and what publishing the working list would change against its
published version (``working_compare``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.worklist import Task
from yangguang.powers import actions, rules, selectors
from yangguang.powers.models import (
    LEAVING,
    ListStatus,
    PowerItem,
    PowerList,
    PowerListVersion,
)
from yangguang.powers.snapshot import effective_decisions, item_data, items_for_snapshot

#: the model's status names as the API spells them
API_STATUS: dict[str, str] = {
    ListStatus.DRAFT: "draft",
    ListStatus.FIRST_REVIEW: "first_review",
    ListStatus.SECOND_REVIEW: "second_review",
    ListStatus.APPROVED: "approved",
}


def status_text(status: str) -> str:
    """The status in the page's language."""
    return {
        ListStatus.DRAFT: _("草稿"),
        ListStatus.FIRST_REVIEW: _("初审中"),
        ListStatus.SECOND_REVIEW: _("复审中"),
        ListStatus.APPROVED: _("复审通过待发布"),
    }.get(status, status)


def decision_text(decision: str) -> str:
    return {
        "keep": _("保留"),
        "cancel": _("取消"),
        "delegate": _("下放"),
        "merge": _("合并"),
        "transfer": _("转移"),
        "entrust": _("委托"),
        "adjust": _("调整"),
    }.get(decision, decision)


# --- what a person may do ---------------------------------------------------------------

EDIT, DECIDE, SUBMIT = "edit", "decide", "submit"
FIRST, SECOND, PUBLISH = "first_review", "second_review", "publish"


def _passes(check: Callable[[], None]) -> bool:
    try:
        check()
    except DomainError:
        return False
    return True


def allowed_steps(user, power_list: PowerList) -> frozenset[str]:
    """The steps ``user`` may take on ``power_list`` as it is: ``edit`` (items and their
    details), ``decide`` (item decisions), ``submit``, ``first_review``, ``second_review``,
    ``publish``."""
    if not access.is_staff_user(user):
        return frozenset()
    org = power_list.organisation
    actor = Actor.person(user)
    if not _passes(lambda: rules.require_scope(actor, org)):
        return frozenset()
    out: set[str] = set()
    status = power_list.status
    if status == ListStatus.DRAFT and _passes(lambda: rules.require_editor(actor, org)):
        out |= {EDIT, DECIDE}
        if _passes(lambda: rules.check_submitter(user, org)):
            out.add(SUBMIT)
    elif status == ListStatus.FIRST_REVIEW:
        if _passes(lambda: rules.check_first_reviewer(user, org)) and _passes(
            lambda: rules.check_not_own_first(user, power_list.drafter_id)
        ):
            out.add(FIRST)
        if _passes(lambda: rules.check_first_review_decider(user, org, power_list.drafter_id)):
            out.add(DECIDE)
    elif status == ListStatus.SECOND_REVIEW:
        if _passes(lambda: rules.check_second_reviewer(user, org)) and _passes(
            lambda: rules.check_not_own_second(
                user, power_list.drafter_id, power_list.first_reviewer_id
            )
        ):
            out.add(SECOND)
    elif status == ListStatus.APPROVED and _passes(lambda: rules.check_publisher(user, org)):
        out.add(PUBLISH)
    return frozenset(out)


@dataclass
class Waiting:
    """The lists that wait for one kind of step by the person."""

    step: str
    lists: list[PowerList] = field(default_factory=list)


#: the step a list in each status waits for ("returned": a draft sent back to its editors)
RETURNED = "returned"
_WAITS_FOR = {
    ListStatus.FIRST_REVIEW: FIRST,
    ListStatus.SECOND_REVIEW: SECOND,
    ListStatus.APPROVED: PUBLISH,
}


def waiting_for(user) -> list[Waiting]:
    """The lists in ``user``'s scope that wait for a step ``user`` may take now, by step
    (first review, second review, publication, and drafts returned to their editors)."""
    if not access.is_staff_user(user):
        return []
    candidates = selectors.power_lists(user=user).filter(
        Q(status__in=list(_WAITS_FOR)) | (Q(status=ListStatus.DRAFT) & ~Q(return_reason=""))
    )
    groups = {step: Waiting(step) for step in (RETURNED, FIRST, SECOND, PUBLISH)}
    for power_list in candidates.order_by("organisation__path"):
        steps = allowed_steps(user, power_list)
        wanted = _WAITS_FOR.get(power_list.status, EDIT)
        if wanted in steps:
            groups[RETURNED if wanted == EDIT else wanted].lists.append(power_list)
    return [g for g in groups.values() if g.lists]


_TASK_LABELS = {
    RETURNED: "被退回待修改的权责清单",
    FIRST: "等待您初审的权责清单",
    SECOND: "等待您复审的权责清单",
    PUBLISH: "等待您发布的权责清单",
}


def home_tasks(user) -> list[Task]:
    """The office home's entries (registered with ``core.worklist``)."""
    tasks = []
    for group in waiting_for(user):
        first = group.lists[0]
        if len(group.lists) == 1:
            url = reverse("powers_office:list", kwargs={"code": first.organisation.code})
        else:
            url = reverse("powers_office:index") + f"?waiting={group.step}"
        tasks.append(
            Task(
                label=_(_TASK_LABELS[group.step]),
                count=len(group.lists),
                url=url,
                names=[p.organisation.name for p in group.lists],
            )
        )
    return tasks


# --- the history of rounds --------------------------------------------------------------

_STEP_ACTIONS = {
    actions.LIST_SUBMIT.code: "提交审核",
    actions.FIRST_APPROVE.code: "初审通过",
    actions.FIRST_RETURN.code: "初审退回",
    actions.SECOND_APPROVE.code: "复审通过",
    actions.SECOND_RETURN.code: "复审退回",
    actions.LIST_PUBLISH.code: "发布",
}


@dataclass(frozen=True)
class RoundStep:
    round: int
    time: Any
    action: str
    step: str  # in the page's language
    person: str
    reason: str
    version: int | None


def round_history(power_list: PowerList) -> list[RoundStep]:
    """Every step of every round of the list, oldest first; a round starts with its
    submission."""
    list_type = PowerList._meta.label_lower
    version_type = PowerListVersion._meta.label_lower
    entries = AuditEntry.objects.filter(org_id=power_list.organisation_id).filter(
        Q(object_type=list_type, object_id=str(power_list.pk))
        | Q(object_type=version_type, action=actions.LIST_PUBLISH.code),
        action__in=list(_STEP_ACTIONS),
    )
    versions = set(power_list.versions.values_list("pk", flat=True))
    out, number = [], 0
    for entry in entries.order_by("seq"):
        if entry.object_type == version_type and int(entry.object_id) not in versions:
            continue
        extra = json.loads(entry.payload).get("extra") or {}
        if entry.action == actions.LIST_SUBMIT.code:
            number += 1
        out.append(
            RoundStep(
                round=number,
                time=entry.time,
                action=entry.action,
                step=_(_STEP_ACTIONS[entry.action]),
                person=extra.get("by_name") or entry.actor_name,
                reason=extra.get("reason", ""),
                version=extra.get("number"),
            )
        )
    return out


# --- what publishing would change -------------------------------------------------------


@dataclass(frozen=True)
class Leaving:
    code: str
    name: str
    decision: str
    reason: str
    basis: str
    target: str


@dataclass
class WorkingDiff:
    """The working list (as publication would leave it) against the latest version."""

    version: int  # 0: nothing published yet
    added: list[tuple[str, str]]
    removed: list[Leaving]
    changed: list[selectors.ItemChange]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _target(record: Any) -> str:
    if record is None:
        return ""
    if record.delegate_level:
        body = record.delegate_body.name if record.delegate_body_id else ""
        return " ".join(p for p in (str(record.get_delegate_level_display()), body) if p)
    if record.merge_into_id:
        return f"{record.merge_into.code} {record.merge_into.name}"
    if record.transfer_to_id:
        return record.transfer_to.name
    if record.entrust_to_id:
        return record.entrust_to.name
    return ""


def working_compare(power_list: PowerList) -> WorkingDiff:
    items = list(
        items_for_snapshot(PowerItem.objects.filter(power_list=power_list))
        .select_related("decision__merge_into", "decision__delegate_body")
        .select_related("decision__transfer_to", "decision__entrust_to")
        .order_by("code")
    )
    effective = effective_decisions(items)
    after = {i.code: item_data(i) for i in items if effective[i.pk][0] not in LEAVING}
    leaving = {i.code: (i, *effective[i.pk]) for i in items if effective[i.pk][0] in LEAVING}
    latest = power_list.versions.order_by("-number").first()
    before = {d["code"]: d for d in selectors.version_data(latest)["items"]} if latest else {}
    removed = []
    for code in sorted(before.keys() - after.keys()):
        _item, decision, record = leaving.get(code, (None, "", None))
        removed.append(
            Leaving(
                code=code,
                name=before[code]["name"],
                decision=decision_text(decision) if decision else _("已从工作稿删除"),
                reason=record.reason if record else "",
                basis=record.basis if record else "",
                target=_target(record),
            )
        )
    return WorkingDiff(
        version=latest.number if latest else 0,
        added=[(c, after[c]["name"]) for c in sorted(after.keys() - before.keys())],
        removed=removed,
        changed=selectors.items_changed(before, after),
    )
