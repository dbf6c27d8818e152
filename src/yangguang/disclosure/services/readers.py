"""Designated readers of protected reporter identities (举报人身份查阅人).

Rule: a reporter's identity is read only by an inspector who (1) belongs to a commission
whose jurisdiction covers the complaint (``core.access``) and (2) holds a designation of
that commission, current today and not revoked. A designation is made or revoked only by
a system administrator or a leader (``Role.LEADER``) of that very commission; the person
designated must be an active inspector of the commission. Each designation and each
revocation writes one audit entry.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.disclosure import actions
from yangguang.disclosure import models as m
from yangguang.disclosure.designation import may_designate
from yangguang.disclosure.services._base import _error, _text, _user_id
from yangguang.orgs.models import Organisation


def _require_designator(actor: Actor, commission: Organisation) -> None:
    if actor.kind == "system":
        return
    if actor.user is None or not may_designate(actor.user, commission):
        raise PermissionDeniedError(
            zh="只有系统管理员或该纪检监察机构的负责人可以指定或撤销查阅人",
            en="only a system administrator or a leader of the commission may designate readers",
        )


def protected_reader_designate(
    *,
    actor: Actor,
    commission: Organisation,
    user: User,
    reason: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> m.ProtectedReportReader:
    """Designate ``user`` (an inspector of ``commission``) to read protected identities."""
    _require_designator(actor, commission)
    if commission.kind != "commission":
        raise _error("not_commission", "commission", "只能在纪检监察机构内指定", "not a commission")
    if user.role != Role.INSPECTOR or user.organisation_id != commission.pk or not user.is_active:
        raise _error(
            "not_inspector",
            "user",
            "只能指定本机构的纪检监察人员",
            "only an inspector of the commission may be designated",
        )
    reason = _text(reason, "reason", "指定理由", max_length=500)
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise _error("bad_dates", "valid_to", "截止日期早于起始日期", "to is before from")
    with transaction.atomic():
        d = m.ProtectedReportReader.objects.create(
            commission=commission,
            user=user,
            designated_by=_user_id(actor),
            valid_from=valid_from,
            valid_to=valid_to,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=actions.READER_DESIGNATE,
            obj=d,
            org_id=commission.pk,
            extra={
                "user": user.pk,
                "from": valid_from.isoformat(),
                "to": valid_to.isoformat() if valid_to else None,
                "reason": reason,
            },
        )
    return d


def protected_reader_revoke(
    *, actor: Actor, designation: m.ProtectedReportReader, reason: str = ""
) -> m.ProtectedReportReader:
    """Revoke a designation (from now on the reader is refused)."""
    _require_designator(actor, designation.commission)
    reason = (reason or "").strip()[:500]
    with transaction.atomic():
        d = m.ProtectedReportReader.objects.select_for_update().get(pk=designation.pk)
        if d.revoked_at is not None:
            raise _error("revoked", None, "该指定已撤销", "already revoked")
        d.revoked_at = timezone.now()
        d.revoked_by = _user_id(actor)
        d.revoke_reason = reason
        d.save()
        audit_record(
            actor=actor,
            action=actions.READER_REVOKE,
            obj=d,
            org_id=d.commission_id,
            extra={"user": d.user_id, "reason": reason},
        )
    return d
