"""Who may handle a complaint or report, and who must stand aside (回避).

The rules (``docs/complaints.md``):

* routing: a report (举报) is handled by the discipline commission over the organisation
  concerned (``handling_commission``), a complaint (投诉) by the organisation itself;
* conflict of interest: a member of staff is conflicted with a complaint or report when
  he or she is named in it (涉及人员), leads (principal or deputy, a current leadership
  term) the organisation of a person named in it or an organisation above that one in
  the tree (the chain of superiors, and the leadership team of the accused), or has
  declared (or been declared) a relative of a person named in it
  (``orgs.RelativeDeclaration``, either direction);
* a conflicted person may not be assigned it, read its reporter, reply to it, refuse it
  or see its protected fields (``visibility``).

``conflict_q`` is the one implementation of the rule, as a filter over complaints; the
per-object check and its reason (``conflict_reason``) use the same filters.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.disclosure import models as m
from yangguang.orgs.models import LeadershipTerm, Organisation, OrgKind, RelativeDeclaration

# roles of a commission's staff who handle the reports routed to it
COMMISSION_HANDLERS = frozenset({Role.INSPECTOR, Role.LEADER})


class ConflictOfInterestError(PermissionDeniedError):
    """A conflicted person tried to handle or read a complaint: a refused permission (403
    in the API) with its own code and the reason."""

    def __init__(self, *, zh: str, en: str, field: str | None = None) -> None:
        DomainError.__init__(self, code="conflict_of_interest", zh=zh, en=en, field=field)


# --- routing ----------------------------------------------------------------------------


def commission_root(commission: Organisation) -> Organisation:
    """The root of the subtree a commission supervises (as ``access.scope_root``)."""
    if commission.jurisdiction_id:
        return commission.jurisdiction
    return commission.parent or commission


def handling_commission(org: Organisation) -> Organisation | None:
    """The commission closest over ``org``: of those whose supervised subtree covers it,
    the one with the deepest root (a 派驻纪检监察组 before the county commission)."""
    best, depth = None, -1
    commissions = Organisation.objects.filter(kind=OrgKind.COMMISSION).select_related(
        "jurisdiction", "parent"
    )
    for c in commissions.order_by("pk"):
        root = commission_root(c)
        if org.path.startswith(root.path) and len(root.path) > depth:
            best, depth = c, len(root.path)
    return best


def is_commission_staff(user, commission_id: int | None) -> bool:
    """A member of the handling commission who may take reports (inspector or leader)."""
    return (
        commission_id is not None
        and access.is_staff_user(user)
        and user.organisation_id == commission_id
        and user.role in COMMISSION_HANDLERS
    )


# --- conflicts --------------------------------------------------------------------------


def _current_terms(on: datetime.date):
    return LeadershipTerm.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def relatives_of(user) -> set[int]:
    """Ids of the staff ``user`` has declared, or been declared, a relative of."""
    rows = RelativeDeclaration.objects.filter(ended_at__isnull=True).filter(
        Q(person=user) | Q(relative=user)
    )
    out = set()
    for person_id, relative_id in rows.values_list("person_id", "relative_id"):
        out.add(relative_id if person_id == user.pk else person_id)
    return out


def _person_filters(user, on: datetime.date) -> list[tuple[Q, str, str]]:
    """Filters over ``ComplaintPerson`` for the persons named ``user`` is conflicted with,
    each with its reason (Chinese, English)."""
    filters = [(Q(user_id=user.pk), "您是该件的涉及人员", "you are named in it")]
    relatives = relatives_of(user)
    if relatives:
        filters.append(
            (
                Q(user_id__in=relatives),
                "您是涉及人员的近亲属",
                "you are a relative of a person named",
            )
        )
    led = list(
        _current_terms(on).filter(user_id=user.pk).values_list("organisation__path", flat=True)
    )
    if led:
        terms = _current_terms(on)
        chain = Q(pk__in=[])
        for path in led:
            in_tree = Q(user__organisation__path__startswith=path)
            leads_in_tree = Q(
                user_id__in=terms.filter(organisation__path__startswith=path).values("user_id")
            )
            chain |= in_tree | leads_in_tree
        filters.append(
            (
                chain,
                "您是涉及人员所在单位或其上级单位的领导",
                "you lead the organisation of a person named, or one above it",
            )
        )
    return filters


def conflict_q(user, on: datetime.date | None = None) -> Q:
    """A filter on ``Complaint``: those ``user`` is conflicted with (nothing for a
    visitor or the system)."""
    if not access.is_staff_user(user):
        return Q(pk__in=[])
    on = on or timezone.localdate()
    named = Q(pk__in=[])
    for q, _zh, _en in _person_filters(user, on):
        named |= q
    return Q(pk__in=m.ComplaintPerson.objects.filter(named).values("complaint_id"))


def conflict_reason(user, complaint: m.Complaint) -> tuple[str, str] | None:
    """Why ``user`` must stand aside from ``complaint`` (Chinese, English), or None."""
    if not access.is_staff_user(user):
        return None
    named = m.ComplaintPerson.objects.filter(complaint_id=complaint.pk)
    for q, zh, en in _person_filters(user, timezone.localdate()):
        if named.filter(q).exists():
            return zh, en
    return None


def require_unconflicted(user, complaint: m.Complaint, what_zh: str, what_en: str, *, field=None):
    """Refuse (``conflict_of_interest``) if ``user`` is conflicted with ``complaint``."""
    reason = conflict_reason(user, complaint)
    if reason is not None:
        zh, en = reason
        raise ConflictOfInterestError(
            zh=f"应当回避, 不能{what_zh}: {zh}",
            en=f"conflict of interest, may not {what_en}: {en}",
            field=field,
        )


def conflicted_users(complaint: m.Complaint, users) -> dict[int, tuple[str, str]]:
    """Of ``users``, those conflicted with ``complaint``, with their reasons."""
    out = {}
    for u in users:
        reason = conflict_reason(u, complaint)
        if reason is not None:
            out[u.pk] = reason
    return out
