"""Public checkpoint pages and JSON, the public key, and the back-office trail page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from yangguang.audit import keys, selectors
from yangguang.core import access
from yangguang.core.errors import DomainError, PermissionDeniedError


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"  # public data, for outside monitors
    return response


@require_GET
def checkpoints_json(request):
    return _json(
        {
            "origin": keys.origin(),
            "public_key": keys.public_key_text(),
            "checkpoints": [selectors.checkpoint_json(cp) for cp in selectors.checkpoints_list()],
        }
    )


@require_GET
def checkpoint_json(request, size: int):
    try:
        return _json(selectors.checkpoint_json(selectors.checkpoint_get(size)))
    except selectors.NotFoundError as exc:
        return _json(exc.as_dict(), status=404)


@require_GET
def public_key(request):
    response = HttpResponse(keys.public_key_text() + "\n", content_type="text/plain; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _base(portal: bool) -> str:
    candidates = ["portal/base.html"] if portal else ["backoffice/base.html", "portal/base.html"]
    try:
        return select_template(candidates).template.name
    except Exception:
        return "audit/standalone_base.html"


@require_GET
def checkpoints_page(request):
    checkpoints = list(selectors.checkpoints_list().reverse()[:200])
    return render(
        request,
        "audit/checkpoints.html",
        {"checkpoints": checkpoints, "public_key": keys.public_key_text(), "base": _base(True)},
    )


def _aware(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value) or parse_datetime(value + "T00:00:00+08:00")
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


@login_required
@require_GET
@access.gate(selectors.can_read_trail)
def trail_page(request):
    params = request.GET
    filters = {
        "object_type": params.get("object_type") or None,
        "object_id": params.get("object_id") or None,
        "actor_id": params.get("actor_id") or None,
        "action": params.get("action") or None,
        "since": _aware(params.get("since")),
        "until": _aware(params.get("until")),
    }
    org = params.get("org_id", "")
    filters["org_id"] = int(org) if org.isdigit() else None
    try:
        qs = selectors.entries_search(user=request.user, **filters)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as exc:
        return HttpResponse(str(exc), status=400)
    page = Paginator(qs, 50).get_page(params.get("page"))
    return render(
        request,
        "audit/trail.html",
        {"page": page, "params": params, "base": _base(False)},
    )
