"""The public catalogue of published powers: by organisation, type and keyword, each
item with its basis, time limits and responsibility items, each organisation's version
history with comparison, and downloads (CSV, JSON, Excel) of a whole published list.
Only what is published, to anybody; works without JavaScript."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from yangguang.core import access
from yangguang.orgs.models import Organisation
from yangguang.powers import rounds, selectors, whereabouts
from yangguang.powers.excel import cells, writer
from yangguang.powers.models import PowerListVersion, PowerType, PublishedItem, Stage
from yangguang.powers.snapshot import public_snapshot

PUBLIC = AnonymousUser()
PAGE_SIZE = 30
STAGES = dict(Stage.choices)  # lazy labels, shown in the page's language


def present(d: dict) -> dict:
    """The item data with display texts for its time limits and responsibility stages."""
    out = dict(d)
    for key in ("statutory_limit", "promised_limit"):
        value = d.get(key)
        out[f"{key}_text"] = cells.format_limit(value["value"], value["unit"]) if value else ""
    out["responsibilities"] = [
        {**r, "stage_text": STAGES.get(r["stage"], r["stage"])}
        for r in d.get("responsibilities", [])
    ]
    return out


def _org(code: str) -> Organisation:
    return get_object_or_404(access.restrict(Organisation.objects.all(), PUBLIC), code=code)


def _versions(org: Organisation):
    return access.restrict(PowerListVersion.objects.filter(organisation=org), PUBLIC)


def _version(org: Organisation, number: str | None) -> PowerListVersion:
    versions = _versions(org).order_by("-number")
    if number:
        if not (number.isascii() and number.isdigit()):
            raise Http404
        version = versions.filter(number=int(number)).first()
    else:
        version = versions.first()
    if version is None:
        raise Http404
    return version


def catalogue(request):
    org_code = request.GET.get("org", "").strip()
    type_code = request.GET.get("type", "").strip()
    keyword = request.GET.get("q", "").strip()[:100]
    org = Organisation.objects.filter(code=org_code).first() if org_code else None
    items = access.restrict(
        selectors.published_items(organisation=org, type_code=type_code or None, keyword=keyword),
        PUBLIC,
    )
    received = whereabouts.received_in_force(
        q=keyword, organisation=org, type_code=type_code or None
    )
    if org_code and org is None:
        items, received = items.none(), received.none()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    published = selectors.latest_versions().order_by(
        "organisation__sort_order", "organisation__code"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "powers/public/catalogue.html",
        {
            "page": page,
            "received": list(received[:PAGE_SIZE]),
            "versions": published,
            "types": PowerType.objects.filter(active=True),
            "org_code": org_code,
            "type_code": type_code,
            "keyword": keyword,
            "query": query.urlencode(),
        },
    )


def organisation(request, code: str):
    """An organisation's published list, with where its powers went (下放, 转移, 委托) and
    the powers it received or is entrusted with; a body with no published list of its
    own but with moved powers still has this page."""
    org = _org(code)
    latest = _versions(org).order_by("-number").first()
    if latest is None and not whereabouts.has_moves(org):
        raise Http404
    version = _version(org, request.GET.get("v")) if latest or request.GET.get("v") else None
    items = []
    if version is not None:
        items = [
            present(d)
            for d in writer.ordered(
                PublishedItem.objects.filter(version=version).values_list("data", flat=True)
            )
        ]
    return render(
        request,
        "powers/public/organisation.html",
        {
            "org": org,
            "version": version,
            "items": items,
            "history": selectors.version_history(organisation=org),
            "latest": latest,
            "moved_out": whereabouts.moved_out(org),
            "moved_in": whereabouts.moved_in(org),
            "entrusted_out": whereabouts.entrusted_out(org),
            "entrusted_in": whereabouts.entrusted_in(org),
        },
    )


def item(request, code: str, item_code: str):
    org = _org(code)
    if not request.GET.get("v"):
        received = whereabouts.received_item(org, item_code)
        if received is not None:
            return _received(request, org, received)
    version = _version(org, request.GET.get("v"))
    found = get_object_or_404(PublishedItem.objects.filter(version=version), code=item_code)
    subs = PublishedItem.objects.filter(version=version, parent_code=item_code).order_by("code")
    return render(
        request,
        "powers/public/item.html",
        {
            "org": org,
            "version": version,
            "item": present(found.data),
            "subs": [s.data for s in subs],
            "receipt": whereabouts.receipt_of(version, item_code),
            "flow": _flow_of(org, item_code, version),
            "latest_only": _older(org, version),
        },
    )


def _older(org: Organisation, version) -> bool:
    latest = _versions(org).order_by("-number").first()
    return version is not None and latest is not None and version.pk != latest.pk


def _flow_of(org: Organisation, item_code: str, version):
    """The item's published flowchart (for the links to it and its risk map), shown with
    the list's latest version only (an older version's item may have changed since)."""
    from yangguang.flows import selectors as flows

    if _older(org, version):
        return None
    return flows.public_model_of(org.pk, item_code)


def _received(request, org: Organisation, move):
    """A power the body exercises since a published 下放/转移, not yet in a version of
    its own: shown as received, with its origin, decision and date."""
    subs = whereabouts.received_in_force(organisation=org).filter(parent_code=move.code)
    return render(
        request,
        "powers/public/item.html",
        {
            "org": org,
            "version": None,
            "item": present(move.data),
            "subs": [m.data for m in subs],
            "received": whereabouts.MoveRow(move, rounds.decision_text(move.decision), "", ""),
            "flow": _flow_of(org, move.code, None),
        },
    )


def compare(request, code: str):
    org = _org(code)
    versions = list(_versions(org).order_by("-number"))
    if not versions:
        raise Http404
    new = _version(org, request.GET.get("new"))
    old_number = request.GET.get("old") or str(max(new.number - 1, 1))
    old = _version(org, old_number)
    result = selectors.versions_compare(old=old, new=new)
    return render(
        request,
        "powers/public/compare.html",
        {
            "org": org,
            "old": old,
            "new": new,
            "diff": result,
            "removals": whereabouts.removals(old=old, new=new),
            "versions": versions,
        },
    )


def download(request, code: str, fmt: str):
    org = _org(code)
    version = _version(org, request.GET.get("v"))
    name = f"{org.code}-powers-v{version.number}"
    if fmt == "json":
        # the canonical snapshot itself: its SHA-256 is the version's published digest
        # (a format-1 version without the staff's names the page does not show)
        text = public_snapshot(version.snapshot)
        response = HttpResponse(text.encode("utf-8"), content_type="application/json")
    else:
        items = selectors.version_data(version)["items"]
        if fmt == "csv":
            response = HttpResponse(writer.csv_bytes(items), content_type="text/csv; charset=utf-8")
        elif fmt == "xlsx":
            title = f"{org.name}权力清单(第{version.number}版)"
            response = HttpResponse(
                writer.workbook_bytes(items, title),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
