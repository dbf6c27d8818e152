"""Services for regions, organisations and posts (and who holds them)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import role_names
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean as _clean
from yangguang.core.validation import required_text as _required_text
from yangguang.orgs import actions
from yangguang.orgs.models import (
    Organisation,
    OrgKind,
    Post,
    PostHolding,
    Region,
    RiskGrade,
)
from yangguang.orgs.services._base import (
    HOLDING_FIELDS,
    ORG_FIELDS,
    ORG_UPDATABLE,
    PATH_MAX,
    POST_FIELDS,
    POST_UPDATABLE,
    REGION_FIELDS,
    _check_in_org,
    _check_period,
    _is_sysadmin,
    _overlaps,
    _require_sysadmin,
)
from yangguang.orgs.validators import validate_credit_code, validate_region


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


# What only a system administrator decides: commissions (their kind grants the
# inspectors' reach), jurisdictions (how far a commission sees), and where an
# administrator's own organisation stands in the tree (its parent and kind). An
# organisation administrator shapes the inside of his or her subtree, nothing above it.


def _check_structural_create(actor: Actor, kind: str, jurisdiction: Organisation | None) -> None:
    if _is_sysadmin(actor):
        return
    if kind == OrgKind.COMMISSION:
        raise PermissionDeniedError(
            zh="只有系统管理员可以设立纪委监委",
            en="only a system administrator may create a discipline-inspection commission",
        )
    if jurisdiction is not None:
        raise PermissionDeniedError(
            zh="只有系统管理员可以设置监督范围",
            en="only a system administrator may set a jurisdiction",
        )


def _check_structural_update(actor: Actor, org: Organisation, changes: dict[str, Any]) -> None:
    if _is_sysadmin(actor):
        return
    if org.kind == OrgKind.COMMISSION:
        raise PermissionDeniedError(
            zh="只有系统管理员可以修改纪委监委",
            en="only a system administrator may change a discipline-inspection commission",
        )
    if changes.get("kind", org.kind) == OrgKind.COMMISSION:
        raise PermissionDeniedError(
            zh="只有系统管理员可以设立纪委监委",
            en="only a system administrator may make an organisation a commission",
        )
    if "jurisdiction" in changes:
        new = changes["jurisdiction"]
        if (new.pk if new is not None else None) != org.jurisdiction_id:
            raise PermissionDeniedError(
                zh="只有系统管理员可以设置监督范围",
                en="only a system administrator may set a jurisdiction",
            )
    root = access.scope_root(actor.user)
    if root is not None and root.pk == org.pk:
        parent = changes.get("parent", org.parent)
        if changes.get("kind", org.kind) != org.kind or (
            (parent.pk if parent is not None else None) != org.parent_id
        ):
            raise PermissionDeniedError(
                zh="本单位的类型和上级单位由系统管理员设定",
                en="the kind and the parent of your own organisation are set by a system "
                "administrator",
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
    _check_structural_create(actor, kind, jurisdiction)
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
        _check_structural_update(actor, org, changes)
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
    holder_role: str = "",
) -> Post:
    """A post of ``organisation``; ``holder_role``: the account role its holders need
    (blank: any)."""
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
            holder_role=holder_role or "",
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
        if post.holder_role:
            clash = [
                h.user
                for h in _overlaps(post.holdings.select_related("user"), timezone.localdate(), None)
                if h.user.role != post.holder_role
            ]
            if clash:
                zh_role, en_role = role_names(post.holder_role)
                raise DomainError(
                    code="holder_role_mismatch",
                    field="holder_role",
                    zh=f"现任 {'、'.join(str(u) for u in clash)} 不是{zh_role}，"
                    f"请先调整任职再改任职角色",
                    en=f"current holders ({', '.join(u.get_username() for u in clash)}) "
                    f"are not {en_role}s: change the holdings first",
                )
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
    if not user.is_active:
        raise DomainError(
            code="holder_inactive",
            field="user",
            zh=f"{user} 的账号已停用，不能任岗",
            en=f"the account {user.get_username()} is deactivated",
        )
    if post.holder_role and user.role != post.holder_role:
        zh_role, en_role = role_names(post.holder_role)
        zh_has, en_has = role_names(user.role)
        raise DomainError(
            code="holder_role_mismatch",
            field="user",
            zh=f"{post.name}须由{zh_role}担任，{user} 是{zh_has}",
            en=f"{post.name} is held by a {en_role}; {user.get_username()} is a {en_has}",
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
