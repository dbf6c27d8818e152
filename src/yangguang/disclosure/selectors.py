"""Reads: overdue items and complaints, lookups by tracking number and code, and the statistics."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q

from yangguang.core import access
from yangguang.disclosure import cases_link, protect
from yangguang.disclosure import models as m
from yangguang.orgs.models import Organisation

UNPUBLISHED = (m.ItemStatus.PREPARING, m.ItemStatus.IN_REVIEW)


def overdue_items(on: datetime.date):
    """Items not yet published whose due date has passed by ``on``."""
    return m.DisclosureItem.objects.filter(status__in=UNPUBLISHED, due_date__lt=on)


def overdue_complaints(at: datetime.datetime):
    """Complaints still being handled whose handling deadline has passed by ``at``."""
    return m.Complaint.objects.filter(status__in=m.OPEN_COMPLAINT, deadline__lt=at)


def complaint_by_code(number: str, code: str) -> m.Complaint | None:
    """The complaint with ``number`` if ``code`` is its code, else None; an unknown number
    costs the same hash check, so the answer never tells whether a number exists."""
    number = (number or "").strip().upper()[:24]
    complaint = m.Complaint.objects.filter(number=number).first() if number else None
    ok = protect.code_matches(code, complaint.code_hash if complaint else None)
    return complaint if ok else None


def request_by_code(number: str, code: str) -> m.InfoRequest | None:
    """The information request with ``number`` if ``code`` is its 查询码, else None; as
    for complaints, an unknown number costs the same hash check and gets the same None."""
    number = (number or "").strip().upper()[:24]
    req = (
        m.InfoRequest.objects.select_related("organisation").filter(number=number).first()
        if number
        else None
    )
    ok = protect.code_matches(code, req.code_hash if req and req.code_hash else None)
    return req if ok else None


def request_timeline(req: m.InfoRequest) -> list[dict]:
    """What happened to ``req``, oldest first, for its requester: received (受理), each
    clarification asked and given (补正), the extension (延期), the answer (答复) or
    the withdrawal; each ``{"event", "at", "note"}``. The times are the request's own
    (received, pauses, answered); the extension and withdrawal carry no time of their
    own and take that of their audit entry."""
    from yangguang.audit.models import AuditEntry
    from yangguang.disclosure import actions

    events = [{"event": "received", "at": req.received_at, "note": ""}]
    for begin, end in req.pauses:
        events.append(
            {
                "event": "clarification",
                "at": datetime.datetime.fromisoformat(begin),
                "note": req.clarification_question,
            }
        )
        if end:
            events.append(
                {"event": "resumed", "at": datetime.datetime.fromisoformat(end), "note": ""}
            )
    later = {actions.REQUEST_EXTEND.code: "extended", actions.REQUEST_WITHDRAW.code: "withdrawn"}
    for action, time in AuditEntry.objects.filter(
        object_type=m.InfoRequest._meta.label_lower,
        object_id=str(req.pk),
        action__in=list(later),
    ).values_list("action", "time"):
        note = req.extension_reason if later[action] == "extended" else ""
        events.append({"event": later[action], "at": time, "note": note})
    if req.answered_at:
        events.append({"event": "answered", "at": req.answered_at, "note": ""})
    return sorted(events, key=lambda e: e["at"])


def public_items(*, user, category: str = "", org_code: str = ""):
    qs = access.restrict(m.DisclosureItem.objects.select_related("organisation"), user)
    qs = qs.filter(m.PUBLISHED_ITEM)
    if category:
        qs = qs.filter(category=category)
    if org_code:
        qs = qs.filter(organisation__code=org_code)
    return qs.order_by("-published_on", "-pk")


def public_requests(*, user, org_code: str = ""):
    qs = access.restrict(m.InfoRequest.objects.select_related("organisation"), user)
    qs = qs.filter(m.PUBLIC_REQUEST)
    if org_code:
        qs = qs.filter(organisation__code=org_code)
    return qs


def _org_rows(user) -> dict[int, dict]:
    orgs = access.restrict(Organisation.objects.order_by("path"), user)
    return {o.pk: {"org": o} for o in orgs}


def statistics(*, user, today: datetime.date) -> list[dict]:
    """Per organisation: requests by outcome and mean working days taken, complaints by
    status, finding (属实 / 部分属实 / 不属实) and satisfaction, disclosure items on time / late / overdue. Aggregates only:
    no requester or reporter ever appears."""
    rows = _org_rows(user)
    per: dict[int, dict] = defaultdict(dict)
    for r in (
        m.InfoRequest.objects.values("organisation_id", "status").annotate(n=Count("pk")).order_by()
    ):
        per[r["organisation_id"]].setdefault("requests", {})[r["status"]] = r["n"]
    for r in (
        m.InfoRequest.objects.filter(working_days_taken__isnull=False)
        .values("organisation_id", "working_days_taken", "extended")
        .order_by()
    ):
        d = per[r["organisation_id"]]
        d.setdefault("taken", []).append(r["working_days_taken"])
        limit = 40 if r["extended"] else 20
        if r["working_days_taken"] > limit:
            d["answered_late"] = d.get("answered_late", 0) + 1
    for r in (
        m.Complaint.objects.values("organisation_id", "status", "satisfaction", "finding")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        d = per[r["organisation_id"]]
        d.setdefault("complaints", {})
        d["complaints"][r["status"]] = d["complaints"].get(r["status"], 0) + r["n"]
        if r["finding"]:
            found = d.setdefault("findings", {})
            found[r["finding"]] = found.get(r["finding"], 0) + r["n"]
        if r["satisfaction"]:
            sat = d.setdefault("satisfaction", {})
            sat[r["satisfaction"]] = sat.get(r["satisfaction"], 0) + r["n"]
    items = m.DisclosureItem.objects.values("organisation_id").annotate(
        on_time=Count(
            "pk", filter=Q(published_on__isnull=False) & Q(published_on__lte=F("due_date"))
        ),
        late=Count("pk", filter=Q(published_on__isnull=False) & Q(published_on__gt=F("due_date"))),
        overdue=Count("pk", filter=Q(status__in=UNPUBLISHED, due_date__lt=today)),
        total=Count("pk"),
    )
    for r in items.order_by():
        per[r["organisation_id"]]["items"] = r
    cases = cases_link.case_figures()
    for org_id, figures in (cases or {}).items():
        per[org_id]["cases"] = figures
    out = []
    for pk, row in rows.items():
        d = per.get(pk, {})
        if not d:
            continue
        taken = d.get("taken", [])
        requests = d.get("requests", {})
        complaints = d.get("complaints", {})
        out.append(
            {
                "org": row["org"],
                "requests": requests,
                "requests_total": sum(requests.values()),
                "answered": sum(requests.get(s, 0) for s in m.ANSWERED),
                "mean_days": round(sum(taken) / len(taken), 1) if taken else None,
                "answered_late": d.get("answered_late", 0),
                "complaints": complaints,
                "complaints_total": sum(complaints.values()),
                "satisfaction": d.get("satisfaction", {}),
                "findings": d.get("findings", {}),
                "items": d.get("items", {"on_time": 0, "late": 0, "overdue": 0, "total": 0}),
                "cases": d.get("cases", {"total": 0, "finished": 0, "on_time": 0, "alerts": 0}),
            }
        )
    return out


def cases_available() -> bool:
    return cases_link.case_figures() is not None
