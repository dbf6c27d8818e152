"""The disclosure app's part of ``workdays.services.deadlines_recompute``: the deadlines
of open information requests (20 + 20 working days) and open complaints counted again
by the calendar in force (registered in ``apps.py``)."""

from __future__ import annotations

from yangguang.disclosure import models as m
from yangguang.disclosure.services.complaints import HANDLING_WORKING_DAYS
from yangguang.disclosure.services.requests import request_deadline
from yangguang.workdays import deadlines
from yangguang.workdays.recompute import Shift


def provisional(row) -> bool:
    """Whether the stored deadline of a request or complaint was counted over a year
    whose arrangement is not entered yet (暂定)."""
    return bool(row.deadline) and deadlines.is_provisional(row.received_at, row.deadline)


def recompute_open_requests(actor=None) -> tuple[int, list[Shift]]:
    checked, shifts = 0, []
    open_requests = m.InfoRequest.objects.filter(status__in=m.OPEN_REQUEST).select_related(
        "organisation"
    )
    for req in open_requests.order_by("pk"):
        checked += 1
        old = req.deadline
        new = request_deadline(req)
        if new != old:
            m.InfoRequest.objects.filter(pk=req.pk).update(deadline=new)
            mark = bool(new) and deadlines.is_provisional(req.received_at, new)
            shifts.append(
                Shift("info_request", req.pk, f"{req.number} {req.subject}",
                      req.organisation_id, old, new, mark, mark)
            )  # fmt: skip
    return checked, shifts


def recompute_open_complaints(actor=None) -> tuple[int, list[Shift]]:
    checked, shifts = 0, []
    rows = m.Complaint.objects.filter(status__in=m.OPEN_COMPLAINT).select_related("organisation")
    for complaint in rows.order_by("pk"):
        checked += 1
        old = complaint.deadline
        new = deadlines.deadline_dated(
            complaint.received_at, HANDLING_WORKING_DAYS, organisation=complaint.organisation
        ).at
        if new != old:
            m.Complaint.objects.filter(pk=complaint.pk).update(deadline=new)
            mark = bool(new) and deadlines.is_provisional(complaint.received_at, new)
            shifts.append(
                Shift("complaint", complaint.pk, complaint.number, complaint.organisation_id,
                      old, new, mark, mark)
            )  # fmt: skip
    return checked, shifts
