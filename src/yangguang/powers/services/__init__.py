"""Writes to power types and power lists: items, their details, review decisions, the
review lifecycle and publication. Every function is keyword-only, checks permission
(unless the actor is the system), validates, runs in one transaction and writes exactly
one audit entry.

Lifecycle (``ListStatus``): draft → first_review → second_review → approved → published
as a new numbered ``PowerListVersion``, after which the working list is a draft again.

* Edit and submit: a clerk or organisation administrator of the organisation (the one
  who submits is recorded as the drafter of the round).
* Record review decisions: editors while the list is a draft; the first reviewer's
  eligible persons while it is in first review.
* First review: a leader or organisation administrator of the organisation itself, not
  the drafter.
* Second review: a leader of the organisation or of any body above it, or an
  organisation administrator of a body above it (such as the government's legal office),
  neither the drafter nor the first reviewer.
* Publish an approved list: a leader or organisation administrator of the organisation
  or a body above it, or a system administrator.

The system actor (the demo loader, imports of past reviews) records steps done by a
named person with ``by=``; the same rules apply to that person.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean, required_text
from yangguang.orgs.models import Organisation, Post
from yangguang.powers import actions, publishing, rules, validation
from yangguang.powers.models import (
    AccountabilityCircumstance,
    DiscretionBenchmark,
    Fee,
    ItemDecision,
    LegalBasis,
    ListStatus,
    Material,
    PowerItem,
    PowerList,
    PowerListVersion,
    PowerType,
    ResponsibilityItem,
    Stage,
)
from yangguang.powers.services.types import power_type_create as power_type_create
from yangguang.powers.services.types import power_type_update as power_type_update

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


def _org_of(item: PowerItem) -> Organisation:
    return item.power_list.organisation


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


# --- power types (configuration) --------------------------------------------------------


def power_list_create(*, actor: Actor, organisation: Organisation) -> PowerList:
    """The organisation's working list (one per organisation), as an empty draft."""
    rules.require_editor(actor, organisation)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if PowerList.objects.filter(organisation=organisation).exists():
            raise DomainError(
                code="power_list_exists",
                field="organisation",
                zh=f"“{organisation.name}”已有权责清单",
                en=f"“{organisation.name}” already has a power list",
            )
        power_list = PowerList.objects.create(organisation=organisation)
        audit_record(
            actor=actor,
            action=actions.LIST_CREATE,
            obj=power_list,
            org_id=organisation.pk,
            changes=diff(None, snapshot(power_list, LIST_FIELDS)),
        )
    return power_list


def power_item_create(
    *,
    actor: Actor,
    power_list: PowerList,
    code: str,
    name: str,
    type: PowerType | str,
    parent: PowerItem | None = None,
    implementing_body: Organisation | None = None,
    level: str = "county",
    statutory_limit: int | None = None,
    statutory_unit: str = "",
    promised_limit: int | None = None,
    promised_unit: str = "",
    responsible_post: Post | None = None,
    **fields: Any,
) -> PowerItem:
    """A main item, or (with ``parent``) a sub-item, in a draft list. Further fields:
    implementation_code, entrusted_body, time_limit_note, acceptance_conditions,
    counterpart, complaint_channel, disclosure, remarks, sort_order."""
    _refuse_unknown(fields, ITEM_UPDATABLE)
    with transaction.atomic():
        power_list = _locked_draft(power_list, actor)
        item = PowerItem(
            power_list=power_list,
            parent=parent,
            code=(code or "").strip() if isinstance(code, str) else code,
            name=name,
            type=validation.resolve_type(type),
            implementing_body=implementing_body or power_list.organisation,
            level=level,
            statutory_limit=statutory_limit,
            statutory_unit=statutory_unit or "",
            promised_limit=promised_limit,
            promised_unit=promised_unit or "",
            responsible_post=responsible_post,
            **validation.strip(fields),
        )
        if not fields.get("sort_order"):
            item.sort_order = power_list.items.count() + 1
        validation.check_item(item)
        clean(item)
        item.save()
        audit_record(
            actor=actor,
            action=actions.ITEM_CREATE,
            obj=item,
            org_id=power_list.organisation_id,
            changes=diff(None, snapshot(item, ITEM_FIELDS)),
        )
    return item


def _refuse_unknown(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise DomainError(
            code="field_not_updatable",
            field=unknown[0],
            zh=f"字段 {unknown[0]} 不存在或不可修改",
            en=f"field {unknown[0]} does not exist or cannot be changed",
        )


def power_item_update(*, actor: Actor, item: PowerItem, **changes: Any) -> PowerItem:
    """Change fields of an item of a draft list (a code change re-checks the scheme,
    the type and the main item)."""
    _refuse_unknown(changes, ITEM_UPDATABLE)
    with transaction.atomic():
        _locked_draft(item.power_list, actor)
        item = PowerItem.objects.select_related("power_list__organisation", "type").get(pk=item.pk)
        before = snapshot(item, ITEM_FIELDS)
        if "type" in changes:
            changes["type"] = validation.resolve_type(changes["type"])
        for name, value in validation.strip(changes).items():
            setattr(item, name, value)
        if item.sub_items.exists() and item.code != before["code"]:
            raise DomainError(
                code="main_item_code_locked",
                field="code",
                zh="主项已有子项, 不能修改其编码",
                en="a main item with sub-items keeps its code",
            )
        validation.check_item(item)
        clean(item)
        item.save()
        audit_record(
            actor=actor,
            action=actions.ITEM_UPDATE,
            obj=item,
            org_id=item.power_list.organisation_id,
            changes=diff(before, snapshot(item, ITEM_FIELDS)),
        )
    return item


def power_item_delete(*, actor: Actor, item: PowerItem) -> None:
    """Remove an item (with its details) from a draft list; a main item only once its
    sub-items are gone, and no item another one is to be merged into."""
    with transaction.atomic():
        power_list = _locked_draft(item.power_list, actor)
        item = PowerItem.objects.get(pk=item.pk)
        if item.sub_items.exists():
            raise DomainError(
                code="main_item_has_sub_items",
                field="item",
                zh=f"主项 {item.code} 下还有子项, 请先删除子项",
                en=f"the main item {item.code} still has sub-items; delete them first",
            )
        if ItemDecision.objects.filter(merge_into=item).exists():
            raise DomainError(
                code="item_is_merge_target",
                field="item",
                zh=f"有事项拟并入 {item.code}, 不能删除",
                en=f"another item is to be merged into {item.code}",
            )
        before = snapshot(item, ITEM_FIELDS)
        pk = item.pk
        item.delete()
        audit_record(
            actor=actor,
            action=actions.ITEM_DELETE,
            object_type=PowerItem._meta.label_lower,
            object_id=pk,
            org_id=power_list.organisation_id,
            changes=diff(before, None),
        )


# --- item details -----------------------------------------------------------------------


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


# --- review decisions -------------------------------------------------------------------


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
    by: User | None = None,
) -> ItemDecision:
    """Record (or replace) the review decision on ``item``: keep, cancel, delegate (to a
    level, optionally a body), merge (into an item), transfer (to a body) or adjust, with
    its reason and basis. By editors in a draft, or by a first reviewer in first review."""
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
            if not rules.may_first_review(reviewer, org) or reviewer.pk == power_list.drafter_id:
                raise rules.not_allowed(
                    "初审中的审核意见只能由起草人以外的本单位领导或单位管理员登记",
                    "in first review, decisions are recorded by a leader or organisation "
                    "administrator of the organisation other than the drafter",
                )
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


def _step(
    *,
    actor: Actor,
    power_list: PowerList,
    status: str,
    action: actions.ActionCode,
    change: dict[str, Any],
    reason: str = "",
) -> PowerList:
    """Apply ``change`` to the locked list (already checked) and record the step."""
    before = snapshot(power_list, LIST_FIELDS)
    for name, value in change.items():
        setattr(power_list, name, value)
    power_list.status = status
    clean(power_list)
    power_list.save()
    extra = {"reason": reason} if reason else None
    audit_record(
        actor=actor,
        action=action,
        obj=power_list,
        org_id=power_list.organisation_id,
        changes=diff(before, snapshot(power_list, LIST_FIELDS)),
        extra=extra,
    )
    return power_list


def _locked_in(power_list: PowerList, status: str, actor: Actor) -> PowerList:
    locked = PowerList.objects.select_for_update().select_related("organisation")
    power_list = locked.get(pk=power_list.pk)
    rules.require_scope(actor, power_list.organisation)
    if power_list.status != status:
        raise DomainError(
            code="power_list_wrong_status",
            field="status",
            zh=f"清单当前为“{power_list.get_status_display().split(' (')[0]}”, 不能办理此步骤",
            en=f"the list is {power_list.status}; this step needs {status}",
        )
    return power_list


def power_list_submit(*, actor: Actor, power_list: PowerList, by: User | None = None) -> PowerList:
    """The drafter (a clerk or organisation administrator of the organisation) submits the
    draft for first review."""
    with transaction.atomic():
        power_list = _locked_in(power_list, ListStatus.DRAFT, actor)
        org = power_list.organisation
        rules.require_editor(actor, org)
        drafter = rules.require_person(rules.person_of(actor, by), "提交", "submitting")
        if drafter.role not in rules.EDITOR_ROLES or not drafter.is_active:
            raise rules.not_allowed(
                "只有经办人员或单位管理员可以提交清单",
                "only clerks and organisation administrators submit a list",
            )
        if drafter.role != "sysadmin" and not org.path.startswith(
            getattr(drafter.organisation, "path", "\0")
        ):
            raise rules.not_allowed("起草人不属于本单位", "the drafter is not of this organisation")
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
    if not rules.may_first_review(person, power_list.organisation):
        raise rules.not_allowed(
            "初审须由本单位领导或单位管理员办理",
            "first review is done by a leader or organisation administrator of the organisation",
        )
    if person.pk == power_list.drafter_id:
        raise DomainError(
            code="own_list_review",
            field="by",
            zh="起草人不能审核自己起草的清单",
            en="the drafter may not review his or her own list",
        )
    return person


def _second_reviewer(actor: Actor, power_list: PowerList, by: User | None) -> User:
    person = rules.require_person(rules.person_of(actor, by), "复审", "second review")
    if not rules.may_second_review(person, power_list.organisation):
        raise rules.not_allowed(
            "复审须由本单位或上级单位领导、上级单位管理员(如政府法制机构)办理",
            "second review is done by a leader of the organisation or of a higher body, or "
            "an organisation administrator of a higher body",
        )
    if person.pk in (power_list.drafter_id, power_list.first_reviewer_id):
        raise DomainError(
            code="own_list_review",
            field="by",
            zh="复审人不能是起草人或初审人",
            en="the second reviewer is neither the drafter nor the first reviewer",
        )
    return person


def power_list_first_approve(
    *, actor: Actor, power_list: PowerList, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked_in(power_list, ListStatus.FIRST_REVIEW, actor)
        person = _first_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.SECOND_REVIEW,
            action=actions.FIRST_APPROVE,
            change={"first_reviewer": person, "first_reviewed_at": timezone.now()},
        )


def power_list_first_return(
    *, actor: Actor, power_list: PowerList, reason: str, by: User | None = None
) -> PowerList:
    reason = required_text(reason, "reason", "退回理由")
    with transaction.atomic():
        power_list = _locked_in(power_list, ListStatus.FIRST_REVIEW, actor)
        _first_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.DRAFT,
            action=actions.FIRST_RETURN,
            change={"return_reason": reason},
            reason=reason,
        )


def power_list_second_approve(
    *, actor: Actor, power_list: PowerList, by: User | None = None
) -> PowerList:
    with transaction.atomic():
        power_list = _locked_in(power_list, ListStatus.SECOND_REVIEW, actor)
        person = _second_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.APPROVED,
            action=actions.SECOND_APPROVE,
            change={"second_reviewer": person, "second_reviewed_at": timezone.now()},
        )


def power_list_second_return(
    *, actor: Actor, power_list: PowerList, reason: str, by: User | None = None
) -> PowerList:
    reason = required_text(reason, "reason", "退回理由")
    with transaction.atomic():
        power_list = _locked_in(power_list, ListStatus.SECOND_REVIEW, actor)
        _second_reviewer(actor, power_list, by)
        return _step(
            actor=actor,
            power_list=power_list,
            status=ListStatus.DRAFT,
            action=actions.SECOND_RETURN,
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
        power_list = _locked_in(power_list, ListStatus.APPROVED, actor)
        org = power_list.organisation
        person = rules.person_of(actor, by)
        if actor.kind != "system" or person is not None:
            person = rules.require_person(person, "发布", "publishing")
            if not rules.may_publish(person, org):
                raise rules.not_allowed(
                    "发布须由本单位或上级单位领导、单位管理员办理",
                    "a leader or organisation administrator of the organisation or a higher "
                    "body publishes",
                )
        done = publishing.publish(power_list, person, actor.name)
        version = done.version
        audit_record(
            actor=actor,
            action=actions.LIST_PUBLISH,
            obj=version,
            org_id=org.pk,
            extra={
                "number": version.number,
                "sha256": version.sha256,
                "item_count": version.item_count,
                "removed": done.removed,
            },
        )
    return version


# --- import -----------------------------------------------------------------------------


def power_items_import(
    *, actor: Actor, power_list: PowerList, rows: list[Any], progress: Any = None
) -> Any:
    """Create or change many items of a draft list at once (the Excel import): ``rows``
    are ``excel.apply.ItemRow``s. Items are matched by code; unchanged rows write nothing
    at all, items the rows do not name are kept. All or nothing, in one transaction.

    Set-wise (bulk inserts and updates) rather than one ``power_item_create`` call per
    row, because 20,000 rows through the per-item services took minutes. The audit trail
    still gets one entry per created item (``power.item_create``) and one per changed item
    (``power.item_update``, with the changed details), as the per-item services write;
    ``extra`` marks them as imported, with the row number and the item's details."""
    from yangguang.powers.excel import apply

    with transaction.atomic():
        power_list = _locked_draft(power_list, actor)
        return apply.apply(actor=actor, power_list=power_list, rows=rows, progress=progress)
