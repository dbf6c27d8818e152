"""API: one alert and the inspector's actions on it (``/api/v1/alerts/``).

``GET /alerts/{id}`` answers the alert with its history in words (both languages);
``POST /alerts/{id}/withdraw`` ``{"reason"}`` and ``POST /alerts/{id}/assign``
``{"username"}`` answer it the same way after the change. An alert outside the
caller's scope is 404; a clerk or leader is refused (403), bad input 400, both with the
message in Chinese and English."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from yangguang.accounts.models import User
from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.cases import inspection, services
from yangguang.core.api_types import Id

router = Router(tags=["alerts"])


class HistoryLine(Schema):
    time: str
    actor: str
    action: str
    text: str


class AlertOut(Schema):
    id: int
    case: str
    organisation: str
    rule: str
    grade: str
    status: str
    status_zh: str
    status_en: str
    text_zh: str
    text_en: str
    detected_at: str
    responsible: str | None
    assignee: str | None
    assignee_username: str | None
    review: str
    accountability: int | None
    history_zh: list[HistoryLine]
    history_en: list[HistoryLine]


class WithdrawIn(Schema):
    reason: str = ""


class AssignIn(Schema):
    username: str = ""


ANSWERS: dict[int, Any] = {200: AlertOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _alert(request: HttpRequest, pk: int):
    alert = inspection.alert_get(user=request_user(request), pk=pk)
    if alert is None:
        raise Http404
    return alert


def _answer(request: HttpRequest, pk: int) -> dict:
    return inspection.alert_json(_alert(request, pk))


@router.get("/{int:pk}", auth=STAFF_AUTH, response=ANSWERS)
def alert_detail(request: HttpRequest, pk: Id):
    """One alert: what it says, its state, assignee and history."""
    return _answer(request, pk)


@router.post("/{int:pk}/withdraw", auth=STAFF_AUTH, response=ANSWERS)
def alert_withdraw(request: HttpRequest, pk: Id, body: WithdrawIn):
    """Withdraw an open alert with the reason (inspectors); it no longer counts in the
    scores."""
    services.alert_withdraw(
        actor=request_actor(request), alert=_alert(request, pk), reason=body.reason
    )
    return _answer(request, pk)


@router.post("/{int:pk}/assign", auth=STAFF_AUTH, response=ANSWERS)
def alert_assign(request: HttpRequest, pk: Id, body: AssignIn):
    """Assign an open alert to a colleague of the commission (by username)."""
    username = body.username.strip()
    assignee = User.objects.filter(username=username).first() if username else None
    services.alert_assign(
        actor=request_actor(request), alert=_alert(request, pk), assignee=assignee
    )
    return _answer(request, pk)
