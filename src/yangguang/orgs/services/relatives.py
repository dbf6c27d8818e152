"""Declared relatives (亲属关系申报): who is a close relative of whom among the staff, so
that neither handles a matter naming the other (回避, 公务员法 第七十四条).

A declaration is made, or ended, by the person concerned, an administrator of the
person's organisation (``change`` there), a discipline inspector over it (``supervise``)
or a system administrator. It works both ways. Apps that hold matters people must stand
aside from register a recheck (``orgs.rechecks``); every declaration runs them in its
transaction, so a handler who has just become conflicted is replaced at once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs import actions, rechecks
from yangguang.orgs.models import Relation, RelativeDeclaration


def _may_declare(actor: Actor, person: User) -> None:
    if actor.kind == "system":
        return
    user = actor.user
    if user is not None and user.pk == person.pk and access.is_staff_user(user):
        return
    org = person.organisation
    if access.can_in_org(user, "change", org) or access.can_in_org(user, "supervise", org):
        return
    raise PermissionDeniedError(
        zh="只有本人、本单位管理员或纪检监察人员可以申报亲属关系",
        en="only the person, an administrator of the organisation or an inspector may declare",
    )


def relative_declare(
    *, actor: Actor, person: User, relative: User, relation: str, note: str = ""
) -> RelativeDeclaration:
    """Declare ``relative`` a close relative of ``person`` (both members of staff)."""
    _may_declare(actor, person)
    if relation not in Relation.values:
        raise DomainError(
            code="relation_unknown", field="relation", zh="亲属关系无效", en="invalid relation"
        )
    if relative.pk == person.pk:
        raise DomainError(
            code="relative_self", field="relative", zh="不能申报本人", en="not oneself"
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError(
            code="too_long", field="note", zh="说明不能超过 200 字", en="note too long"
        )
    pair = Q(person=person, relative=relative) | Q(person=relative, relative=person)
    if RelativeDeclaration.objects.filter(pair, ended_at__isnull=True).exists():
        raise DomainError(
            code="relative_exists",
            field="relative",
            zh="该亲属关系已申报",
            en="this relationship is already declared",
        )
    try:
        with transaction.atomic():
            d = RelativeDeclaration.objects.create(
                person=person,
                relative=relative,
                relation=relation,
                note=note,
                declared_by=actor.user,
                declared_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action=actions.RELATIVE_DECLARE,
                obj=d,
                org_id=person.organisation_id,
                extra={"person": person.pk, "relative": relative.pk, "relation": relation},
            )
            rechecks.run(actor, [person.pk, relative.pk], "relative_declared")
    except IntegrityError as exc:  # a concurrent identical declaration
        raise DomainError(
            code="relative_exists",
            field="relative",
            zh="该亲属关系已申报",
            en="this relationship is already declared",
        ) from exc
    return d


def relative_end(
    *, actor: Actor, declaration: RelativeDeclaration, reason: str
) -> RelativeDeclaration:
    """End a declaration (the relationship ended, or was declared by mistake)."""
    _may_declare(actor, declaration.person)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(code="required", field="reason", zh="请填写理由", en="reason required")
    with transaction.atomic():
        d = RelativeDeclaration.objects.select_for_update().get(pk=declaration.pk)
        if d.ended_at is not None:
            raise DomainError(code="ended", zh="该申报已结束", en="already ended")
        d.ended_at, d.end_reason = timezone.now(), reason[:200]
        d.save(update_fields=["ended_at", "end_reason"])
        audit_record(
            actor=actor,
            action=actions.RELATIVE_END,
            obj=d,
            org_id=d.person.organisation_id,
            extra={"reason": d.end_reason},
        )
    return d
