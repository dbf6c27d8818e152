"""The review round of a working list: per-item decisions (保留/取消/下放/合并/转移/调整),
submission, first and second review (approve or return with a reason) and publication
as a new numbered version. Who may do each step is decided in ``powers.rules``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean, required_text
from yangguang.orgs.models import Organisation
from yangguang.powers import actions, publishing, rules, validation
from yangguang.powers.models import (
    ItemDecision,
    ListStatus,
    PowerItem,
    PowerList,
    PowerListVersion,
)
from yangguang.powers.services._base import DECISION_FIELDS, LIST_FIELDS, _require_draft


def decision_record(
    *,
    actor: Actor,
    item: PowerItem,
    decision: str,
    reason: str,
    basis: str,
    delegate_level: str = "",
    delegate_body: Organisation | None = None,
    merge_into: PowerItem | None = None,
    transfer_to: Organisation | None = None,
    entrust_to: Organisation | None = None,
    by: User | None = None,
) -> ItemDecision:
    """Record (or replace) the review decision on ``item``: keep, cancel, delegate (to a
    level, optionally a body), merge (into an item), transfer (to a body), entrust (委托,
    to the body that acts on the organisation's behalf) or adjust, with its reason and
    basis. By editors in a draft, or by a first reviewer in first review. At publication
    a delegation to a body and a transfer hand the item to that body's working list; an
    entrusted item stays and names the entrusted body (``powers.moving``)."""
    reason = required_text(reason, "reason", "理由")
    basis = required_text(basis, "basis", "依据")
    with transaction.atomic():
        locked = PowerList.objects.select_for_update().select_related("organisation")
        power_list = locked.get(pk=item.power_list_id)
        org = power_list.organisation
        person = rules.person_of(actor, by)
        if power_list.status == ListStatus.FIRST_REVIEW:
            rules.require_scope(actor, org)
            reviewer = rules.require_person(person, "初审意见", "a first-review decision")
            rules.check_first_review_decider(reviewer, org, power_list.drafter_id)
        else:
            rules.require_editor(actor, org)
            _require_draft(power_list)
        item = PowerItem.objects.select_related("power_list__organisation").get(pk=item.pk)
        validation.check_decision(
            item,
            decision,
            delegate_level=delegate_level or "",
            delegate_body=delegate_body,
            merge_into=merge_into,
            transfer_to=transfer_to,
            entrust_to=entrust_to,
        )
        record = ItemDecision.objects.filter(item=item).first() or ItemDecision(item=item)
        before = snapshot(record, DECISION_FIELDS) if record.pk else None
        record.decision = decision
        record.reason, record.basis = reason, basis
        record.delegate_level = delegate_level or ""
        record.delegate_body, record.merge_into, record.transfer_to = (
            delegate_body,
            merge_into,
            transfer_to,
        )
        record.entrust_to = entrust_to
        record.decided_by, record.decided_at = person, timezone.now()
        clean(record)
        record.save()
        audit_record(
            actor=actor,
            action=actions.DECISION_RECORD,
            obj=record,
            org_id=org.pk,
            changes=diff(before, snapshot(record, DECISION_FIELDS)),
        )
    return record


# --- lifecycle --------------------------------------------------------------------------

#: the refusal of a step on a list in another state (the API answers it with 409)
WRONG_STATUS = "power_list_wrong_status"


def _step(
    *,
    actor: Actor,
    power_list: PowerList,
    status: str,
    action: actions.ActionCode,
    change: dict[str, Any],
    person: User | None,
    reason: str = "",
) -> PowerList:
    """Apply ``change`` to the locked list (already checked) and record the step, with
    the person who did it and the reason of a return."""
    before = snapshot(power_list, LIST_FIELDS)
    for name, value in change.items():
        setattr(power_list, name, value)
    power_list.status = status
    clean(power_list)
    power_list.save()
    extra: dict[str, str] = {}
    if person is not None:
        extra["by"] = person.get_username()
        extra["by_name"] = str(person)
    if reason:
        extra["reason"] = reason
    audit_record(
        actor=actor,
        action=action,
        obj=power_list,
        org_id=power_list.organisation_id,
        changes=diff(before, snapshot(power_list, LIST_FIELDS)),
        extra=extra or None,
    )
    return power_list


def _locked(power_list: PowerList, actor: Actor) -> PowerList:
    locked = PowerList.objects.select_for_update().select_related("organisation")
    power_list = locked.get(pk=power_list.pk)
    rules.require_scope(actor, power_list.organisation)
    return power_list


def _require_status(power_list: PowerList, status: str) -> None:
    if power_list.status != status:
        raise DomainError(
            code=WRONG_STATUS,
            field="status",
            zh=f"清单当前为“{power_list.get_status_display().split(' (')[0]}”, 不能办理此步骤",
            en=f"the list is {power_list.status}; this step needs {status}",
        )


def power_list_submit(*, actor: Actor, power_list: PowerList, by: User | None = None) -> PowerList:
    """The drafter (a clerk or organisation administrator of the organisation) submits the
    draft for first review."""
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        org = power_list.organisation
        rules.require_editor(actor, org)
        drafter = rules.require_person(rules.person_of(actor, by), "提交", "submitting")
        rules.check_submitter(drafter, org)
        _require_status(power_list, ListStatus.DRAFT)
        if not power_list.items.exists():
            raise DomainError(
                code="power_list_empty",
                field="items",
                zh="清单没有任何事项, 不能提交",
                en="the list has no items to submit",
            )
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.FIRST_REVIEW,
            action=actions.LIST_SUBMIT,
            person=drafter,
            change={
                "drafter": drafter,
                "submitted_at": timezone.now(),
                "first_reviewer": None,
                "first_reviewed_at": None,
                "second_reviewer": None,
                "second_reviewed_at": None,
                "return_reason": "",
            },
        )


def _first_reviewer(actor: Actor, power_list: PowerList, by: User | None) -> User:
    person = rules.require_person(rules.person_of(actor, by), "初审", "first review")
    rules.check_first_reviewer(person, power_list.organisation)
    _require_status(power_list, ListStatus.FIRST_REVIEW)
    rules.check_not_own_first(person, power_list.drafter_id)
    return person


def _second_reviewer(actor: Actor, power_list: PowerList, by: User | None) -> User:
    person = rules.require_person(rules.person_of(actor, by), "复审", "second review")
    rules.check_second_reviewer(person, power_list.organisation)
    _require_status(power_list, ListStatus.SECOND_REVIEW)
    rules.check_not_own_second(person, power_list.drafter_id, power_list.first_reviewer_id)
    return person


def power_list_first_approve(
    *, actor: Actor, power_list: PowerList, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        person = _first_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.SECOND_REVIEW,
            action=actions.FIRST_APPROVE,
            person=person,
            change={"first_reviewer": person, "first_reviewed_at": timezone.now()},
        )


def power_list_first_return(
    *, actor: Actor, power_list: PowerList, reason: str, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        person = _first_reviewer(actor, power_list, by)
        reason = required_text(reason, "reason", "退回理由")
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.DRAFT,
            action=actions.FIRST_RETURN,
            person=person,
            change={"return_reason": reason},
            reason=reason,
        )


def power_list_second_approve(
    *, actor: Actor, power_list: PowerList, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        person = _second_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.APPROVED,
            action=actions.SECOND_APPROVE,
            person=person,
            change={"second_reviewer": person, "second_reviewed_at": timezone.now()},
        )


def power_list_second_return(
    *, actor: Actor, power_list: PowerList, reason: str, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        person = _second_reviewer(actor, power_list, by)
        reason = required_text(reason, "reason", "退回理由")
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.DRAFT,
            action=actions.SECOND_RETURN,
            person=person,
            change={"first_reviewer": None, "first_reviewed_at": None, "return_reason": reason},
            reason=reason,
        )


def power_list_publish(
    *, actor: Actor, power_list: PowerList, by: User | None = None
) -> PowerListVersion:
    """Publish an approved list as its next numbered version (immutable), with one
    ``PublishedItem`` per item that stays: items decided cancel, delegate, merge or
    transfer (and the sub-items of such main items) leave the list. The working list then
    reopens as a draft without those items and without decisions."""
    with transaction.atomic():
        power_list = _locked(power_list, actor)
        org = power_list.organisation
        person = rules.person_of(actor, by)
        if actor.kind != "system" or person is not None:
            person = rules.require_person(person, "发布", "publishing")
            rules.check_publisher(person, org)
        _require_status(power_list, ListStatus.APPROVED)
        done = publishing.publish(power_list, person, actor)
        version = done.version
        extra = {
            "number": version.number,
            "sha256": version.sha256,
            "item_count": version.item_count,
            "removed": done.removed,
        }
        if done.moved:
            extra["moved"] = [
                {"code": m.code, "decision": m.decision, "to": m.receiver, "as": m.received_code}
                for m in done.moved
            ]
        if done.taken_in:
            extra["taken_in"] = done.taken_in
        if person is not None:
            extra["by"], extra["by_name"] = person.get_username(), str(person)
        audit_record(
            actor=actor,
            action=actions.LIST_PUBLISH,
            obj=version,
            org_id=org.pk,
            extra=extra,
        )
    return version
