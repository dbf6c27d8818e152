"""API: complaints and reports for staff (``/api/v1/complaints/``), in the shape of
``visibility.record``: the case file for whoever may handle its side unconflicted, only
the outcome (after the conclusion) for everyone else; the handling goes through the
same services as the office pages, so the same refusals (403 ``permission_denied`` or
``conflict_of_interest``)."""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Router, Schema

from yangguang.accounts.models import User
from yangguang.api import STAFF_AUTH, request_actor, request_user
from yangguang.core.errors import DomainError
from yangguang.disclosure import models as m
from yangguang.disclosure import services as s
from yangguang.disclosure import visibility
from yangguang.orgs.models import Organisation

router = Router(tags=["complaints"], auth=STAFF_AUTH)


class ComplaintOut(Schema):
    number: str
    kind: str
    organisation: str
    received_at: datetime.datetime
    status: str
    finding: str
    full: bool
    subject_kind: str | None = None
    commission: str | None = None
    title: str | None = None
    case_number: str | None = None
    person_name: str | None = None
    persons: list[str] | None = None
    content: str | None = None
    anonymous: bool | None = None
    deadline: datetime.datetime | None = None
    assignee: str | None = None
    reply: str | None = None
    replied_at: datetime.datetime | None = None
    satisfaction: str | None = None


class AssignIn(Schema):
    assignee: str  # username


class ReplyIn(Schema):
    reply: str
    finding: str


class RejectIn(Schema):
    reason: str


class PersonIn(Schema):
    username: str


class RouteIn(Schema):
    commission: str  # organisation code
    reason: str


class ReasonIn(Schema):
    reason: str


class IdentityOut(Schema):
    name: str
    contact: str


def _rows(request):
    qs = m.Complaint.objects.select_related("organisation", "assignee", "commission")
    return visibility.visible_complaints(request_user(request), qs).prefetch_related(
        "persons__user"
    )


def _get(request, number: str) -> m.Complaint:
    c = _rows(request).filter(number=number.strip().upper()).first()
    if c is None:
        raise Http404
    return c


def _out(request, c: m.Complaint) -> dict:
    seen = _rows(request).filter(pk=c.pk).first()  # as the caller now sees it
    return visibility.record(seen, full=seen.full) if seen else visibility.record(c, full=False)


def _user(username: str, field: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DomainError(code="unknown_user", field=field, zh="无此工作人员", en="no such user")
    return user


@router.get("/", response=list[ComplaintOut])
def complaint_list(request, status: str = "", kind: str = ""):
    rows = _rows(request)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return [visibility.record(c, full=c.full) for c in rows[:1000]]


@router.get("/{number}", response=ComplaintOut)
def complaint_detail(request, number: str):
    c = _get(request, number)
    return visibility.record(c, full=c.full)


@router.post("/{number}/assign", response=ComplaintOut)
def complaint_assign(request, number: str, payload: AssignIn):
    c = _get(request, number)
    assignee = _user(payload.assignee, "assignee")
    c = s.complaint_assign(actor=request_actor(request), complaint=c, assignee=assignee)
    return _out(request, c)


@router.post("/{number}/reply", response=ComplaintOut)
def complaint_reply(request, number: str, payload: ReplyIn):
    c = _get(request, number)
    c = s.complaint_reply(
        actor=request_actor(request), complaint=c, reply=payload.reply, finding=payload.finding
    )
    return _out(request, c)


@router.post("/{number}/reject", response=ComplaintOut)
def complaint_reject(request, number: str, payload: RejectIn):
    c = _get(request, number)
    c = s.complaint_reject(actor=request_actor(request), complaint=c, reason=payload.reason)
    return _out(request, c)


@router.post("/{number}/persons", response=ComplaintOut)
def complaint_name_person(request, number: str, payload: PersonIn):
    c = _get(request, number)
    person = _user(payload.username, "username")
    c = s.complaint_name_person(actor=request_actor(request), complaint=c, user=person)
    return _out(request, c)


@router.post("/{number}/route", response=ComplaintOut)
def complaint_route(request, number: str, payload: RouteIn):
    c = _get(request, number)
    commission = Organisation.objects.filter(code=payload.commission).first()
    if commission is None:
        raise DomainError(
            code="unknown_org", field="commission", zh="无此单位", en="no such organisation"
        )
    c = s.complaint_route(
        actor=request_actor(request), complaint=c, commission=commission, reason=payload.reason
    )
    return _out(request, c)


@router.post("/{number}/identity", response=IdentityOut)
def reporter_identity(request, number: str, payload: ReasonIn):
    c = _get(request, number)
    return s.reporter_identity_read(
        actor=request_actor(request), complaint=c, reason=payload.reason
    )
