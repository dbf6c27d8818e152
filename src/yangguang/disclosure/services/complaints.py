"""投诉举报: complaints and reports, followed by number and secret code; the reporter's
identity sealed (``protect.py``) and read only by inspectors, every reading audited."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_read_sensitive, audit_record
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.disclosure import abuse, actions, cases_link, conflicts, protect
from yangguang.disclosure import models as m
from yangguang.disclosure.designation import designation_active
from yangguang.disclosure.services._base import _error, _now, _number, _optional, _text
from yangguang.disclosure.services.recusal import _require_assignable, _require_handler
from yangguang.orgs.models import Organisation
from yangguang.workdays import deadlines
from yangguang.workdays.core import UnknownYearError

HANDLING_WORKING_DAYS = 15  # reply within 15 working days of receipt (configurable here)
Upload = tuple[str, bytes]  # (file name, content)


def _checked_files(files: Sequence[Upload]) -> list[tuple[str, bytes, str]]:
    if len(files) > abuse.MAX_ATTACHMENTS:
        raise _error(
            "too_many_attachments",
            "attachments",
            f"附件最多 {abuse.MAX_ATTACHMENTS} 个",
            f"at most {abuse.MAX_ATTACHMENTS} attachments",
        )
    out = []
    for name, data in files:
        content_type = abuse.check_attachment(name, data[:16], len(data))
        out.append((name[-200:], data, content_type))
    return out


def _attach(complaint: m.Complaint, files: list[tuple[str, bytes, str]]) -> list[int]:
    ids = []
    for name, data, content_type in files:
        extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
        att = m.Attachment(
            complaint=complaint,
            name=name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        att.file.save(f"{att.sha256[:16]}{extension[content_type]}", ContentFile(data), save=False)
        att.save()
        ids.append(att.pk)
    return ids


def _named_staff(organisation: Organisation, person_name: str) -> list[User]:
    """The account the reporter named, when the name is that of exactly one active member
    of staff of the organisation concerned (or below it), or of one of its leaders."""
    if not person_name:
        return []
    from yangguang.orgs.models import LeadershipTerm

    leaders = LeadershipTerm.objects.filter(
        organisation__path__startswith=organisation.path, end__isnull=True
    ).values("user_id")
    found = list(
        User.objects.filter(full_name=person_name, is_active=True).filter(
            Q(organisation__path__startswith=organisation.path) | Q(pk__in=leaders)
        )[:2]
    )
    return found if len(found) == 1 else []


def complaint_submit(
    *,
    actor: Actor,
    kind: str,
    subject_kind: str,
    organisation: Organisation,
    title: str,
    content: str,
    anonymous: bool = True,
    name: str = "",
    contact: str = "",
    case_number: str = "",
    person_name: str = "",
    decision_ref: str = "",
    files: Sequence[Upload] = (),
    at: datetime.datetime | None = None,
) -> tuple[m.Complaint, str]:
    """Receive a complaint or report; returns it and its secret code (shown once). A
    name or contact given with ``anonymous`` is refused (``identity_ambiguous``), never
    dropped silently."""
    at = _now(at)
    if kind not in m.ComplaintKind.values:
        raise _error("invalid_kind", "kind", "类型无效", "invalid kind")
    if subject_kind not in m.SubjectKind.values:
        raise _error("invalid_subject", "subject_kind", "对象类型无效", "invalid subject")
    case_number = _optional(case_number, "case_number", "办件编号", max_length=40)
    if subject_kind == m.SubjectKind.CASE and not case_number:
        raise _error("required", "case_number", "请填写办件编号", "case_number is required")
    person_name = _optional(person_name, "person_name", "被投诉人", max_length=100)
    title = _text(title, "title", "标题", max_length=200)
    content = _text(content, "content", "内容", max_length=10000)
    identity = None
    if anonymous and ((name or "").strip() or (contact or "").strip()):
        # never dropped silently: the caller asks which is meant (the portal asks once)
        raise _error(
            "identity_ambiguous",
            "anonymous",
            "选择了匿名提交, 却填写了姓名或联系方式: 请确认是实名还是匿名提交",
            "anonymous was chosen but a name or contact was given: "
            "say whether it is filed under the name or anonymously",
        )
    if not anonymous:
        identity = {
            "name": _text(name, "name", "姓名", max_length=100),
            "contact": _text(contact, "contact", "联系方式", max_length=200),
        }
    checked = _checked_files(files)
    code = protect.new_code()
    complaint = m.Complaint(
        number=_number("JB" if kind == m.ComplaintKind.REPORT else "TS", at, m.Complaint),
        code_hash=protect.hash_code(code),
        kind=kind,
        subject_kind=subject_kind,
        organisation=organisation,
        case_number=case_number,
        case_ref=cases_link.resolve_case(case_number, organisation),
        person_name=person_name,
        decision_ref=_optional(decision_ref, "decision_ref", "决策", max_length=100),
        title=title,
        content=content,
        anonymous=identity is None,
        received_at=at,
        commission=conflicts.handling_commission(organisation)
        if kind == m.ComplaintKind.REPORT
        else None,
    )
    named = _named_staff(organisation, person_name)
    try:
        complaint.deadline = deadlines.deadline(
            at, HANDLING_WORKING_DAYS, organisation=organisation
        )
    except UnknownYearError:
        complaint.deadline = None
    with transaction.atomic():
        complaint.save()
        if identity is not None:
            m.ReporterIdentity.objects.create(complaint=complaint, sealed=protect.seal(identity))
        attachments = _attach(complaint, checked)
        for person in named:
            m.ComplaintPerson.objects.create(complaint=complaint, user=person, named_at=at)
        # who reported never enters the trail
        audit_record(
            actor=actor,
            action=actions.COMPLAINT_SUBMIT,
            obj=complaint,
            org_id=organisation.pk,
            extra={
                "number": complaint.number,
                "kind": kind,
                "subject_kind": subject_kind,
                "case_ref": complaint.case_ref,
                "named": identity is not None,
                "attachments": attachments,
                "commission": complaint.commission_id,
                "persons": [p.pk for p in named],
            },
        )
    return complaint, code


def complaint_add_info(
    *,
    actor: Actor,
    complaint: m.Complaint,
    text: str,
    files: Sequence[Upload] = (),
    at: datetime.datetime | None = None,
) -> m.ComplaintNote:
    """The reporter adds information (the caller has checked the number and code)."""
    at = _now(at)
    text = _text(text, "text", "补充内容", max_length=5000)
    checked = _checked_files(files)
    if complaint.status in (m.ComplaintStatus.CLOSED, m.ComplaintStatus.REJECTED):
        raise _error("closed", "status", "该件已办结, 不能再补充", "this one is closed")
    with transaction.atomic():
        note = m.ComplaintNote.objects.create(
            complaint=complaint, by_reporter=True, text=text, created_at=at
        )
        attachments = _attach(complaint, checked)
        audit_record(
            actor=actor,
            action=actions.COMPLAINT_ADD_INFO,
            obj=complaint,
            org_id=complaint.organisation_id,
            extra={"note": note.pk, "attachments": attachments},
        )
    return note


def _update(actor, complaint, action, expected, fields, extra=None) -> m.Complaint:
    with transaction.atomic():
        c = m.Complaint.objects.select_for_update().get(pk=complaint.pk)
        if c.status not in expected:
            raise _error(
                "invalid_status",
                "status",
                f"当前状态（{c.get_status_display()}）不能执行此操作",
                "not possible in the current status",
            )
        changes = {}
        for key, value in fields.items():
            old = getattr(c, key)
            setattr(c, key, value)
            if old != value:
                changes[key] = [getattr(old, "pk", old), getattr(value, "pk", value)]
        c.save()
        audit_record(
            actor=actor,
            action=action,
            obj=c,
            org_id=c.organisation_id,
            changes=changes,
            extra=extra,
        )
    return c


def complaint_assign(*, actor: Actor, complaint: m.Complaint, assignee: User) -> m.Complaint:
    """Assign to a handler: a report to a member of the commission it was routed to, a
    complaint to a member of staff of the organisation concerned (or the commission);
    never to anyone conflicted (named, their leaders, their relatives)."""
    _require_handler(actor, complaint, "交办", "assign it")
    _require_assignable(complaint, assignee)
    fields = {"status": m.ComplaintStatus.ASSIGNED, "assignee": assignee}
    return _update(actor, complaint, actions.COMPLAINT_ASSIGN, ("received", "assigned"), fields)


def _finding(finding: str) -> str:
    finding = (finding or "").strip()
    if not finding:
        raise _error(
            "required",
            "finding",
            "请选择核查结论 (属实、部分属实或不属实)",
            "state the finding (founded, partly founded or unfounded)",
        )
    if finding not in m.Finding.values:
        raise _error(
            "invalid_finding",
            "finding",
            "核查结论无效, 应为属实、部分属实或不属实",
            "invalid finding: founded, partly or unfounded",
        )
    return finding


def complaint_reply(
    *,
    actor: Actor,
    complaint: m.Complaint,
    reply: str,
    finding: str,
    at: datetime.datetime | None = None,
) -> m.Complaint:
    """Reply to the reporter (seen with number and code), with the finding of the handling
    (属实 / 部分属实 / 不属实); a founded or partly founded complaint counts in the
    performance scores of the department (and of the case's responsible person) in the
    quarter of the reply. A report is replied to by its commission only; nobody
    conflicted replies."""
    _require_handler(actor, complaint, "答复", "reply to it")
    fields = {
        "status": m.ComplaintStatus.REPLIED,
        "reply": _text(reply, "reply", "答复", max_length=10000),
        "finding": _finding(finding),
        "replied_at": _now(at),
    }
    return _update(actor, complaint, actions.COMPLAINT_REPLY, ("received", "assigned"), fields)


def complaint_reject(
    *, actor: Actor, complaint: m.Complaint, reason: str, at: datetime.datetime | None = None
) -> m.Complaint:
    """Not accepted (e.g. outside the platform's remit), with the reason as reply; by the
    same handlers as a reply."""
    _require_handler(actor, complaint, "不予受理", "refuse it")
    fields = {
        "status": m.ComplaintStatus.REJECTED,
        "reply": _text(reason, "reason", "不予受理理由", max_length=2000),
        "replied_at": _now(at),
    }
    return _update(actor, complaint, actions.COMPLAINT_REJECT, ("received", "assigned"), fields)


def complaint_rate(*, actor: Actor, complaint: m.Complaint, satisfaction: str) -> m.Complaint:
    """The reporter rates the reply (the caller has checked the number and code); closes it."""
    if satisfaction not in m.Satisfaction.values:
        raise _error("invalid", "satisfaction", "评价无效", "invalid rating")
    fields = {"status": m.ComplaintStatus.CLOSED, "satisfaction": satisfaction}
    return _update(actor, complaint, actions.COMPLAINT_RATE, ("replied",), fields)


def reporter_identity_read(*, actor: Actor, complaint: m.Complaint, reason: str) -> dict[str, str]:
    """An inspector reads who made a named report: allowed only to inspectors whose
    jurisdiction covers it and whom their commission has designated
    (``services/readers.py``); every reading writes an audit entry (with the reason)."""
    identity = m.ReporterIdentity.objects.filter(complaint=complaint).first()
    if identity is None:
        raise _error("anonymous", None, "该件为匿名提交", "this one was filed anonymously")
    if actor.user is None or not (
        access.can(actor.user, "view", identity)
        and designation_active(actor.user, actor.user.organisation_id)
    ):
        raise PermissionDeniedError(zh="无权查看举报人身份", en="not allowed to see the reporter")
    conflicts.require_unconflicted(actor.user, complaint, "查看举报人身份", "see the reporter")
    with transaction.atomic():
        audit_read_sensitive(
            actor=actor, obj=identity, reason=reason, org_id=complaint.organisation_id
        )
    return protect.unseal(identity.sealed)


def complaint_alerts_raise(
    *, actor: Actor, at: datetime.datetime | None = None
) -> list[m.ComplaintAlert]:
    """Raise an alert, once, for every complaint still open (received or assigned) after
    its handling deadline (set-wise: one query, one insert, one audit entry listing them;
    nothing when none), as ``disclosure_alerts_raise`` does for disclosure items."""
    if actor.kind != "system" and access.role_of(actor.user) != Role.SYSADMIN:
        raise PermissionDeniedError()
    from yangguang.disclosure.selectors import overdue_complaints

    at = at or timezone.now()
    on = timezone.localdate(at)
    with transaction.atomic():
        due = list(
            overdue_complaints(at)
            .filter(alert__isnull=True)
            .order_by("pk")
            .select_for_update(of=("self",))
        )
        if not due:
            return []
        alerts = m.ComplaintAlert.objects.bulk_create(
            [m.ComplaintAlert(complaint=c, raised_on=on) for c in due]
        )
        audit_record(
            actor=actor,
            action=actions.COMPLAINT_ALERTS_RAISE,
            object_type="disclosure.complaintalert",
            object_id=on.isoformat(),
            extra={"at": at, "complaints": [c.pk for c in due]},
        )
    return alerts
