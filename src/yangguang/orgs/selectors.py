"""Reads of the organisation tree, and the report on the rule "一把手五个不直接分管"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.core import access
from yangguang.orgs.models import (
    RESTRICTED_FOR_PRINCIPAL,
    Charge,
    ChargeArea,
    Exemption,
    LeadershipRole,
    LeadershipTerm,
    Organisation,
)


def organisation_subtree(org: Organisation) -> QuerySet[Organisation]:
    """``org`` and everything below it, in tree order."""
    return Organisation.objects.filter(path__startswith=org.path).order_by(
        "path", "sort_order", "code"
    )


def tree_sorted(orgs) -> list[Organisation]:
    """``orgs`` in tree order: parents before children, siblings by ``sort_order`` then
    ``code`` (the ids in ``path`` do not sort that way as strings)."""
    orgs = list(orgs)
    by_id = {o.pk: o for o in orgs}

    def key(org: Organisation) -> list[tuple[int, str]]:
        out = []
        for part in org.path.strip("/").split("/"):
            node = by_id.get(int(part)) if part else None
            out.append((node.sort_order, node.code) if node else (0, part))
        return out

    return sorted(orgs, key=key)


def organisation_list(*, user) -> QuerySet[Organisation]:
    """The organisations ``user`` may see, in tree order."""
    qs = Organisation.objects.select_related("region", "parent").order_by(
        "path", "sort_order", "code"
    )
    return access.restrict(qs, user, "view")


def is_higher_body(approver, org: Organisation) -> bool:
    """Is ``approver`` (by role and organisation) above ``org``, so that he or she may
    approve an exemption there? (``yangguang.orgs.services`` has the rule in words.)"""
    if approver.role == Role.SYSADMIN:
        return True
    own = approver.organisation
    if own is None:
        return False
    if approver.role == Role.LEADER:
        return org.path.startswith(own.path) and own.pk != org.pk
    if approver.role == Role.INSPECTOR:
        root = own.jurisdiction or own.parent or own
        return org.path.startswith(root.path) and own.pk != org.pk
    return False


def exemption_approvers(org: Organisation):
    """The active accounts that may approve an exemption for a principal of ``org``."""
    from yangguang.accounts.models import User

    candidates = User.objects.filter(
        is_active=True, role__in=(Role.SYSADMIN, Role.LEADER, Role.INSPECTOR)
    ).select_related("organisation", "organisation__jurisdiction", "organisation__parent")
    ordered = candidates.order_by("organisation__path", "username")
    return [u for u in ordered if is_higher_body(u, org)]


def current_terms(on: datetime.date) -> QuerySet[LeadershipTerm]:
    return LeadershipTerm.objects.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


BREACH = "breach"
EXEMPTION = "exemption"


@dataclass(frozen=True)
class PrincipalRuleRow:
    """One restricted area in the charge of a serving principal."""

    organisation: Organisation
    principal: LeadershipTerm
    charge: Charge
    status: str  # BREACH or EXEMPTION
    exemption: Exemption | None
    note_zh: str
    note_en: str

    @property
    def area_display(self) -> str:
        return str(ChargeArea(self.charge.area).label)

    def as_fields(self) -> list[str]:
        ex = self.exemption
        return [
            self.organisation.code,
            self.organisation.name,
            self.principal.user.full_name or self.principal.user.get_username(),
            self.principal.title,
            self.charge.area,
            self.status,
            ex.reason if ex else "",
            (ex.approver.full_name or ex.approver.get_username()) if ex else "",
            str(ex.valid_until or "") if ex else "",
            f"{self.note_zh} ({self.note_en})" if self.note_zh else "",
        ]


REPORT_HEADER = [
    "code",
    "organisation",
    "principal",
    "title",
    "area",
    "status",
    "exemption_reason",
    "approver",
    "valid_until",
    "note",
]


def principal_rule_report(*, on: datetime.date | None = None, user=None) -> list[PrincipalRuleRow]:
    """Every restricted area held on day ``on`` by a serving principal, whether through
    the principal term or through a deputy term of the same person in the same
    organisation. ``exemption``: covered by an exemption valid on ``on``; ``breach``:
    not (no exemption, it expired, the data predates the rule, the term was re-graded,
    or the area is held through a deputy term, which no exemption covers).

    With ``user``, only organisations whose leadership ``user`` may view."""
    on = on or timezone.localdate()
    terms = current_terms(on)
    if user is not None:
        terms = access.restrict(terms, user, "view")
    principals = list(
        terms.filter(role=LeadershipRole.PRINCIPAL)
        .select_related("organisation", "user")
        .order_by("organisation__path", "organisation__code")
    )
    if not principals:
        return []
    by_key = {(t.organisation_id, t.user_id): t for t in principals}
    charges = (
        Charge.objects.filter(area__in=RESTRICTED_FOR_PRINCIPAL, since__lte=on)
        .filter(term__in=current_terms(on))
        .filter(term__organisation_id__in={t.organisation_id for t in principals})
        .select_related("term")
        .order_by("term__organisation_id", "area", "pk")
    )
    exemptions: dict[tuple[int, str], Exemption] = {}
    for ex in (
        Exemption.objects.filter(term__in=principals, approved_on__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("approver")
        .order_by("approved_on", "pk")
    ):
        exemptions[(ex.term_id, ex.area)] = ex
    rows: list[PrincipalRuleRow] = []
    for charge in charges:
        principal = by_key.get((charge.term.organisation_id, charge.term.user_id))
        if principal is None:
            continue
        if charge.term_id != principal.pk:
            rows.append(
                PrincipalRuleRow(
                    organisation=principal.organisation,
                    principal=principal,
                    charge=charge,
                    status=BREACH,
                    exemption=None,
                    note_zh="一把手通过副职任期分管",
                    note_en="held by the principal through a deputy term",
                )
            )
            continue
        ex = exemptions.get((principal.pk, charge.area))
        if ex is not None:
            rows.append(
                PrincipalRuleRow(principal.organisation, principal, charge, EXEMPTION, ex, "", "")
            )
            continue
        expired = (
            Exemption.objects.filter(term=principal, area=charge.area, valid_until__lt=on)
            .order_by("-valid_until")
            .first()
        )
        if expired is not None:
            note_zh, note_en = (
                f"豁免已于 {expired.valid_until} 到期",
                f"exemption expired on {expired.valid_until}",
            )
        else:
            note_zh, note_en = "无有效豁免", "no valid exemption"
        rows.append(
            PrincipalRuleRow(
                principal.organisation, principal, charge, BREACH, None, note_zh, note_en
            )
        )
    rows.sort(key=lambda r: (r.organisation.path, r.charge.area, r.charge.pk))
    return rows


def months_later(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the last day of a shorter month)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def rotation_due(*, post, on: datetime.date | None = None) -> list:
    """The open holdings of ``post`` that have reached its rotation period on ``on``
    (轮岗: the holder should move on)."""
    from yangguang.orgs.models import PostHolding

    on = on or timezone.localdate()
    if not post.rotation_months:
        return []
    holdings = (
        PostHolding.objects.filter(post=post, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("user")
    )
    return [h for h in holdings if months_later(h.start, post.rotation_months) <= on]
