"""API: power lists (``/api/v1/powers/``). A working list and the steps of its review
round (submit, first and second review, publish), each answered with the list as
``GET`` gives it, and a search of the powers in force.

Refusals: 403 for a person who may not (``permission_denied``), 409 for a list in
another state (``power_list_wrong_status``, ``power_list_not_draft``), 400 for any other
refused input (a return without a reason: ``required``), 404 for an unknown
organisation, each with ``code``, ``field`` and the message in both languages. Every
step goes through the services (``powers.services.review``)."""

from __future__ import annotations

from typing import Any, Literal

from django.utils import timezone
from ninja import Body, Router, Schema, Status

from yangguang.api import STAFF_AUTH, request_actor, request_user
from yangguang.core import access
from yangguang.core.api_types import Id
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation
from yangguang.powers import api_details, rounds, selectors, whereabouts
from yangguang.powers import services as s
from yangguang.powers.models import PowerItem, PowerList
from yangguang.powers.services.review import WRONG_STATUS
from yangguang.powers.snapshot import item_data, items_for_snapshot

router = Router(tags=["powers"])

#: refusals because the list is in another state
CONFLICTS = frozenset({WRONG_STATUS, "power_list_not_draft"})
SEARCH_LIMIT = 200


class ErrorOut(Schema):
    code: str
    field: str | None
    message_zh: str
    message_en: str
    message: str


class ListOut(Schema):
    organisation: str
    status: Literal["draft", "first_review", "second_review", "approved"]
    version: int
    items: list[dict[str, Any]]


class ReviewIn(Schema):
    decision: str
    reason: str = ""


class PowerOut(Schema):
    organisation: str
    code: str
    name: str
    received: bool = False
    received_from: str | None = None
    since: str | None = None


ANSWERS = {200: ListOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class _NotFound(Exception):
    pass


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise _NotFound(code)
    return org


def _not_found(code: str) -> Status:
    error = DomainError(
        code="organisation_unknown",
        field="org",
        zh=f"未找到单位 {code}",
        en=f"no organisation {code}",
    )
    return Status(404, error.as_dict())


def _decision(item: PowerItem) -> dict[str, Any] | None:
    try:
        record = item.decision
    except PowerItem.decision.RelatedObjectDoesNotExist:
        return None
    return {
        "decision": record.decision,
        "reason": record.reason,
        "basis": record.basis,
        "delegate_level": record.delegate_level or None,
        "delegate_body": record.delegate_body.code if record.delegate_body_id else None,
        "merge_into": record.merge_into.code if record.merge_into_id else None,
        "transfer_to": record.transfer_to.code if record.transfer_to_id else None,
        "entrust_to": record.entrust_to.code if record.entrust_to_id else None,
    }


def list_out(power_list: PowerList) -> dict[str, Any]:
    """A working list as the API gives it: its items in the published data format, each
    with the review decision of the current round (or ``null``)."""
    items = (
        items_for_snapshot(PowerItem.objects.filter(power_list=power_list))
        .select_related("decision__delegate_body", "decision__merge_into")
        .select_related("decision__transfer_to", "decision__entrust_to")
        .order_by("code")
    )
    return {
        "organisation": power_list.organisation.code,
        "status": rounds.API_STATUS[power_list.status],
        "version": selectors.max_version_number(power_list),
        "items": [{**item_data(i), "decision": _decision(i)} for i in items],
    }


def _visible_list(request, code: str) -> PowerList:
    user = request_user(request)
    org = _org(code)
    if not user.is_authenticated:
        raise PermissionDeniedError(zh="请先登录", en="sign-in required")
    if not access.can_in_org(user, "view", org):
        raise PermissionDeniedError(
            zh="您的工作范围不包括该单位的权责清单",
            en="this organisation's power list is outside your scope",
        )
    power_list = selectors.power_lists(user=user).filter(organisation=org).first()
    if power_list is None:
        raise DomainError(
            code="power_list_missing",
            field="org",
            zh=f"“{org.name}”还没有权责清单",
            en=f"{org.code} has no power list yet",
        )
    return power_list


def _answer(request, code: str, step) -> Status | dict[str, Any]:
    """Run ``step(actor, power_list)``; answer with the list, or the refusal."""
    try:
        power_list = _visible_list(request, code)
        step(request_actor(request), power_list)
    except _NotFound:
        return _not_found(code)
    except PermissionDeniedError as exc:
        return Status(403, exc.as_dict())
    except DomainError as exc:
        if exc.error_code == "power_list_missing" or exc.error_code in api_details.NOT_FOUND:
            return Status(404, exc.as_dict())
        return Status(409 if exc.error_code in CONFLICTS else 400, exc.as_dict())
    power_list.refresh_from_db()
    return list_out(power_list)


@router.get("/lists/{org}", response=ANSWERS, summary="A working list")
def list_get(request, org: str):
    """The organisation's working list: status (draft, first_review, second_review,
    approved), the number of its latest published version (0 if none) and its items."""
    return _answer(request, org, lambda actor, power_list: None)


@router.post("/lists/{org}/submit", response=ANSWERS, auth=STAFF_AUTH, summary="Submit")
def list_submit(request, org: str):
    """The drafter (a clerk or organisation administrator) submits the draft for first
    review."""
    return _answer(request, org, lambda actor, pl: s.power_list_submit(actor=actor, power_list=pl))


def _review(approve, send_back, body: ReviewIn):
    def step(actor, power_list):
        if body.decision == "approve":
            return approve(actor=actor, power_list=power_list)
        if body.decision == "return":
            return send_back(actor=actor, power_list=power_list, reason=body.reason)
        raise DomainError(
            code="review_decision_unknown",
            field="decision",
            zh=f"审核结论 {body.decision!r} 应为 approve(通过)或 return(退回)",
            en=f"the decision {body.decision!r} is approve or return",
        )

    return step


@router.post("/lists/{org}/first-review", response=ANSWERS, auth=STAFF_AUTH, summary="First review")
def list_first_review(request, org: str, body: ReviewIn):
    """A leader or organisation administrator of the organisation (not the drafter)
    approves the list or returns it with a reason."""
    step = _review(s.power_list_first_approve, s.power_list_first_return, body)
    return _answer(request, org, step)


@router.post(
    "/lists/{org}/second-review", response=ANSWERS, auth=STAFF_AUTH, summary="Second review"
)
def list_second_review(request, org: str, body: ReviewIn):
    """A leader of the organisation or of a body above it, or an organisation
    administrator of a body above it (neither drafter nor first reviewer), approves the
    list or returns it with a reason."""
    step = _review(s.power_list_second_approve, s.power_list_second_return, body)
    return _answer(request, org, step)


@router.post("/lists/{org}/publish", response=ANSWERS, auth=STAFF_AUTH, summary="Publish")
def list_publish(request, org: str):
    """A leader or organisation administrator of the organisation or a body above it
    publishes the approved list as its next version; the list reopens as a draft."""
    return _answer(request, org, lambda actor, pl: s.power_list_publish(actor=actor, power_list=pl))


@router.get("/items", response={200: list[PowerOut], 400: ErrorOut}, summary="Powers in force")
def items_search(request, q: str = ""):
    """The powers in force whose name or code contains every word of ``q``, each with the
    code of the organisation that exercises it now (at most 200). A power received by a
    published 下放 or 转移 is found at the receiving body (by its code there or its
    former code) with ``received`` true, ``received_from`` (the former body's code) and
    ``since`` (the date of the decision's publication) until the receiving body's next
    published version takes it in."""
    try:
        found = whereabouts.powers_in_force(q=q, limit=SEARCH_LIMIT)
    except DomainError as exc:
        return Status(400, exc.as_dict())
    return [
        PowerOut(
            organisation=p.organisation.code,
            code=p.code,
            name=p.name,
            received=p.received is not None,
            received_from=p.received_from.code if p.received_from else None,
            since=timezone.localdate(p.received.since).isoformat() if p.received else None,
        )
        for p in found
    ]


@router.post(
    "/lists/{org}/items/{code}/details/{kind}",
    response=ANSWERS,
    auth=STAFF_AUTH,
    summary="Add an item detail",
)
def item_detail_add(request, org: str, code: str, kind: str, body: Body[dict[str, Any]]):
    """Add a detail to item ``code`` of a draft list. ``kind``: legal-bases, materials,
    fees, responsibilities, accountability, benchmarks; the body carries the fields of
    that kind (e.g. ``{"law": "...", "article": "..."}`` for a legal basis)."""
    return _answer(
        request,
        org,
        lambda actor, power_list: api_details.detail_add(actor, power_list, code, kind, body),
    )


@router.delete(
    "/lists/{org}/items/{code}/details/{kind}/{detail_id}",
    response=ANSWERS,
    auth=STAFF_AUTH,
    summary="Remove an item detail",
)
def item_detail_delete(request, org: str, code: str, kind: str, detail_id: Id):
    return _answer(
        request,
        org,
        lambda actor, power_list: api_details.detail_delete(
            actor, power_list, code, kind, detail_id
        ),
    )
