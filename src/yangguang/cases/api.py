"""API: case events from existing approval systems (the integration API, ``/api/v1/cases/``).

``POST /api/v1/cases/events`` takes a list of events (``POST /api/v1/cases/event`` one);
each is applied on its own through ``cases.services.events_ingest`` and answered in
order: ``accepted``, ``duplicate`` (its earlier result) or ``rejected`` (code, field,
Chinese and English message). Only API tokens may push events; a token acts with its
owner's scope, and its name is the source system (event ids are unique per source).
The event format is documented in ``yangguang.cases.services.ingest``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from ninja import Body, Router, Schema

from yangguang.api import request_actor, token_auth
from yangguang.cases.services import events_ingest
from yangguang.core.errors import PermissionDeniedError

router = Router(tags=["cases"])


class EventResult(Schema):
    id: str | None
    status: str
    case: str | None = None
    external_id: str | None = None
    alerts: list[str] = []
    warning: str | None = None
    query_code: str | None = None
    task: str | None = None
    outcome: str | None = None
    code: str | None = None
    field: str | None = None
    message_zh: str | None = None
    message_en: str | None = None
    message: str | None = None


class BatchOut(Schema):
    accepted: int
    duplicate: int
    rejected: int
    results: list[EventResult]


def _source(request: HttpRequest) -> str:
    token = getattr(request, "api_token", None)
    if token is None:
        raise PermissionDeniedError(zh="仅限接口令牌", en="an API token is required")
    return token.name


#: every answer carries every field of ``EventResult`` (null when it does not apply)
_BLANK = {name: f.default for name, f in EventResult.model_fields.items() if name != "status"}


def _batch(request: HttpRequest, events: list[dict[str, Any]]) -> dict:
    source = _source(request)
    results = events_ingest(actor=request_actor(request), source=source, events=events)
    counts = {k: sum(r["status"] == k for r in results) for k in ("accepted", "duplicate")}
    counts["rejected"] = len(results) - counts["accepted"] - counts["duplicate"]
    return {**counts, "results": [{**_BLANK, **r} for r in results]}


def _json(body: Any) -> HttpResponse:
    """The answer as ``EventResult``/``BatchOut`` describe it, written directly: the
    service's results are plain JSON values already, and validating thousands of them
    again through the response schema would cost more than applying the events."""
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )


@router.post("/events", auth=[token_auth], response=BatchOut)
def events_push(request: HttpRequest, events: list[dict[str, Any]] = Body(...)):  # noqa: B008
    """Push a batch of case events (at most 5,000)."""
    return _json(_batch(request, events))


@router.post("/event", auth=[token_auth], response=EventResult)
def event_push(request: HttpRequest, event: dict[str, Any] = Body(...)):  # noqa: B008
    """Push one case event."""
    return _json(_batch(request, [event])["results"][0])
