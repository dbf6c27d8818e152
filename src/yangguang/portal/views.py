"""The public portal: only what is published, to anybody."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from yangguang.core import access
from yangguang.orgs.models import Organisation

PUBLIC = AnonymousUser()  # the portal shows the public view to everybody, signed in or not


def _orgs():
    return access.restrict(Organisation.objects.select_related("region", "parent"), PUBLIC)


def home(request):
    rows = [{"org": org, "depth": max(org.path.count("/") - 2, 0)} for org in _orgs()]
    return render(request, "portal/home.html", {"rows": rows})


def organisation(request, code: str):
    org = get_object_or_404(_orgs(), code=code)
    children = access.restrict(org.children.all(), PUBLIC)
    return render(request, "portal/organisation.html", {"org": org, "children": children})


ORG_COLUMNS = ["code", "name", "short_name", "kind", "parent_code", "region", "credit_code"]


def organisations_download(request, fmt: str):
    """The public list of organisations as CSV or JSON (the public fields only)."""
    if fmt not in ("csv", "json"):
        raise Http404
    from yangguang.disclosure import downloads

    rows = [
        {
            "code": org.code,
            "name": org.name,
            "short_name": org.short_name,
            "kind": org.kind,
            "parent_code": org.parent.code if org.parent else "",
            "region": org.region.name,
            "credit_code": org.credit_code or "",
        }
        for org in _orgs().order_by("path")
    ]
    return downloads.respond("organisations", fmt, ORG_COLUMNS, rows)
