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
    return render(
        request,
        "portal/organisation.html",
        {"org": org, "children": children, "published": published_of(org)},
    )


def published_of(org: Organisation) -> dict[str, int | bool]:
    """What the organisation has published, for the links of its page: its power list
    (or the powers it received), its flowcharts, decisions, disclosure items and answered
    requests."""
    from yangguang.disclosure import selectors as disclosure
    from yangguang.flows import selectors as flows
    from yangguang.meetings import selectors as meetings
    from yangguang.powers import whereabouts
    from yangguang.powers.models import PowerListVersion

    versions = access.restrict(PowerListVersion.objects.filter(organisation=org), PUBLIC)
    charts = flows.public_models()
    return {
        "powers": versions.exists() or whereabouts.has_moves(org),
        "flows": sum(1 for m in charts if m.power.power_list.organisation_id == org.pk),
        "decisions": meetings.public_decisions().filter(meeting__organisation=org).count(),
        "items": disclosure.public_items(user=PUBLIC, org_code=org.code).count(),
        "requests": disclosure.public_requests(user=PUBLIC, org_code=org.code).count(),
    }


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


FLOW_COLUMNS = ["id", "organisation", "power_code", "power", "grade"]


def flows_download(request, fmt: str):
    """The public list of flowcharts (``/flows/``) as CSV or JSON: the latest published
    chart of every published power, with what the page shows (organisation, power, the
    effective risk grade)."""
    if fmt not in ("csv", "json"):
        raise Http404
    from yangguang.disclosure import downloads
    from yangguang.flows import selectors as flows

    rows = [
        {
            "id": p.pk,
            "organisation": p.power.power_list.organisation.name,
            "power_code": p.power.code,
            "power": p.power.name,
            "grade": flows.grade_of(p).effective or "",
        }
        for p in flows.public_models()
    ]
    return downloads.respond("flows", fmt, FLOW_COLUMNS, rows)


DECISION_COLUMNS = ["id", "number", "decided_on", "organisation", "title", "outcome"]


def decisions_download(request, fmt: str):
    """The published decisions (``/decisions/``) as CSV or JSON, newest first, with what
    the page shows (the minutes' number, date, organisation, matter, outcome)."""
    if fmt not in ("csv", "json"):
        raise Http404
    from django.utils import timezone

    from yangguang.disclosure import downloads
    from yangguang.meetings import selectors as meetings

    rows = [
        {
            "id": t.pk,
            "number": meetings.minutes_label(t),
            "decided_on": timezone.localdate(t.decided_at) if t.decided_at else None,
            "organisation": t.meeting.organisation.name,
            "title": t.title,
            "outcome": t.outcome,
        }
        for t in meetings.public_decisions()
    ]
    return downloads.respond("decisions", fmt, DECISION_COLUMNS, rows)
