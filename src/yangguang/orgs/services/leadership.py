"""Services for leadership terms, areas in charge (分管) and exemptions."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access, labels
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean as _clean
from yangguang.core.validation import required_text as _required_text
from yangguang.orgs import actions, rechecks
from yangguang.orgs.models import (
    RESTRICTED_FOR_PRINCIPAL,
    Charge,
    ChargeArea,
    Exemption,
    LeadershipRole,
    LeadershipTerm,
    Organisation,
)
from yangguang.orgs.selectors import is_higher_body
from yangguang.orgs.services._base import (
    CHARGE_FIELDS,
    EXEMPTION_FIELDS,
    TERM_FIELDS,
    _check_in_org,
    _check_period,
    _overlaps,
)


def leadership_appoint(
    *,
    actor: Actor,
    organisation: Organisation,
    user: User,
    role: str,
    title: str,
    start: datetime.date,
    end: datetime.date | None = None,
) -> LeadershipTerm:
    """A principal or deputy term. One organisation has at most one principal on any day;
    the organisation row is locked so two appointments cannot race past the check."""
    _check_in_org(actor, "change", organisation)
    if role not in LeadershipRole.values:
        raise DomainError(
            code="leadership_role_unknown",
            field="role",
            zh=f"未知的职务类别 {role!r}",
            en=f"unknown leadership role {role!r}",
        )
    title = _required_text(title, "title", "职务")
    if user.organisation_id != organisation.pk:
        raise DomainError(
            code="leader_foreign_organisation",
            field="user",
            zh=f"{user} 不属于“{organisation.name}”，不能任该单位领导",
            en=f"{user.get_username()} does not belong to “{organisation.name}”",
        )
    _check_period(start, end)
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        terms = LeadershipTerm.objects.filter(organisation=organisation)
        if role == LeadershipRole.PRINCIPAL:
            clash = _overlaps(terms.filter(role=role), start, end).select_related("user").first()
            if clash is not None:
                raise DomainError(
                    code="principal_overlap",
                    field="start",
                    zh=f"“{organisation.name}”在 {clash.start}–{clash.end or '今'} 已有主要负责人"
                    f"{clash.user}，任期不能重叠",
                    en=f"“{organisation.name}” already has a principal "
                    f"({clash.user.get_username()}) from {clash.start} to "
                    f"{clash.end or 'now'}; principal terms may not overlap",
                )
        clash = _overlaps(terms.filter(role=role, user=user), start, end).first()
        if clash is not None:
            raise DomainError(
                code="term_overlap",
                field="start",
                zh=f"{user} 在 {clash.start}–{clash.end or '今'} 已有同类任期",
                en=f"{user.get_username()} already has a {role} term from {clash.start} "
                f"to {clash.end or 'now'}",
            )
        term = LeadershipTerm(
            organisation=organisation, user=user, role=role, title=title, start=start, end=end
        )
        _clean(term)
        term.save()
        audit_record(
            actor=actor,
            action=actions.LEADERSHIP_APPOINT,
            obj=term,
            org_id=organisation.pk,
            changes=diff(None, snapshot(term, TERM_FIELDS)),
        )
        # a new leader stands aside from what names the staff he or she now leads
        rechecks.run(actor, [user.pk], "leader_appointed")
    return term


def leadership_end(*, actor: Actor, term: LeadershipTerm, end: datetime.date) -> LeadershipTerm:
    _check_in_org(actor, "change", term.organisation)
    with transaction.atomic():
        term = LeadershipTerm.objects.select_for_update().get(pk=term.pk)
        if term.end is not None:
            raise DomainError(
                code="term_ended",
                field="end",
                zh=f"该任期已于 {term.end} 结束",
                en=f"the term already ended on {term.end}",
            )
        _check_period(term.start, end)
        before = snapshot(term, TERM_FIELDS)
        term.end = end
        _clean(term)
        term.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action=actions.LEADERSHIP_END,
            obj=term,
            org_id=term.organisation_id,
            changes=diff(before, snapshot(term, TERM_FIELDS)),
        )
    return term


def valid_exemption(term: LeadershipTerm, area: str, on: datetime.date) -> Exemption | None:
    """The exemption that lets ``term``'s principal take ``area`` on day ``on``."""
    return (
        Exemption.objects.filter(term=term, area=area, approved_on__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-approved_on", "-pk")
        .first()
    )


def _area_label(area: str) -> tuple[str, str]:
    return labels.both(ChargeArea(area).label)


def charge_assign(
    *,
    actor: Actor,
    term: LeadershipTerm,
    area: str,
    label: str = "",
    since: datetime.date | None = None,
) -> Charge:
    """Put ``area`` in the charge of ``term``'s leader from ``since`` (default today).

    A principal may take a restricted area only with an exemption valid on ``since``;
    a deputy term may not be used to give a restricted area to someone who is at the
    same time the principal of the organisation."""
    _check_in_org(actor, "change", term.organisation)
    if area not in ChargeArea.values:
        raise DomainError(
            code="charge_area_unknown",
            field="area",
            zh=f"未知的分管领域 {area!r}",
            en=f"unknown area {area!r}",
        )
    label = (label or "").strip()
    if area == ChargeArea.OTHER and not label:
        raise DomainError(
            code="charge_label_required",
            field="label",
            zh="“其他”分管领域必须写明名称",
            en="an 'other' area needs a label",
        )
    since = since or timezone.localdate()
    with transaction.atomic():
        term = LeadershipTerm.objects.select_for_update().select_related("user").get(pk=term.pk)
        if since < term.start or (term.end is not None and since > term.end):
            raise DomainError(
                code="charge_outside_term",
                field="since",
                zh=f"分管起始日 {since} 不在任期 {term.start}–{term.end or '今'} 内",
                en=f"the day {since} is outside the term {term.start} to {term.end or 'now'}",
            )
        area_zh, area_en = _area_label(area)
        if area in RESTRICTED_FOR_PRINCIPAL:
            if term.role == LeadershipRole.PRINCIPAL and valid_exemption(term, area, since) is None:
                raise DomainError(
                    code="principal_rule",
                    field="area",
                    zh=f"一把手不直接分管{area_zh}（一把手五个不直接分管）；"
                    f"如确需分管，须先登记经批准且在有效期内的豁免",
                    en=f"a principal may not directly be in charge of {area_en} unless a "
                    f"valid, approved exemption is recorded",
                )
            if term.role == LeadershipRole.DEPUTY:
                also_principal = _overlaps(
                    LeadershipTerm.objects.filter(
                        organisation_id=term.organisation_id,
                        user_id=term.user_id,
                        role=LeadershipRole.PRINCIPAL,
                    ),
                    since,
                    term.end,
                ).exists()
                if also_principal:
                    raise DomainError(
                        code="principal_rule_dual_term",
                        field="term",
                        zh=f"{term.user} 同时是本单位一把手，不能以副职任期分管{area_zh}",
                        en=f"{term.user.get_username()} is also the principal of the "
                        f"organisation and may not take {area_en} through a deputy term",
                    )
        if Charge.objects.filter(term=term, area=area, label=label).exists():
            raise DomainError(
                code="charge_duplicate",
                field="area",
                zh=f"该任期已分管{area_zh}",
                en=f"{area_en} is already in this term's charge",
            )
        charge = Charge(term=term, area=area, label=label, since=since)
        _clean(charge)
        charge.save()
        audit_record(
            actor=actor,
            action=actions.CHARGE_ASSIGN,
            obj=charge,
            org_id=term.organisation_id,
            changes=diff(None, snapshot(charge, CHARGE_FIELDS)),
        )
    return charge


def charge_remove(*, actor: Actor, charge: Charge) -> None:
    _check_in_org(actor, "change", charge.term.organisation)
    with transaction.atomic():
        charge = Charge.objects.select_for_update().select_related("term").get(pk=charge.pk)
        before = snapshot(charge, CHARGE_FIELDS)
        pk, org_id = charge.pk, charge.term.organisation_id
        charge.delete()
        audit_record(
            actor=actor,
            action=actions.CHARGE_REMOVE,
            object_type=Charge._meta.label_lower,
            object_id=pk,
            org_id=org_id,
            changes=diff(before, None),
        )


def exemption_record(
    *,
    actor: Actor,
    term: LeadershipTerm,
    area: str,
    reason: str,
    approver: User,
    approved_on: datetime.date,
    valid_until: datetime.date | None = None,
) -> Exemption:
    """Record an approved exemption letting a principal take a restricted area."""
    if actor.kind != "system":
        org = term.organisation
        if not (
            access.can_in_org(actor.user, "change", org)
            or access.can_in_org(actor.user, "supervise", org)
        ):
            raise PermissionDeniedError()
    if term.role != LeadershipRole.PRINCIPAL:
        raise DomainError(
            code="exemption_not_principal",
            field="term",
            zh="豁免只适用于一把手的任期",
            en="an exemption applies to a principal's term only",
        )
    if area not in RESTRICTED_FOR_PRINCIPAL:
        raise DomainError(
            code="exemption_area_not_restricted",
            field="area",
            zh="只有人事、财务、工程项目、物资采购、产权交易需要豁免",
            en="only personnel, finance, construction projects, procurement and "
            "property-rights transactions need an exemption",
        )
    reason = _required_text(reason, "reason", "豁免理由")
    if approver.pk == term.user_id:
        raise DomainError(
            code="exemption_self_approved",
            field="approver",
            zh="批准人不能是一把手本人",
            en="the principal may not approve his or her own exemption",
        )
    if not approver.is_active or not is_higher_body(approver, term.organisation):
        raise DomainError(
            code="exemption_approver_not_higher",
            field="approver",
            zh=f"批准人 {approver} 须为上级单位的领导、纪检监察人员或系统管理员",
            en=f"the approver ({approver.get_username()}) must be a leader or discipline "
            f"inspector of a higher body, or a system administrator",
        )
    if approved_on > timezone.localdate():
        raise DomainError(
            code="exemption_approved_in_future",
            field="approved_on",
            zh=f"批准日期 {approved_on} 不能晚于今天",
            en=f"the approval date {approved_on} is in the future",
        )
    if valid_until is not None and valid_until < approved_on:
        raise DomainError(
            code="exemption_valid_before_approval",
            field="valid_until",
            zh=f"有效期至 {valid_until} 不能早于批准日期 {approved_on}",
            en=f"valid-until {valid_until} is before the approval date {approved_on}",
        )
    with transaction.atomic():
        term = LeadershipTerm.objects.select_for_update().get(pk=term.pk)
        exemption = Exemption(
            term=term,
            area=area,
            reason=reason,
            approver=approver,
            approved_on=approved_on,
            valid_until=valid_until,
        )
        _clean(exemption)
        exemption.save()
        audit_record(
            actor=actor,
            action=actions.EXEMPTION_RECORD,
            obj=exemption,
            org_id=term.organisation_id,
            changes=diff(None, snapshot(exemption, EXEMPTION_FIELDS)),
        )
    return exemption
