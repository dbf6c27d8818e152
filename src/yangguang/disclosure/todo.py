"""What waits for a person in disclosure, requests and complaints, for the office home's
to-do list (registered with ``core.worklist`` in ``DisclosureConfig.ready``):

* information requests still open (受理, 补正) in the organisations the person operates,
  soonest deadline first;
* complaints (投诉) of those organisations and reports (举报) routed to the person's
  commission, still open, assigned to the person or to nobody yet, the person not
  conflicted (``conflicts``);
* disclosure items to prepare that fall due within a week (or are overdue), and those
  waiting for a leader's review (not the preparer's own).

The system administrator runs the platform and handles none of them. Lists show numbers
and subjects, never a requester's or reporter's personal data."""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.accounts.roles import Role
from yangguang.core import access, worklist
from yangguang.core.worklist import Entry, Task
from yangguang.disclosure import conflicts
from yangguang.disclosure import models as m

DUE_SOON = datetime.timedelta(days=7)
LEADERS = (Role.LEADER, Role.ORG_ADMIN)


def home_tasks(user) -> list[Task]:
    role = access.role_of(user)
    if role is None or role == Role.SYSADMIN:
        return []
    tasks = [_complaints(user)]
    if role != Role.INSPECTOR:
        tasks += [_requests(user), _items_due(user)]
        if role in LEADERS:
            tasks.append(_items_to_review(user))
    return [t for t in tasks if t is not None]


def _by_deadline(qs, field: str = "deadline"):
    return qs.order_by(F(field).asc(nulls_last=True), "pk")


def _requests(user) -> Task | None:
    qs = access.restrict(m.InfoRequest.objects.select_related("organisation"), user, "operate")
    return worklist.task(
        _("待答复的依申请公开"),
        _by_deadline(qs.filter(status__in=m.OPEN_REQUEST)),
        reverse("disclosure_office:requests"),
        lambda r: Entry(
            label=f"{r.number} · {r.organisation.name} · {r.get_status_display()}",
            url=reverse("disclosure_office:request", kwargs={"pk": r.pk}),
            due=r.deadline,
        ),
    )


def _complaints(user) -> Task | None:
    mine = Q(assignee=user) | Q(assignee__isnull=True)
    complaints = Q(kind=m.ComplaintKind.COMPLAINT) & access.scope_q(user, m.Complaint, "operate")
    reports = Q(pk__in=[])
    if user.role in conflicts.COMMISSION_HANDLERS:
        reports = Q(kind=m.ComplaintKind.REPORT, commission_id=user.organisation_id)
    qs = m.Complaint.objects.filter(complaints | reports, mine, status__in=m.OPEN_COMPLAINT)
    qs = _by_deadline(qs.exclude(conflicts.conflict_q(user)).select_related("organisation"))
    return worklist.task(
        _("待办理的投诉举报"),
        qs,
        reverse("complaints_office:list"),
        lambda c: Entry(
            label=f"{c.number} · {c.get_kind_display()} · {c.organisation.name}",
            url=reverse("complaints_office:detail", kwargs={"pk": c.pk}),
            due=c.deadline,
            note=_("已交办给您") if c.assignee_id == user.pk else _("尚未交办"),
        ),
    )


def _items(label: str, qs) -> Task | None:
    url = reverse("disclosure_office:items")
    return worklist.task(
        label,
        _by_deadline(qs, "due_date"),
        url,
        lambda i: Entry(label=f"{i.organisation.name} · {i.title}", url=url, due=i.due_date),
    )


def _items_due(user) -> Task | None:
    today = timezone.localdate()
    qs = access.restrict(m.DisclosureItem.objects.select_related("organisation"), user, "operate")
    return _items(
        _("一周内到期或已逾期的主动公开事项"),
        qs.filter(status=m.ItemStatus.PREPARING, due_date__lte=today + DUE_SOON),
    )


def _items_to_review(user) -> Task | None:
    qs = access.restrict(m.DisclosureItem.objects.select_related("organisation"), user, "operate")
    return _items(
        _("待您审核的主动公开事项"),
        qs.filter(status=m.ItemStatus.IN_REVIEW, approved=False).exclude(prepared_by=user),
    )
