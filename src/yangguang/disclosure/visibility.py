"""What of a complaint or report a member of staff sees: the one shape behind the office
list and page, the API and the CSV/JSON export (``docs/complaints.md``).

* **full** (the case file: title, content, persons named, notes, attachments, reply,
  handler): staff who may handle its side and are not conflicted. For a complaint
  (投诉): staff in scope (``core.access``). For a report (举报): the discipline side only,
  inspectors whose jurisdiction covers it, the staff of the commission it was routed to,
  and the system administrator (who runs the platform but may not handle it).
* **outcome**: everyone else in scope (the organisation concerned, and whoever is
  conflicted: the accused, their leaders, their relatives) sees nothing before the
  conclusion, and after it only the number, kind, organisation, dates, status and the
  finding (属实 / 部分属实 / 不属实); never the reporter, the content or the reply.

The reporter's identity is never part of either shape (``reporter_identity_read``).
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.disclosure import conflicts
from yangguang.disclosure import models as m


def _base_q(user) -> Q:
    q = access.scope_q(user, m.Complaint, "view")
    if access.is_staff_user(user) and user.role in conflicts.COMMISSION_HANDLERS:
        # the staff of the commission a report was routed to (its leader included)
        q |= Q(commission_id=user.organisation_id, kind=m.ComplaintKind.REPORT)
    return q


def _discipline_side_q(user) -> Q:
    """Reports whose case file ``user`` may see (before conflicts)."""
    role = access.role_of(user)
    if role in (Role.SYSADMIN, Role.INSPECTOR):
        return Q(kind=m.ComplaintKind.REPORT)
    if role in conflicts.COMMISSION_HANDLERS:
        return Q(kind=m.ComplaintKind.REPORT, commission_id=user.organisation_id)
    return Q(pk__in=[])


def full_q(user) -> Q:
    if not access.is_staff_user(user):
        return Q(pk__in=[])
    side = Q(kind=m.ComplaintKind.COMPLAINT) | _discipline_side_q(user)
    return _base_q(user) & side & ~conflicts.conflict_q(user)


def visible_q(user) -> Q:
    if not access.is_staff_user(user):
        return Q(pk__in=[])
    return full_q(user) | (_base_q(user) & Q(status__in=m.CONCLUDED_COMPLAINT))


def visible_complaints(user, qs: QuerySet | None = None) -> QuerySet:
    """The complaints ``user`` sees, each with ``full`` (True: the case file)."""
    qs = m.Complaint.objects.all() if qs is None else qs
    return qs.filter(visible_q(user)).annotate(
        full=Case(When(full_q(user), then=Value(True)), default=Value(False),
                  output_field=BooleanField())
    )  # fmt: skip


def sees_full(user, complaint: m.Complaint) -> bool:
    return m.Complaint.objects.filter(pk=complaint.pk).filter(full_q(user)).exists()


OUTCOME_FIELDS = ("number", "kind", "organisation", "received_at", "status", "finding")
FULL_FIELDS = (
    *OUTCOME_FIELDS,
    "subject_kind",
    "commission",
    "title",
    "case_number",
    "person_name",
    "persons",
    "content",
    "anonymous",
    "deadline",
    "assignee",
    "reply",
    "replied_at",
    "satisfaction",
)


def record(c: m.Complaint, *, full: bool) -> dict:
    """The fields of ``c`` for a reader who sees it ``full`` or only its outcome; the
    finding only once concluded."""
    concluded = c.status in (m.ComplaintStatus.REPLIED, m.ComplaintStatus.CLOSED)
    out = {
        "number": c.number,
        "kind": c.kind,
        "organisation": c.organisation.code,
        "received_at": c.received_at,
        "status": c.status,
        "finding": c.finding if concluded or full else "",
        "full": full,
    }
    if not full:
        return out
    out.update(
        {
            "subject_kind": c.subject_kind,
            "commission": c.commission.code if c.commission_id else None,
            "title": c.title,
            "case_number": c.case_number,
            "person_name": c.person_name,
            "persons": [p.user.full_name or p.user.username for p in c.persons.all()],
            "content": c.content,
            "anonymous": c.anonymous,
            "deadline": c.deadline,
            "assignee": c.assignee.username if c.assignee_id else None,
            "reply": c.reply,
            "replied_at": c.replied_at,
            "satisfaction": c.satisfaction,
        }
    )
    return out
