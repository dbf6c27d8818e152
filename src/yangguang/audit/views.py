"""Public checkpoint pages and JSON, the public key, and the back-office trail page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from yangguang.audit import keys, names, selectors
from yangguang.audit.models import AuditEntry
from yangguang.core import access
from yangguang.core import params as params_
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


@login_required
@require_GET
@access.gate(selectors.can_read_trail)
def trail_page(request):
    """The trail for its readers, filtered by organisation, person and object by name
    (and, as before, by the ids the entries carry); a filter that names nothing or
    cannot be read is said plainly on the page (400), never a 500."""
    params = request.GET
    filters = {
        name: params_.text_param(params, name) or None
        for name in ("object_type", "object_id", "actor_id", "action", "organisation",
                     "person", "object_name")
    }  # fmt: skip
    error, qs = "", None
    try:
        # a bare date is its midnight in Asia/Shanghai; a bad one is refused, not dropped
        filters["since"] = params_.moment_param(params, "since")
        filters["until"] = params_.moment_param(params, "until")
        filters["org_id"] = params_.id_param(params, "org_id")
        if filters["object_type"]:
            names.check_type(filters["object_type"])
        if filters["action"]:
            names.check_action(filters["action"])
        qs = selectors.entries_search(user=request.user, **filters)
    except PermissionDeniedError:
        raise PermissionDenied from None
    except params_.BadParameter as exc:
        error = exc.text()
    except DomainError as exc:
        error = exc.en if (get_language() or "").startswith("en") else exc.zh
    page = Paginator(qs if qs is not None else AuditEntry.objects.none(), 50).get_page(
        params_.page_param(params)
    )
    names.describe(page.object_list)
    return render(
        request,
        "audit/trail.html",
        {
            "page": page, "params": params, "base": _base(False), "error": error,
            "object_types": names.object_types(), "actions": names.action_choices(),
            "organisations": _organisation_names(request.user),
        },
        status=400 if error else 200,
    )  # fmt: skip


def _organisation_names(user) -> list[str]:
    """Names of the organisations the reader's entries may belong to (suggestions)."""
    from yangguang.orgs.models import Organisation

    root = access.scope_root(user)
    qs = Organisation.objects.order_by("path")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return list(qs.values_list("name", flat=True)[:1000])
