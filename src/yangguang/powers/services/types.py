"""Services for the configurable power types (system administrators only)."""

from __future__ import annotations

from django.db import transaction

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.core.validation import clean, required_text
from yangguang.powers import actions, codes, rules
from yangguang.powers.models import (
    PowerType,
)

TYPE_FIELDS = ("code", "name", "sort_order", "active")


def power_type_create(
    *, actor: Actor, code: str, name: str, sort_order: int = 0, active: bool = True
) -> PowerType:
    """A new power type (system administrators only)."""
    _require_sysadmin(actor)
    code = (code or "").strip()
    if not codes.TYPE_CODE.match(code):
        raise DomainError(
            code="power_type_code_invalid",
            field="code",
            zh=f"职权类型代码 {code!r} 应为两个大写字母",
            en=f"power type code {code!r} must be two capital letters",
        )
    name = required_text(name, "name", "类型名称")
    with transaction.atomic():
        power_type = PowerType(code=code, name=name, sort_order=sort_order, active=active)
        clean(power_type)
        power_type.save()
        audit_record(
            actor=actor,
            action=actions.TYPE_CREATE,
            obj=power_type,
            changes=diff(None, snapshot(power_type, TYPE_FIELDS)),
        )
    return power_type


def power_type_update(
    *,
    actor: Actor,
    power_type: PowerType,
    name: str | None = None,
    sort_order: int | None = None,
    active: bool | None = None,
) -> PowerType:
    """Rename, reorder or (de)activate a type; its code, part of every power code, stays."""
    _require_sysadmin(actor)
    with transaction.atomic():
        power_type = PowerType.objects.select_for_update().get(pk=power_type.pk)
        before = snapshot(power_type, TYPE_FIELDS)
        if name is not None:
            power_type.name = required_text(name, "name", "类型名称")
        if sort_order is not None:
            power_type.sort_order = sort_order
        if active is not None:
            power_type.active = bool(active)
        clean(power_type)
        power_type.save()
        audit_record(
            actor=actor,
            action=actions.TYPE_UPDATE,
            obj=power_type,
            changes=diff(before, snapshot(power_type, TYPE_FIELDS)),
        )
    return power_type


def _require_sysadmin(actor: Actor) -> None:
    if actor.kind != "system" and (actor.user is None or actor.user.role != "sysadmin"):
        raise rules.not_allowed(
            "只有系统管理员可以配置职权类型", "only a system administrator configures power types"
        )


# --- lists and items --------------------------------------------------------------------
