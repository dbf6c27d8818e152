"""API of information requests (依申请公开), ``/api/v1/disclosure/``.

* ``GET bodies``: the bodies that receive requests (those the 政府信息公开条例 binds).
* ``GET requests/{number}/status?code=``: the requester follows a request from its first
  day with its 查询码 (public, rate-limited); a wrong code gets the same 404 as an
  unknown number.
* ``POST requests``: the receiving body's staff register a written request (信函、当面),
  through the portal's service and its refusals; the answer carries the number and the
  查询码 to hand to the requester, once.
* ``GET requests``: the requests the caller sees, never with the requester's data;
  ``POST requests/{number}/requester``: that data, for those who may read it, each
  reading in the audit trail.
"""

from __future__ import annotations

import datetime

from ninja import Router, Schema, Status

from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.core import access
from yangguang.core.api_types import Moment
from yangguang.core.errors import DomainError, bilingual
from yangguang.disclosure import abuse, bodies, requester, selectors
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.orgs.models import Organisation

router = Router(tags=["disclosure"])

NOT_FOUND = {
    "code": "not_found",
    "field": None,
    "message_zh": "申请编号或查询码不正确",
    "message_en": "wrong request number or code",
    "message": bilingual("申请编号或查询码不正确", "wrong request number or code"),
}


class BodyOut(Schema):
    code: str
    name: str
    kind: str


class EventOut(Schema):
    event: str  # received, clarification, resumed, extended, answered, withdrawn
    at: datetime.datetime
    note: str


class StatusOut(Schema):
    number: str
    organisation: str
    subject: str
    status: str
    status_label: str
    received_at: datetime.datetime
    deadline: datetime.datetime | None
    extended: bool
    clarification_question: str
    answered_at: datetime.datetime | None
    answer: str
    refusal_ground: str
    events: list[EventOut]


class RequestIn(Schema):
    organisation: str  # code of the receiving body
    subject: str
    description: str
    requester_name: str
    requester_contact: str
    publish_consent: bool | None = None  # the requester's choice: no default
    requester_address: str = ""
    requester_id_number: str = ""
    received_at: Moment | None = None


class RequestCreated(Schema):
    number: str
    code: str  # the 查询码, shown this once
    organisation: str
    received_at: datetime.datetime
    deadline: datetime.datetime | None


class RequestOut(Schema):
    number: str
    organisation: str
    subject: str
    status: str
    received_at: datetime.datetime
    deadline: datetime.datetime | None
    publish_consent: bool


class ReasonIn(Schema):
    reason: str


class RequesterOut(Schema):
    name: str
    contact: str
    address: str
    id_number: str


@router.get("/bodies", response=list[BodyOut])
def receiving_bodies(request):
    orgs = access.restrict(Organisation.objects.all(), request_user(request))
    return [{"code": o.code, "name": o.name, "kind": o.kind} for o in bodies.receiving_bodies(orgs)]


@router.get("/requests/{number}/status", response={200: StatusOut, 404: ErrorOut, 429: ErrorOut})
def request_status(request, number: str, code: str = ""):
    try:
        abuse.hit("lookup", abuse.client_key(request))
    except DomainError as exc:
        return Status(429, exc.as_dict())
    req = selectors.request_by_code(number, code)
    if req is None:
        return Status(404, NOT_FOUND)
    return Status(
        200,
        {
            "number": req.number,
            "organisation": req.organisation.code,
            "subject": req.subject,
            "status": req.status,
            "status_label": str(req.get_status_display()),
            "received_at": req.received_at,
            "deadline": None if req.answered_at else req.deadline,
            "extended": req.extended,
            "clarification_question": req.clarification_question,
            "answered_at": req.answered_at,
            "answer": req.answer if req.answered_at else "",
            "refusal_ground": req.refusal_ground,
            "events": selectors.request_timeline(req),
        },
    )


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise DomainError(
            code="unknown_org", field="organisation", zh="无此单位", en="no such organisation"
        )
    return org


@router.post(
    "/requests",
    response={201: RequestCreated, 400: ErrorOut, 403: ErrorOut},
    auth=STAFF_AUTH,
)
def request_register(request, payload: RequestIn):
    req, code = s.info_request_submit(
        actor=request_actor(request),
        organisation=_org(payload.organisation),
        subject=payload.subject,
        description=payload.description,
        requester_name=payload.requester_name,
        requester_contact=payload.requester_contact,
        publish_consent=payload.publish_consent,
        requester_address=payload.requester_address,
        requester_id_number=payload.requester_id_number,
        at=payload.received_at,
    )
    return Status(
        201,
        {
            "number": req.number,
            "code": code,
            "organisation": req.organisation.code,
            "received_at": req.received_at,
            "deadline": req.deadline,
        },
    )


def _staff_requests(request):
    qs = m.InfoRequest.objects.select_related("organisation")
    return access.restrict(qs, request_user(request))


@router.get("/requests", response=list[RequestOut], auth=STAFF_AUTH)
def request_list(request, status: str = ""):
    rows = _staff_requests(request)
    if status:
        rows = rows.filter(status=status)
    return [
        {
            "number": r.number,
            "organisation": r.organisation.code,
            "subject": requester.redact(r.subject, r),
            "status": r.status,
            "received_at": r.received_at,
            "deadline": r.deadline,
            "publish_consent": r.publish_consent,
        }
        for r in rows[:1000]
    ]


@router.post(
    "/requests/{number}/requester",
    response={200: RequesterOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=STAFF_AUTH,
)
def requester_read(request, number: str, payload: ReasonIn):
    req = _staff_requests(request).filter(number=number.strip().upper()).first()
    if req is None:
        return Status(404, {**NOT_FOUND, "message_zh": "无此申请", "message_en": "no such request",
                            "message": bilingual("无此申请", "no such request")})  # fmt: skip
    data = s.requester_read(actor=request_actor(request), request=req, reason=payload.reason)
    return Status(200, data)
