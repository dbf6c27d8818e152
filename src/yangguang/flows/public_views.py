"""Public portal pages: published charts of published powers, external view only."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from yangguang.flows import selectors
from yangguang.flows.compiled import from_db
from yangguang.flows.svg import render_svg
from yangguang.flows.views import _ordered_nodes, catalogue_response, poster_response
from yangguang.orgs.models import Organisation


def _public(pk: int):
    process = selectors.public_model(pk)
    if process is None:
        raise Http404
    return process


def public_list(request):
    """Every published chart, or one organisation's (``?org=CODE``, from its page)."""
    models = selectors.public_models()
    code = (request.GET.get("org") or "").strip()[:64]
    org = None
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise Http404
        models = [m for m in models if m.power.power_list.organisation_id == org.pk]
    rows = [{"model": m, "grade": selectors.grade_of(m).effective} for m in models]
    return render(request, "flows/public_list.html", {"rows": rows, "org": org})


def public_detail(request, pk: int):
    process = _public(pk)
    compiled = from_db(process).external_view()
    nodes = [n for n in _ordered_nodes(process, compiled) if n.key in compiled.nodes]
    for n in nodes:
        n.public_limit = compiled.nodes[n.key].limit
        n.public_unit = compiled.nodes[n.key].limit_unit
        n.risk_list = [r for r in compiled.risks if r.task == n.key]
    return render(
        request,
        "flows/public_detail.html",
        {
            "process": process,
            "power": process.power,
            "nodes": [n for n in nodes if n.kind == "task"],
            "grade": selectors.grade_of(process).effective,
        },
    )


def public_svg(request, pk: int):
    process = _public(pk)
    compiled = from_db(process).external_view()
    title = f"{process.power.name} · 外部流程图"
    return HttpResponse(
        render_svg(compiled, title=title, internal=False),
        content_type="image/svg+xml; charset=utf-8",
    )


def public_poster(request, pk: int):
    return poster_response(_public(pk), "external")


def public_catalogue(request, fmt: str):
    rows = selectors.catalogue(selectors.public_models(), external_only=True)
    return catalogue_response(rows, fmt)
