"""API: accountability cases (``/api/v1/accountability-cases``), for the commission.

``GET /accountability-cases?status=open|closed&organisation=<code>`` lists the cases the
caller may read; ``GET /accountability-cases/{id}`` one; ``POST
/accountability-cases/{id}/close`` ``{"conclusion"}`` closes it. Anyone but the
commission's inspectors and system administrators is refused (403), a bad filter or a
case closed already 400, each with the message in Chinese and English."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.core.api_types import Id
from yangguang.meetings import accountability as acc
from yangguang.meetings import services as s

router = Router(tags=["accountability"])


class CaseOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    finding: str
    alert: int | None
    rule: str
    rule_zh: str
    rule_en: str
    summary: str
    persons: list[str]
    status: str
    status_zh: str
    status_en: str
    opened_by: str | None
    opened_on: str
    closed_on: str | None
    conclusion: str


class CloseIn(Schema):
    conclusion: str = ""


ONE: dict[int, Any] = {200: CaseOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.get("", auth=STAFF_AUTH, response={200: list[CaseOut], 400: ErrorOut, 403: ErrorOut})
def case_list(request: HttpRequest, status: str = "", organisation: str = ""):
    """The accountability cases, newest first (at most 1,000)."""
    qs = acc.cases(user=request_user(request), status=status, organisation=organisation)
    return [acc.case_json(c) for c in qs[:1000]]


def _case(request: HttpRequest, pk: int):
    case = acc.case_get(user=request_user(request), pk=pk)
    if case is None:
        raise Http404
    return case


@router.get("/{int:pk}", auth=STAFF_AUTH, response=ONE)
def case_detail(request: HttpRequest, pk: Id):
    """One accountability case."""
    return acc.case_json(_case(request, pk))


@router.post("/{int:pk}/close", auth=STAFF_AUTH, response=ONE)
def case_close(request: HttpRequest, pk: Id, body: CloseIn):
    """Close an open case with the conclusion."""
    case = s.case_close(
        actor=request_actor(request), case=_case(request, pk), conclusion=body.conclusion
    )
    return acc.case_json(acc.case_get(user=request_user(request), pk=case.pk))
