"""Writes to regions, organisations, posts, post holdings, leadership terms, areas in
charge (分管) and exemptions. Every function is keyword-only, checks permission (unless the
actor is the system), validates, runs in one transaction and writes one audit entry.

The rule "一把手五个不直接分管": a principal (一把手) does not directly take charge of
personnel, finance, construction projects, procurement or property-rights transactions
(``RESTRICTED_FOR_PRINCIPAL``), unless an exemption, with its reason and approver, has
been recorded for that term and area and is valid.

Who may approve an exemption (a "higher body"): a system administrator; a leader whose
organisation is a proper ancestor of the principal's organisation; or a discipline
inspector whose commission's jurisdiction (or, without one, whose commission's parent
subtree) covers the principal's organisation. The approver is never the principal.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone, translation

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs import actions
from yangguang.orgs.models import (
    RESTRICTED_FOR_PRINCIPAL,
    Charge,
    ChargeArea,
    Exemption,
    LeadershipRole,
    LeadershipTerm,
    Organisation,
    Post,
    PostHolding,
    Region,
    RiskGrade,
)
from yangguang.orgs.validators import validate_credit_code, validate_region

REGION_FIELDS = ("code", "name", "level", "parent")
ORG_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "region",
    "parent",
    "path",
    "credit_code",
    "jurisdiction",
    "sort_order",
)
ORG_UPDATABLE = frozenset(set(ORG_FIELDS) - {"path"})
POST_FIELDS = ("organisation", "code", "name", "risk_grade", "rotation_months", "duties")
POST_UPDATABLE = frozenset({"code", "name", "risk_grade", "rotation_months", "duties"})
HOLDING_FIELDS = ("post", "user", "start", "end")
TERM_FIELDS = ("organisation", "user", "role", "title", "start", "end")
CHARGE_FIELDS = ("term", "area", "label", "since")
EXEMPTION_FIELDS = ("term", "area", "reason", "approver", "approved_on", "valid_until")
PATH_MAX = Organisation._meta.get_field("path").max_length


# --- helpers ----------------------------------------------------------------------------


def _check_in_org(actor: Actor, action: access.Action, org: Organisation | None) -> None:
    if actor.kind == "system":
        return
    access.require_in_org(actor.user, action, org)


def _require_sysadmin(actor: Actor) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) != Role.SYSADMIN:
        raise PermissionDeniedError(
            zh="只有系统管理员可以执行此操作", en="only a system administrator may do this"
        )


def _clean(instance, *, exclude: list[str] | None = None) -> None:
    """``full_clean`` turned into a DomainError naming the first field at fault, with the
    message in Chinese and in English."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc_zh:
        zh_field, zh_msg, code = _first(exc_zh)
        with translation.override("en"):
            try:
                instance.full_clean(exclude=exclude)
            except ValidationError as exc_en:
                _field, en_msg, _code = _first(exc_en)
            else:  # pragma: no cover - the same instance cannot pass in English
                en_msg = zh_msg
        zh_msg, en_msg = _split_bilingual(zh_msg, en_msg)
        field = None if zh_field == "__all__" else zh_field
        raise DomainError(code=code or "invalid", field=field, zh=zh_msg, en=en_msg) from exc_zh


def _first(exc: ValidationError) -> tuple[str, str, str | None]:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        err = errors[0]
    else:
        field, err = "__all__", exc.error_list[0]
    message = err.message % err.params if err.params else err.message
    return field, str(message), err.code


def _split_bilingual(zh: str, en: str) -> tuple[str, str]:
    """Our constraint messages are already ``中文 (English)``: split them."""
    if zh.endswith(")") and " (" in zh:
        head, _, tail = zh.rpartition(" (")
        return head, tail[:-1]
    return zh, en


def _overlaps(qs, start: datetime.date, end: datetime.date | None):
    """Rows of ``qs`` (with ``start``/``end``, end inclusive, null = open) overlapping
    the period ``start``–``end``."""
    qs = qs.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


def _check_period(start: datetime.date, end: datetime.date | None) -> None:
    if end is not None and end < start:
        raise DomainError(
            code="end_before_start",
            field="end",
            zh=f"结束日期 {end} 不能早于开始日期 {start}",
            en=f"the end date {end} is before the start date {start}",
        )


def _required_text(value: str, field: str, zh_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(
            code="required", field=field, zh=f"请填写{zh_name}", en=f"{field} is required"
        )
    return value


# --- regions ----------------------------------------------------------------------------


def region_create(
    *, actor: Actor, code: str, name: str, level: str, parent: Region | None = None
) -> Region:
    """A region whose code fits its level and extends its parent's (system
    administrators only)."""
    _require_sysadmin(actor)
    code = (code or "").strip()
    name = _required_text(name, "name", "名称")
    validate_region(
        code=code,
        level=level,
        parent_code=parent.code if parent else None,
        parent_level=parent.level if parent else None,
    )
    with transaction.atomic():
        if Region.objects.filter(code=code).exists():
            raise DomainError(
                code="region_code_taken",
                field="code",
                zh=f"区划代码 {code} 已存在",
                en=f"region code {code} already exists",
            )
        region = Region(code=code, name=name, level=level, parent=parent)
        _clean(region)
        region.save()
        audit_record(
            actor=actor,
            action=actions.REGION_CREATE,
            obj=region,
            changes=diff(None, snapshot(region, REGION_FIELDS)),
        )
    return region


# --- organisations ----------------------------------------------------------------------


def _normalise_credit_code(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    validate_credit_code(value)
    return value


def _check_jurisdiction(kind: str, jurisdiction: Organisation | None) -> None:
    if jurisdiction is not None and kind != "commission":
        raise DomainError(
            code="jurisdiction_only_for_commission",
            field="jurisdiction",
            zh="只有纪委监委可以设置监督范围",
            en="only a discipline-inspection commission has a jurisdiction",
        )


def organisation_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    kind: str,
    region: Region,
    parent: Organisation | None = None,
    short_name: str = "",
    credit_code: str | None = None,
    jurisdiction: Organisation | None = None,
    sort_order: int = 0,
) -> Organisation:
    """A new organisation under ``parent`` (a root without one: system administrators
    only); an organisation administrator creates only inside his or her subtree."""
    _check_in_org(actor, "change", parent)
    credit_code = _normalise_credit_code(credit_code)
    _check_jurisdiction(kind, jurisdiction)
    with transaction.atomic():
        if parent is not None:
            parent = Organisation.objects.select_for_update().get(pk=parent.pk)
        org = Organisation(
            code=(code or "").strip(),
            name=(name or "").strip(),
            short_name=(short_name or "").strip(),
            kind=kind,
            region=region,
            parent=parent,
            credit_code=credit_code,
            jurisdiction=jurisdiction,
            sort_order=sort_order,
        )
        _clean(org, exclude=["path"])
        org.save()
        # the id is known only now: the path ends with it
        org.path = f"{parent.path if parent else '/'}{org.pk}/"
        if len(org.path) > PATH_MAX:
            raise DomainError(
                code="org_tree_too_deep",
                field="parent",
                zh="单位层级过深",
                en="the organisation tree is too deep here",
            )
        Organisation.objects.filter(pk=org.pk).update(path=org.path)
        audit_record(
            actor=actor,
            action=actions.ORG_CREATE,
            obj=org,
            org_id=org.pk,
            changes=diff(None, snapshot(org, ORG_FIELDS)),
        )
    return org


def organisation_update(
    *, actor: Actor, organisation: Organisation, **changes: Any
) -> Organisation:
    """Change fields of an organisation, including moving it (with its whole subtree)
    under a new parent. A move into its own subtree is refused."""
    unknown = set(changes) - ORG_UPDATABLE
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            code="field_not_updatable",
            field=field,
            zh=f"字段 {field} 不可修改",
            en=f"field {field} cannot be changed",
        )
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _check_in_org(actor, "change", org)
        before = snapshot(org, ORG_FIELDS)
        old_path = org.path
        moving = "parent" in changes and (
            (changes["parent"].pk if changes["parent"] else None) != org.parent_id
        )
        new_parent: Organisation | None = None
        if moving:
            new_parent = changes["parent"]
            if new_parent is not None:
                new_parent = Organisation.objects.select_for_update().get(pk=new_parent.pk)
                if new_parent.path.startswith(old_path):
                    raise DomainError(
                        code="org_cycle",
                        field="parent",
                        zh=f"不能把单位“{org.name}”移到它自己或其下级单位“{new_parent.name}”之下",
                        en=f"cannot move “{org.name}” under itself or its own descendant "
                        f"“{new_parent.name}”",
                    )
            _check_in_org(actor, "change", new_parent)
            changes["parent"] = new_parent
        if "credit_code" in changes:
            changes["credit_code"] = _normalise_credit_code(changes["credit_code"])
        for name, value in changes.items():
            setattr(org, name, value.strip() if isinstance(value, str) else value)
        _check_jurisdiction(org.kind, org.jurisdiction)
        _clean(org)
        org.save()
        if moving:
            new_path = f"{new_parent.path if new_parent else '/'}{org.pk}/"
            subtree = Organisation.objects.filter(path__startswith=old_path)
            longest = subtree.aggregate(m=Max(Length("path")))["m"] or 0
            if longest - len(old_path) + len(new_path) > PATH_MAX:
                raise DomainError(
                    code="org_tree_too_deep",
                    field="parent",
                    zh="移动后单位层级过深",
                    en="the organisation tree would be too deep after the move",
                )
            # one statement rewrites the paths of the whole moved subtree
            subtree.update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
            org.path = new_path
        change_set = diff(before, snapshot(org, ORG_FIELDS))
        audit_record(
            actor=actor,
            action=actions.ORG_UPDATE,
            obj=org,
            org_id=org.pk,
            changes=change_set,
        )
    return org


# --- posts ------------------------------------------------------------------------------


def _check_rotation(risk_grade: str, rotation_months: int | None) -> None:
    if risk_grade == RiskGrade.HIGH and not rotation_months:
        raise DomainError(
            code="post_rotation_required",
            field="rotation_months",
            zh="高风险岗位必须设置轮岗周期（月）",
            en="a high-risk post needs a rotation period in months",
        )


def post_create(
    *,
    actor: Actor,
    organisation: Organisation,
    code: str,
    name: str,
    risk_grade: str,
    rotation_months: int | None = None,
    duties: str = "",
) -> Post:
    _check_in_org(actor, "change", organisation)
    _check_rotation(risk_grade, rotation_months)
    with transaction.atomic():
        code = (code or "").strip()
        if Post.objects.filter(organisation=organisation, code=code).exists():
            raise DomainError(
                code="post_code_taken",
                field="code",
                zh=f"本单位已有岗位代码 {code}",
                en=f"the organisation already has a post with code {code}",
            )
        post = Post(
            organisation=organisation,
            code=code,
            name=(name or "").strip(),
            risk_grade=risk_grade,
            rotation_months=rotation_months,
            duties=duties or "",
        )
        _clean(post)
        post.save()
        audit_record(
            actor=actor,
            action=actions.POST_CREATE,
            obj=post,
            org_id=organisation.pk,
            changes=diff(None, snapshot(post, POST_FIELDS)),
        )
    return post


def post_update(*, actor: Actor, post: Post, **changes: Any) -> Post:
    unknown = set(changes) - POST_UPDATABLE
    if unknown:
        field = sorted(unknown)[0]
        raise DomainError(
            code="field_not_updatable",
            field=field,
            zh=f"字段 {field} 不可修改",
            en=f"field {field} cannot be changed",
        )
    _check_in_org(actor, "change", post.organisation)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        before = snapshot(post, POST_FIELDS)
        for name, value in changes.items():
            setattr(post, name, value.strip() if isinstance(value, str) else value)
        _check_rotation(post.risk_grade, post.rotation_months)
        _clean(post)
        post.save()
        audit_record(
            actor=actor,
            action=actions.POST_UPDATE,
            obj=post,
            org_id=post.organisation_id,
            changes=diff(before, snapshot(post, POST_FIELDS)),
        )
    return post


def post_assign(
    *,
    actor: Actor,
    post: Post,
    user: User,
    start: datetime.date,
    end: datetime.date | None = None,
) -> PostHolding:
    """``user`` holds ``post`` from ``start`` (to ``end``, inclusive). The person must
    belong to the post's organisation and may not hold the same post twice at once."""
    _check_in_org(actor, "change", post.organisation)
    if user.organisation_id != post.organisation_id:
        raise DomainError(
            code="post_foreign_organisation",
            field="user",
            zh=f"{user} 不属于岗位所在单位“{post.organisation.name}”，不能任此岗位",
            en=f"{user.get_username()} does not belong to the post's organisation "
            f"“{post.organisation.name}”",
        )
    _check_period(start, end)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        clash = _overlaps(PostHolding.objects.filter(post=post, user=user), start, end).first()
        if clash is not None:
            until = clash.end or "今"
            raise DomainError(
                code="holding_overlap",
                field="start",
                zh=f"{user} 在 {clash.start}–{until} 已任此岗位，任职期间不能重叠",
                en=f"{user.get_username()} already holds this post from {clash.start} to "
                f"{clash.end or 'now'}; holdings may not overlap",
            )
        holding = PostHolding(post=post, user=user, start=start, end=end)
        _clean(holding)
        holding.save()
        audit_record(
            actor=actor,
            action=actions.POST_ASSIGN,
            obj=holding,
            org_id=post.organisation_id,
            changes=diff(None, snapshot(holding, HOLDING_FIELDS)),
        )
    return holding


def post_release(*, actor: Actor, holding: PostHolding, end: datetime.date) -> PostHolding:
    """End an open holding on ``end`` (the last day in the post)."""
    _check_in_org(actor, "change", holding.post.organisation)
    with transaction.atomic():
        holding = PostHolding.objects.select_for_update().get(pk=holding.pk)
        if holding.end is not None:
            raise DomainError(
                code="holding_ended",
                field="end",
                zh=f"该任职已于 {holding.end} 结束",
                en=f"the holding already ended on {holding.end}",
            )
        _check_period(holding.start, end)
        before = snapshot(holding, HOLDING_FIELDS)
        holding.end = end
        _clean(holding)
        holding.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action=actions.POST_RELEASE,
            obj=holding,
            org_id=holding.post.organisation_id,
            changes=diff(before, snapshot(holding, HOLDING_FIELDS)),
        )
    return holding


# --- leadership -------------------------------------------------------------------------


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
    label = str(ChargeArea(area).label)
    zh, _, en = label.partition(" (")
    return zh, en.rstrip(")")


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


def _is_higher_body(approver: User, org: Organisation) -> bool:
    """Is ``approver`` (by role and organisation) above ``org``? See the module doc."""
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
    if not approver.is_active or not _is_higher_body(approver, term.organisation):
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
