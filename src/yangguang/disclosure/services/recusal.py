"""Who handles a complaint or report, and standing aside (回避): the handler checks every
handling service calls, naming persons, referring a report to another commission, and
replacing a handler who has become conflicted (``disclosure.conflicts`` holds the rule)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.disclosure import actions, conflicts
from yangguang.disclosure import models as m
from yangguang.disclosure.services._base import _check, _error, _text, _user_id
from yangguang.orgs.models import Organisation, OrgKind

ORG_HANDLERS = (Role.CLERK, Role.LEADER, Role.ORG_ADMIN)


def _require_handler(actor: Actor, complaint: m.Complaint, what_zh: str, what_en: str) -> None:
    """May ``actor`` handle ``complaint`` (assign, reply, refuse, name, refer)? A report
    only by the staff of the commission it was routed to, a complaint by the staff of the
    organisation (``operate``); nobody conflicted. The system acts everywhere."""
    if actor.kind == "system":
        return
    user = actor.user
    if complaint.kind == m.ComplaintKind.REPORT:
        if not conflicts.is_commission_staff(user, complaint.commission_id):
            raise PermissionDeniedError(
                zh=f"举报由纪委监委办理, 您不能{what_zh}",
                en=f"reports are handled by the discipline commission: you may not {what_en}",
            )
    else:
        _check(actor, "operate", complaint.organisation)
    conflicts.require_unconflicted(user, complaint, what_zh, what_en)


def _require_assignable(complaint: m.Complaint, assignee: User) -> None:
    """The assignee's side and freedom from conflict (whoever assigns, the system too)."""
    if not assignee.is_active:
        raise _error("assignee_inactive", "assignee", "承办人账号已停用", "inactive account")
    if complaint.kind == m.ComplaintKind.REPORT:
        if not conflicts.is_commission_staff(assignee, complaint.commission_id):
            raise _error(
                "assignee_scope",
                "assignee",
                "举报只能交办给受理该件的纪委监委工作人员",
                "a report is assigned only to the staff of the commission handling it",
            )
    else:
        org = assignee.organisation
        if org is None or not (
            complaint.organisation.path.startswith(org.path)
            or org.path.startswith(complaint.organisation.path)
            or access.can(assignee, "view", complaint)
        ):
            raise _error(
                "assignee_scope",
                "assignee",
                "承办人不在该单位",
                "the assignee is not in the organisation",
            )
    conflicts.require_unconflicted(assignee, complaint, "承办", "handle it", field="assignee")


def _candidates(complaint: m.Complaint):
    """Who could take over ``complaint`` (active staff of its side), least loaded first."""
    if complaint.kind == m.ComplaintKind.REPORT:
        if complaint.commission_id is None:
            return User.objects.none()
        qs = User.objects.filter(
            organisation_id=complaint.commission_id, role__in=conflicts.COMMISSION_HANDLERS
        )
    else:
        qs = User.objects.filter(
            organisation__path__startswith=complaint.organisation.path, role__in=ORG_HANDLERS
        )
    qs = qs.filter(is_active=True).exclude(
        pk__in=User.objects.filter(pk=complaint.assignee_id).values("pk")
    )
    open_ids = m.Complaint.objects.filter(status__in=m.OPEN_COMPLAINT).values("assignee_id")
    load = {
        r["assignee_id"]: r["n"]
        for r in open_ids.annotate(n=Count("pk")).order_by().values("assignee_id", "n")
    }
    return sorted(qs, key=lambda u: (load.get(u.pk, 0), u.username))


def _replace_if_conflicted(actor: Actor, c: m.Complaint, trigger: str) -> m.Complaint:
    """Inside a transaction, ``c`` locked: if its handler is now conflicted, hand it to an
    unconflicted colleague of the same side (least loaded), or else unassign it (back to
    received, flagged on the office list); one audit entry with the reason."""
    if c.status not in m.OPEN_COMPLAINT or c.assignee_id is None:
        return c
    reason = conflicts.conflict_reason(c.assignee, c)
    if reason is None:
        return c
    old = c.assignee
    new = next((u for u in _candidates(c) if conflicts.conflict_reason(u, c) is None), None)
    c.assignee = new
    if new is None:
        c.status = m.ComplaintStatus.RECEIVED
    c.save(update_fields=["assignee", "status"])
    audit_record(
        actor=actor,
        action=actions.COMPLAINT_HANDLER_REPLACED,
        obj=c,
        org_id=c.organisation_id,
        changes={"assignee": [old.pk, new.pk if new else None]},
        extra={
            "reason_zh": f"原承办人{old.full_name or old.username}应当回避: {reason[0]}",
            "reason_en": f"the handler {old.username} must stand aside: {reason[1]}",
            "trigger": trigger,
            "unassigned": new is None,
        },
    )
    return c


def complaint_name_person(*, actor: Actor, complaint: m.Complaint, user: User) -> m.Complaint:
    """Record a member of staff as named in ``complaint`` (涉及人员), found when handling
    it; a handler who thereby becomes conflicted is replaced."""
    _require_handler(actor, complaint, "登记涉及人员", "record a person named")
    if not isinstance(user, User) or user.pk is None:
        raise _error(
            "invalid_person", "user", "涉及人员须为本平台工作人员", "not a member of staff"
        )
    with transaction.atomic():
        c = m.Complaint.objects.select_for_update().get(pk=complaint.pk)
        if m.ComplaintPerson.objects.filter(complaint=c, user=user).exists():
            raise _error("already_named", "user", "该人员已登记为涉及人员", "already named")
        m.ComplaintPerson.objects.create(
            complaint=c, user=user, named_by=_user_id(actor), named_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=actions.COMPLAINT_NAME_PERSON,
            obj=c,
            org_id=c.organisation_id,
            extra={"person": user.pk},
        )
        c = _replace_if_conflicted(actor, c, "named")
    return c


def complaint_route(
    *, actor: Actor, complaint: m.Complaint, commission: Organisation, reason: str
) -> m.Complaint:
    """Refer a report to another commission (e.g. the one above, when the commission's own
    staff or leaders are named); the handler, if any, is released."""
    if complaint.kind != m.ComplaintKind.REPORT:
        raise _error("not_report", "kind", "只有举报移送纪委监委", "only reports are referred")
    if actor.kind != "system" and access.role_of(actor.user) != Role.SYSADMIN:
        _require_handler(actor, complaint, "移送", "refer it")
    if commission.kind != OrgKind.COMMISSION:
        raise _error("not_commission", "commission", "只能移送纪检监察机关", "not a commission")
    reason = _text(reason, "reason", "移送理由", max_length=500)
    with transaction.atomic():
        c = m.Complaint.objects.select_for_update().get(pk=complaint.pk)
        if c.status not in m.OPEN_COMPLAINT:
            raise _error("invalid_status", "status", "该件已办结", "already concluded")
        if c.commission_id == commission.pk:
            raise _error("same_commission", "commission", "已由该机关办理", "already there")
        old = c.commission_id
        c.commission, c.assignee, c.status = commission, None, m.ComplaintStatus.RECEIVED
        c.save(update_fields=["commission", "assignee", "status"])
        audit_record(
            actor=actor,
            action=actions.COMPLAINT_ROUTE,
            obj=c,
            org_id=c.organisation_id,
            changes={"commission": [old, commission.pk]},
            extra={"reason": reason},
        )
    return c


def complaints_recheck(*, actor: Actor, user_ids: Iterable[int], trigger: str) -> list[int]:
    """After a change that can make people conflicted (a relative declared): every open
    complaint handled by one of ``user_ids``, or naming one of them, is checked and its
    handler replaced where conflicted. Returns the complaints whose handler changed."""
    ids = set(user_ids)
    if actor.kind != "system" and not access.is_staff_user(actor.user):
        raise PermissionDeniedError()
    changed = []
    with transaction.atomic():
        rows = m.Complaint.objects.filter(status__in=m.OPEN_COMPLAINT, assignee__isnull=False)
        rows = rows.filter(Q(assignee_id__in=ids) | Q(persons__user_id__in=ids)).distinct()
        for pk in rows.order_by("pk").values_list("pk", flat=True):
            c = m.Complaint.objects.select_for_update().get(pk=pk)
            before = c.assignee_id
            c = _replace_if_conflicted(actor, c, trigger)
            if c.assignee_id != before:
                changed.append(c.pk)
    return changed
