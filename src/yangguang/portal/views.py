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


def _org_columns():
    from yangguang.disclosure.downloads import Column
    from yangguang.orgs.models import OrgKind

    return [
        Column("code", "单位代码"),
        Column("name", "名称"),
        Column("short_name", "简称"),
        Column("kind", "类型", OrgKind),
        Column("parent_code", "上级单位代码"),
        Column("region_code", "行政区划代码"),
        Column("region", "行政区划"),
        Column("credit_code", "统一社会信用代码"),
    ]


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
            "region_code": org.region.code,
            "region": org.region.name,
            "credit_code": org.credit_code or "",
        }
        for org in _orgs().order_by("path")
    ]
    return downloads.respond("organisations", fmt, _org_columns(), rows)


def _flow_columns():
    from yangguang.disclosure.downloads import Column
    from yangguang.flows.models import Grade

    return [
        Column("id", "编号"),
        Column("organisation_code", "单位代码"),
        Column("organisation", "单位"),
        Column("power_code", "职权编码"),
        Column("power", "职权名称"),
        Column("grade", "风险等级", Grade),
    ]


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
            "organisation_code": p.power.power_list.organisation.code,
            "organisation": p.power.power_list.organisation.name,
            "power_code": p.power.code,
            "power": p.power.name,
            "grade": flows.grade_of(p).effective or "",
        }
        for p in flows.public_models()
    ]
    return downloads.respond("flows", fmt, _flow_columns(), rows)


def _decision_columns():
    from yangguang.disclosure.downloads import Column
    from yangguang.meetings.models import Outcome

    return [
        Column("id", "编号"),
        Column("number", "纪要编号"),
        Column("decided_on", "决定日期"),
        Column("organisation_code", "单位代码"),
        Column("organisation", "单位"),
        Column("title", "议题"),
        Column("outcome", "结果", Outcome),
    ]


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
            "organisation_code": t.meeting.organisation.code,
            "organisation": t.meeting.organisation.name,
            "title": t.title,
            "outcome": t.outcome,
        }
        for t in meetings.public_decisions()
    ]
    return downloads.respond("decisions", fmt, _decision_columns(), rows)
