"""The public portal: only what is published, to anybody."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
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
