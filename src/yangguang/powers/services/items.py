"""Writes to a working list and its items: the list itself, single items and sub-items
(create, change, remove) and the Excel import's set-wise path."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean
from yangguang.orgs.models import Organisation, Post
from yangguang.powers import actions, rules, validation
from yangguang.powers.models import ItemDecision, PowerItem, PowerList, PowerMove, PowerType
from yangguang.powers.services._base import (
    ITEM_FIELDS,
    ITEM_UPDATABLE,
    LIST_FIELDS,
    _locked_draft,
    _refuse_unknown,
)


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
    sub-items are gone, no item another one is to be merged into, and no item received
    from another body that the list has not yet settled (it gets a review decision)."""
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
        if PowerMove.objects.filter(item=item, settled_version__isnull=True).exists():
            raise DomainError(
                code="received_item_locked",
                field="item",
                zh=f"{item.code} 是依已发布的决定承接的职权, 不能直接删除; "
                "请在本单位的审核中登记审核意见(如取消、转移)",
                en=f"{item.code} was received by a published decision and cannot simply be "
                "deleted; record a review decision on it (such as cancel or transfer)",
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


def power_list_code_format_set(
    *, actor: Actor, organisation: Organisation, code_format: str
) -> PowerList:
    """The organisation's own code scheme (``powers.codes``: a template such as
    ``{type}-HW-{main:03d}[-{sub:02d}]``; blank: the deployment's), on its working list
    (made if it has none yet). Refused unless the list is a draft and every item already
    in it follows the new scheme."""
    from yangguang.powers import codes

    rules.require_editor(actor, organisation)
    code_format = (code_format or "").strip()
    refusal = codes.template_error(code_format) if code_format else None
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        power_list = PowerList.objects.filter(organisation=organisation).first()
        if power_list is None:
            power_list = PowerList.objects.create(organisation=organisation)
            audit_record(
                actor=actor,
                action=actions.LIST_CREATE,
                obj=power_list,
                org_id=organisation.pk,
                changes=diff(None, snapshot(power_list, LIST_FIELDS)),
            )
        power_list = _locked_draft(power_list, actor)
        if power_list.code_format == code_format:
            return power_list
        scheme = codes.scheme_for(code_format)
        misfits = [
            code
            for code, type_code, main, sub in power_list.items.values_list(
                "code", "type__code", "main", "sub"
            ).order_by("code")
            if not _fits(scheme, code, type_code, main, sub)
        ]
        if misfits:
            raise DomainError(
                code="code_format_misfits",
                field="code_format",
                zh=f"清单中已有 {len(misfits)} 个事项的编码不符合新的编码规则 "
                f"{scheme.template}(如 {misfits[0]}), 请先修改这些编码",
                en=f"{len(misfits)} item(s) of the list do not follow the scheme "
                f"{scheme.template} (e.g. {misfits[0]}); change their codes first",
            )
        before = power_list.code_format
        power_list.code_format = code_format
        power_list.save(update_fields=["code_format"])
        audit_record(
            actor=actor,
            action=actions.CODE_FORMAT_SET,
            obj=power_list,
            org_id=organisation.pk,
            changes={"code_format": [before, code_format]},
        )
    return power_list


def _fits(scheme, code: str, type_code: str, main: int, sub: int) -> bool:
    from yangguang.powers import codes

    try:
        parsed = codes.parse(code, scheme=scheme)
    except DomainError:
        return False
    return (parsed.type, parsed.main, parsed.sub) == (type_code, main, sub)
