"""Writes to staff accounts and API tokens. Every function runs in one transaction and
leaves exactly one audit entry."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yangguang.accounts import actions
from yangguang.accounts.models import ApiToken, User, hash_token
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean as _clean
from yangguang.orgs.models import Organisation

USER_FIELDS = ("username", "full_name", "organisation", "role", "is_active")
UPDATABLE = frozenset({"full_name", "organisation", "role"})
TOKEN_PREFIX_LEN = 8


def _org_id(user: User) -> int | None:
    return user.organisation_id


def _require_manage(actor: Actor, organisation: Organisation | None, role: str) -> None:
    """Sysadmins manage any account; an organisation administrator manages accounts in
    his or her own subtree and may not create system administrators."""
    if actor.kind == "system":
        return
    user = actor.user
    if access.role_of(user) == Role.SYSADMIN:
        return
    if role == Role.SYSADMIN or organisation is None:
        raise PermissionDeniedError(
            zh="只有系统管理员可以管理系统管理员",
            en="only a system administrator may manage system administrators",
        )
    access.require_in_org(user, "change", organisation)


def _require_manage_user(actor: Actor, target: User) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) == Role.SYSADMIN:
        return
    if target.role == Role.SYSADMIN:
        raise PermissionDeniedError()
    access.require(actor.user, "change", target)


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            code="password_weak",
            field="password",
            zh="密码不符合要求：" + "；".join(str(m) for m in exc.messages),
            en="the password does not meet the requirements",
        ) from exc


def user_create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    organisation: Organisation | None,
    role: str,
    password: str | None = None,
) -> User:
    """Create a staff account. Without ``password`` the account cannot sign in until one
    is set."""
    _require_manage(actor, organisation, role)
    if role not in Role.values:
        raise DomainError(code="role_unknown", field="role", zh="未知角色", en="unknown role")
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                code="username_taken",
                field="username",
                zh="用户名已被使用",
                en="username already taken",
            )
        user = User(username=username, full_name=full_name, organisation=organisation, role=role)
        if password:
            _check_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        _clean(user)
        user.save()
        audit_record(
            actor=actor,
            action=actions.USER_CREATE,
            obj=user,
            org_id=_org_id(user),
            changes=diff(None, snapshot(user, USER_FIELDS)),
        )
    return user


def user_update(*, actor: Actor, user: User, **changes) -> User:
    """Change ``full_name``, ``organisation`` or ``role``."""
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(
            code="field_not_updatable",
            field=sorted(unknown)[0],
            zh="该字段不可修改",
            en="this field cannot be changed here",
        )
    _require_manage_user(actor, user)
    _require_manage(
        actor, changes.get("organisation", user.organisation), changes.get("role", user.role)
    )
    if "role" in changes and changes["role"] not in Role.values:
        raise DomainError(code="role_unknown", field="role", zh="未知角色", en="unknown role")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, USER_FIELDS)
        for name, value in changes.items():
            setattr(user, name, value)
        _clean(user)
        user.save()
        change_set = diff(before, snapshot(user, USER_FIELDS))
        audit_record(
            actor=actor,
            action=actions.USER_UPDATE,
            obj=user,
            org_id=_org_id(user),
            changes=change_set,
        )
    return user


def user_set_password(*, actor: Actor, user: User, password: str) -> User:
    """Set a new password (the holder of the account, or whoever manages it)."""
    if not (actor.user is not None and actor.user.pk == user.pk):
        _require_manage_user(actor, user)
    _check_password(password, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["password", "failed_logins", "locked_until"])
        audit_record(actor=actor, action=actions.USER_SET_PASSWORD, obj=user, org_id=_org_id(user))
    return user


def user_deactivate(*, actor: Actor, user: User) -> User:
    """Switch an account off and revoke its API tokens. Accounts are never deleted."""
    _require_manage_user(actor, user)
    if actor.user is not None and actor.user.pk == user.pk:
        raise DomainError(
            code="deactivate_self",
            zh="不能停用自己的账号",
            en="you cannot deactivate your own account",
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        now = timezone.now()
        revoked = list(user.api_tokens.filter(revoked__isnull=True).values_list("pk", flat=True))
        user.api_tokens.filter(pk__in=revoked).update(revoked=now)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=actions.USER_DEACTIVATE,
            obj=user,
            org_id=_org_id(user),
            changes={"is_active": [True, False]},
            extra={"revoked_tokens": revoked} if revoked else None,
        )
    return user


def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token acting for ``user``; returns it with the raw secret, shown once."""
    if not (actor.user is not None and actor.user.pk == user.pk):
        _require_manage_user(actor, user)
    name = (name or "").strip()
    if not name:
        raise DomainError(code="required", field="name", zh="请填写名称", en="a name is required")
    if not user.is_active:
        raise DomainError(
            code="user_inactive", field="user", zh="账号已停用", en="the account is deactivated"
        )
    raw = "yg_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            name=name, user=user, prefix=raw[3 : 3 + TOKEN_PREFIX_LEN], key_hash=hash_token(raw)
        )
        _clean(token)
        token.save()
        audit_record(
            actor=actor,
            action=actions.TOKEN_CREATE,
            obj=token,
            org_id=_org_id(user),
            changes=diff(None, {"name": name, "user": user.pk, "prefix": token.prefix}),
        )
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not (actor.user is not None and actor.user.pk == token.user_id):
        _require_manage_user(actor, token.user)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked is not None:
            raise DomainError(
                code="token_revoked", zh="令牌已被吊销", en="the token is already revoked"
            )
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        audit_record(
            actor=actor,
            action=actions.TOKEN_REVOKE,
            obj=token,
            org_id=token.user.organisation_id,
            changes={"revoked": [None, token.revoked]},
        )
    return token


# --- sign-in bookkeeping ------------------------------------------------------------------


def is_locked(user: User, *, now=None) -> bool:
    now = now or timezone.now()
    return user.locked_until is not None and user.locked_until > now


def login_record_failure(*, username: str, user: User | None) -> User | None:
    """Count a failed sign-in; lock the account when the failures reach the limit.
    The ``failed_logins`` counter only counts failures within the lockout window: once a
    lock has expired the count starts again."""
    actor = Actor.system("login")
    with transaction.atomic():
        locked_now = False
        if user is not None:
            user = User.objects.select_for_update().get(pk=user.pk)
            now = timezone.now()
            if user.locked_until is not None and user.locked_until <= now:
                user.failed_logins = 0
                user.locked_until = None
            user.failed_logins += 1
            if user.failed_logins >= settings.LOGIN_MAX_FAILURES and not is_locked(user, now=now):
                user.locked_until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
                locked_now = True
            user.save(update_fields=["failed_logins", "locked_until"])
        audit_record(
            actor=actor,
            action=actions.LOGIN_FAILED,
            obj=user,
            object_type=None if user else "accounts.user",
            org_id=user.organisation_id if user else None,
            extra={
                "username": username[:150],
                "failures": user.failed_logins if user else None,
                "locked": locked_now,
            },
        )
    return user


def login_record_success(*, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login = timezone.now()
        user.save(update_fields=["failed_logins", "locked_until", "last_login"])
        audit_record(
            actor=Actor.person(user), action=actions.LOGIN, obj=user, org_id=user.organisation_id
        )
    return user


def login_record_logout(*, user: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=Actor.person(user), action=actions.LOGOUT, obj=user, org_id=user.organisation_id
        )
