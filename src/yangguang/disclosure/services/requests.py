"""依申请公开: information requests with the statutory 20 working days (the platform's
calendar, ``yangguang.workdays.deadlines``), one extension of 20 with a leader's approval,
and the clock stopped while the requester is asked to clarify."""

from __future__ import annotations

import datetime

from django.db import transaction

from yangguang.audit.services import audit_read_sensitive, audit_record
from yangguang.core import access, sealed
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.disclosure import actions, bodies, protect, requester
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


def _for_trail(value, req):
    """A changed value as the trail keeps it: a row by its key, a text (an answer, a
    question) without the requester's personal data."""
    if isinstance(value, str):
        return requester.redact(value, req)
    return getattr(value, "pk", value)


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
                changes[key] = [_for_trail(old, req), _for_trail(value, req)]
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


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _id_number(value: str | None) -> str:
    """A resident ID number (18 characters, GB 11643 check digit), or empty."""
    value = (value or "").strip().upper()
    if not value:
        return ""
    ok = (
        len(value) == 18
        and value[:17].isdigit()
        and _ID_CHECK[sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
        == value[17]
    )
    if not ok:
        raise _error(
            "invalid_id_number",
            "requester_id_number",
            "身份证号码应为18位, 且校验位正确",
            "the ID number must have 18 characters with a valid check digit",
        )
    return value


def _consent(value: bool | None) -> bool:
    if value is None:
        raise _error(
            "required",
            "publish_consent",
            "请选择是否同意在网站公开答复",
            "choose whether the answer may be published on the website",
        )
    return bool(value)


def info_request_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    subject: str,
    description: str,
    requester_name: str,
    requester_contact: str,
    publish_consent: bool | None,
    requester_address: str = "",
    requester_id_number: str = "",
    at: datetime.datetime | None = None,
) -> tuple[m.InfoRequest, str]:
    """Receive a request: from the portal (the actor is the system acting for the
    public) or registered by the staff of the receiving body (a written request). Only
    bodies bound by the 政府信息公开条例 receive requests (``bodies``); the requester
    chooses whether the answer may be published (no default). Returns the request and
    its 查询码 (shown once; only its hash is kept), with which the requester follows it
    from the first day (``selectors.request_by_code``)."""
    if actor.kind != "system":
        access.require_in_org(actor.user, "operate", organisation)
    bodies.require_receiving(organisation)
    at = _now(at)
    code = protect.new_code()
    req = m.InfoRequest(
        organisation=organisation,
        number=_number("YS", at, m.InfoRequest),
        code_hash=protect.hash_code(code),
        subject=_text(subject, "subject", "申请内容", max_length=200),
        description=_text(description, "description", "具体描述", max_length=5000),
        requester_name=_text(requester_name, "requester_name", "申请人姓名", max_length=100),
        requester_contact=_text(requester_contact, "requester_contact", "联系方式", max_length=200),
        requester_address=_optional(
            requester_address, "requester_address", "通信地址", max_length=200
        ),
        requester_id_number=_id_number(requester_id_number),
        publish_consent=_consent(publish_consent),
        received_at=at,
    )
    req.deadline = request_deadline(req)
    with transaction.atomic():
        req.save()
        # the requester's personal data stays out of the trail
        audit_record(
            actor=actor,
            action=actions.REQUEST_RECEIVE,
            obj=req,
            org_id=organisation.pk,
            extra={"number": req.number, "subject": requester.redact(req.subject, req)},
        )
    return req, code


def requester_read(*, actor: Actor, request: m.InfoRequest, reason: str) -> dict[str, str]:
    """The requester's name, contact, address and ID number, for the receiving body's
    staff who handle it and the commission supervising it (``requester``); every reading
    writes an audit entry with the reason, nobody else reads them."""
    if actor.user is None or not requester.may_read(actor.user, request):
        raise PermissionDeniedError(
            zh="申请人个人信息只向承办单位办理申请的工作人员和纪检监察机关显示",
            en="a requester's personal data is shown only to the staff of the receiving "
            "body who handle requests and to the discipline commission",
        )
    data = requester.data(request)
    if any(isinstance(value, sealed.Unreadable) for value in data.values()):
        raise _error(
            "sealed_unreadable",
            None,
            "申请人个人信息无法解密: 配置的密钥不是加密时所用的密钥, 请联系系统管理员",
            "the requester's personal data cannot be decrypted: the configured key is not "
            "the one it was sealed with; ask the system administrator",
        )
    with transaction.atomic():
        audit_read_sensitive(
            actor=actor, obj=request, reason=reason, org_id=request.organisation_id
        )
    return data


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
        actor,
        request,
        actions.REQUEST_WITHDRAW,
        m.OPEN_REQUEST,
        fields,
        extra={"note": requester.redact(note, request)},
    )
