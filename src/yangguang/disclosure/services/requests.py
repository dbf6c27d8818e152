"""依申请公开: information requests with the statutory 20 working days (the platform's
calendar, ``yangguang.workdays.deadlines``), one extension of 20 with a leader's approval,
and the clock stopped while the requester is asked to clarify."""

from __future__ import annotations

import datetime

from django.db import transaction

from yangguang.audit.services import audit_record
from yangguang.core.context import Actor
from yangguang.disclosure import actions
from yangguang.disclosure import models as m
from yangguang.disclosure.services._base import (
    _check,
    _error,
    _leader,
    _now,
    _number,
    _optional,
    _text,
)
from yangguang.orgs.models import Organisation
from yangguang.workdays import deadlines
from yangguang.workdays.core import UnknownYearError

LEGAL_WORKING_DAYS = 20  # 政府信息公开条例 第三十三条
EXTENSION_WORKING_DAYS = 20


def _pauses(req: m.InfoRequest) -> list[tuple[datetime.datetime, datetime.datetime | None]]:
    return [
        (
            datetime.datetime.fromisoformat(b),
            datetime.datetime.fromisoformat(e) if e else None,
        )
        for b, e in req.pauses
    ]


def request_deadline(req: m.InfoRequest) -> datetime.datetime | None:
    """The deadline by the calendar in force; None while the clock is stopped or when the
    calendar of the year it falls in is not known yet (nothing is guessed)."""
    pauses = _pauses(req)
    if any(e is None for _, e in pauses):
        return None
    days = LEGAL_WORKING_DAYS + (EXTENSION_WORKING_DAYS if req.extended else 0)
    try:
        return deadlines.deadline(req.received_at, days, pauses, organisation=req.organisation)
    except UnknownYearError:
        return None


def _update(actor, req, action, expected, fields, *, extra=None):
    with transaction.atomic():
        req = m.InfoRequest.objects.select_for_update().get(pk=req.pk)
        if req.status not in expected:
            raise _error(
                "invalid_status",
                "status",
                f"当前状态（{req.get_status_display()}）不能执行此操作",
                "not possible in the request's current status",
            )
        changes = {}
        for key, value in fields.items():
            if callable(value):
                value = value(req)
            old = getattr(req, key)
            setattr(req, key, value)
            if old != value:
                changes[key] = [getattr(old, "pk", old), getattr(value, "pk", value)]
        req.deadline = request_deadline(req)
        req.save()
        audit_record(
            actor=actor,
            action=action,
            obj=req,
            org_id=req.organisation_id,
            changes=changes,
            extra=extra,
        )
    return req


def info_request_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    subject: str,
    description: str,
    requester_name: str,
    requester_contact: str,
    publish_consent: bool = True,
    at: datetime.datetime | None = None,
) -> m.InfoRequest:
    """Receive a request (from the portal: the actor is the system acting for the public)."""
    at = _now(at)
    req = m.InfoRequest(
        organisation=organisation,
        number=_number("YS", at, m.InfoRequest),
        subject=_text(subject, "subject", "申请内容", max_length=200),
        description=_text(description, "description", "具体描述", max_length=5000),
        requester_name=_text(requester_name, "requester_name", "申请人姓名", max_length=100),
        requester_contact=_text(requester_contact, "requester_contact", "联系方式", max_length=200),
        publish_consent=bool(publish_consent),
        received_at=at,
    )
    req.deadline = request_deadline(req)
    with transaction.atomic():
        req.save()
        # the requester's name and contact stay out of the trail
        audit_record(
            actor=actor,
            action=actions.REQUEST_RECEIVE,
            obj=req,
            org_id=organisation.pk,
            extra={"number": req.number, "subject": req.subject},
        )
    return req


def info_request_clarify(
    *, actor: Actor, request: m.InfoRequest, question: str, at: datetime.datetime | None = None
) -> m.InfoRequest:
    """Ask the requester to clarify (补正): the clock stops until ``info_request_resume``."""
    _check(actor, "operate", request.organisation)
    at = _now(at)
    question = _text(question, "question", "补正要求", max_length=2000)
    fields = {
        "status": m.RequestStatus.CLARIFICATION,
        "clarification_question": question,
        "pauses": lambda r: [*r.pauses, [at.isoformat(), None]],
    }
    return _update(actor, request, actions.REQUEST_CLARIFY, ("received",), fields)


def info_request_resume(
    *, actor: Actor, request: m.InfoRequest, at: datetime.datetime | None = None
) -> m.InfoRequest:
    """The requester clarified: the clock runs again."""
    _check(actor, "operate", request.organisation)
    at = _now(at)

    def closed(r):
        return [[b, e or at.isoformat()] for b, e in r.pauses]

    fields = {"status": m.RequestStatus.RECEIVED, "pauses": closed}
    return _update(actor, request, actions.REQUEST_RESUME, ("clarification",), fields)


def info_request_extend(*, actor: Actor, request: m.InfoRequest, reason: str) -> m.InfoRequest:
    """Extend the deadline once by 20 working days; the approving leader is recorded."""
    _leader(actor, request.organisation, "批准延期", "approve an extension")
    if request.extended:
        raise _error(
            "already_extended", "extended", "只能延期一次", "a request may be extended once"
        )
    fields = {
        "extended": True,
        "extension_approved_by": actor.user,
        "extension_reason": _text(reason, "reason", "延期理由", max_length=500),
    }
    return _update(actor, request, actions.REQUEST_EXTEND, ("received",), fields)


def info_request_answer(
    *,
    actor: Actor,
    request: m.InfoRequest,
    outcome: str,
    answer: str,
    refusal_ground: str = "",
    law_withholds: bool = False,
    at: datetime.datetime | None = None,
) -> m.InfoRequest:
    """Answer: in full, in part, refused (with the legal ground) or not held."""
    _check(actor, "operate", request.organisation)
    at = _now(at)
    if outcome not in m.ANSWERED:
        raise _error("invalid_outcome", "outcome", "答复结果无效", "invalid outcome")
    grounds = {g.value for g in m.RefusalGround}
    needs_ground = outcome in (m.RequestStatus.REFUSED, m.RequestStatus.ANSWERED_PART)
    if needs_ground and refusal_ground not in grounds:
        raise _error(
            "ground_required",
            "refusal_ground",
            "不予公开或部分公开须说明法定理由",
            "a refusal (or partial answer) needs its legal ground",
        )
    if not needs_ground:
        refusal_ground = ""
    taken = deadlines.elapsed_working_days(
        request.received_at, at, _pauses(request), organisation=request.organisation
    )
    fields = {
        "status": outcome,
        "answer": _text(answer, "answer", "答复内容", max_length=20000),
        "refusal_ground": refusal_ground,
        "law_withholds": bool(law_withholds),
        "answered_at": at,
        "answered_by": actor.user,
        "working_days_taken": taken,
    }
    return _update(actor, request, actions.REQUEST_ANSWER, m.OPEN_REQUEST, fields)


def info_request_withdraw(*, actor: Actor, request: m.InfoRequest, note: str = "") -> m.InfoRequest:
    """The requester withdrew the request (recorded by staff)."""
    _check(actor, "operate", request.organisation)
    note = _optional(note, "note", "说明", max_length=500)
    fields = {"status": m.RequestStatus.WITHDRAWN}
    return _update(
        actor, request, actions.REQUEST_WITHDRAW, m.OPEN_REQUEST, fields, extra={"note": note}
    )
