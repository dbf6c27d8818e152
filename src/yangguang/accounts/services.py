"""Writes to staff accounts and API tokens. Every function runs in one transaction and
leaves exactly one audit entry."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yangguang.accounts import actions, throttle
from yangguang.accounts.models import ApiToken, TokenScope, User, hash_token
from yangguang.accounts.roles import Role, role_names
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access, context
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean as _clean
from yangguang.orgs.models import LeadershipTerm, Organisation, OrgKind, PostHolding

USER_FIELDS = ("username", "full_name", "organisation", "role", "is_active")
#: one-time passwords: groups of four from letters and digits that are not mistaken for
#: one another (no 0/O, 1/l/I), 20 characters drawn by ``secrets``
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_GROUPS = 5
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
    _check_grant(user, organisation, role)


def _commission_over(organisation: Organisation) -> Organisation | None:
    """The commission ``organisation`` is, or belongs to (its nearest ancestor of that
    kind), if any."""
    ids = [int(pk) for pk in organisation.path.strip("/").split("/") if pk]
    return (
        Organisation.objects.filter(pk__in=ids, kind=OrgKind.COMMISSION).order_by("-path").first()
    )


def _check_grant(user: User, organisation: Organisation | None, role: str) -> None:
    """What an organisation administrator may not hand out even inside the subtree: the
    inspector's reach (a commission's jurisdiction, set by a system administrator) and
    the accounts of a commission, which only its own administrators (and system
    administrators) keep. So no account made or taken over below reaches above."""
    commission = _commission_over(organisation) if organisation is not None else None
    if role == Role.INSPECTOR and commission is None:
        raise PermissionDeniedError(
            zh="纪检监察人员的账号只能设在纪委监委",
            en="inspector accounts belong to a discipline-inspection commission",
        )
    own = getattr(user, "organisation", None)
    if commission is not None and not (own is not None and own.path.startswith(commission.path)):
        raise PermissionDeniedError(
            zh="纪委监委的账号由系统管理员或该委的单位管理员管理",
            en="a commission's accounts are kept by a system administrator or the "
            "commission's own administrators",
        )


def _require_manage_user(actor: Actor, target: User) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) == Role.SYSADMIN:
        return
    if target.role == Role.SYSADMIN:
        raise PermissionDeniedError()
    access.require(actor.user, "change", target)
    # a one-time password or a token for an account means acting as it: only for those
    # who could have made that account
    _check_grant(actor.user, target.organisation, target.role)


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


def _one_time_password() -> str:
    """A fresh random password for someone else to hand over (``abcd-EFGH-...``)."""
    groups = (
        "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(ONE_TIME_GROUPS)
    )
    return "-".join(groups)


def _create(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    organisation: Organisation | None,
    role: str,
    password: str | None,
    one_time: bool,
) -> User:
    _require_manage(actor, organisation, role)
    if role not in Role.values:
        raise DomainError(code="role_unknown", field="role", zh="未知角色", en="unknown role")
    username = (username or "").strip()
    full_name = (full_name or "").strip()
    with transaction.atomic():
        if username and User.objects.filter(username__iexact=username).exists():
            raise DomainError(
                code="username_taken",
                field="username",
                zh=f"用户名 {username} 已被使用",
                en=f"username {username} is already taken",
            )
        user = User(username=username, full_name=full_name, organisation=organisation, role=role)
        _clean(user, exclude=["password"])
        if password:
            _check_password(password, user)
            user.set_password(password)
            user.must_change_password = one_time
        else:
            user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action=actions.USER_CREATE,
            obj=user,
            org_id=_org_id(user),
            changes=diff(None, snapshot(user, USER_FIELDS)),
            extra={"one_time_password": True} if one_time else None,
        )
    return user


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
    is set (``user_password_reset`` issues a one-time one)."""
    return _create(
        actor=actor,
        username=username,
        full_name=full_name,
        organisation=organisation,
        role=role,
        password=password,
        one_time=False,
    )


def user_onboard(
    *,
    actor: Actor,
    username: str,
    full_name: str,
    organisation: Organisation | None,
    role: str,
) -> tuple[User, str]:
    """Create a staff account with a one-time password, returned here once (only its hash
    is stored): the new member of staff signs in with it and must choose a password of
    his or her own before anything else."""
    password = _one_time_password()
    user = _create(
        actor=actor,
        username=username,
        full_name=full_name,
        organisation=organisation,
        role=role,
        password=password,
        one_time=True,
    )
    return user, password


def _open_holdings(user: User):
    today = timezone.localdate()
    return (
        PostHolding.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("post", "post__organisation")
        .order_by("start", "pk")
    )


def _open_terms(user: User):
    today = timezone.localdate()
    return (
        LeadershipTerm.objects.filter(user=user)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("organisation")
        .order_by("start", "pk")
    )


def _still_holds(user: User, code: str, field: str | None, zh_what: str, en_what: str) -> None:
    """Refuse while ``user`` holds posts or leadership terms that have not ended."""
    held = [str(h.post) for h in _open_holdings(user)]
    held += [f"{t.organisation} · {t.title}" for t in _open_terms(user)]
    if held:
        names = "、".join(held)
        raise DomainError(
            code=code,
            field=field,
            zh=f"{user} 仍任 {names}，请先办理离岗或结束任期，再{zh_what}",
            en=f"{user.get_username()} still holds {'; '.join(held)}: release the posts and "
            f"end the terms first, then {en_what}",
        )


def _check_role_fits_posts(user: User, role: str) -> None:
    clash = [h.post for h in _open_holdings(user) if h.post.holder_role not in ("", role)]
    if clash:
        zh_role, en_role = role_names(role)
        names = "、".join(str(p) for p in clash)
        raise DomainError(
            code="role_mismatch_posts",
            field="role",
            zh=f"{user} 仍任 {names}，这些岗位不由{zh_role}担任；请先调整任职",
            en=f"{user.get_username()} still holds {'; '.join(str(p) for p in clash)}, "
            f"which a {en_role} may not hold: change the holdings first",
        )


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
    if isinstance(changes.get("full_name"), str):
        changes["full_name"] = changes["full_name"].strip()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(user, USER_FIELDS)
        new_org = changes.get("organisation", user.organisation)
        if (new_org.pk if new_org else None) != user.organisation_id:
            _still_holds(
                user, "user_moving_holds_posts", "organisation", "调往其他单位", "move the account"
            )
        if changes.get("role", user.role) != user.role:
            _check_role_fits_posts(user, changes["role"])
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
    """Set a new password: the holder of the account (which ends a one-time password),
    or whoever manages it (the holder must then change it at the next sign-in)."""
    is_self = actor.user is not None and actor.user.pk == user.pk
    if not is_self:
        _require_manage_user(actor, user)
    _check_password(password, user)
    if is_self and user.check_password(password):
        raise DomainError(
            code="password_unchanged",
            field="password",
            zh="新密码不能与原密码相同",
            en="the new password must differ from the old one",
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _store_password(user, password, must_change=not is_self and actor.kind != "system")
        audit_record(actor=actor, action=actions.USER_SET_PASSWORD, obj=user, org_id=_org_id(user))
    return user


def _store_password(user: User, password: str, *, must_change: bool) -> None:
    user.set_password(password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])


def user_password_reset(*, actor: Actor, user: User) -> tuple[User, str]:
    """A new one-time password for someone else's account (forgotten, or never set),
    returned once and stored only hashed (and checked by the validators like every
    password); its holder must choose a new password at the next sign-in."""
    if actor.user is not None and actor.user.pk == user.pk:
        raise DomainError(
            code="reset_self",
            zh="不能重置自己的密码，请使用“修改密码”",
            en="you cannot reset your own password: change it instead",
        )
    _require_manage_user(actor, user)
    if not user.is_active:
        raise DomainError(
            code="user_inactive", field="user", zh="账号已停用", en="the account is deactivated"
        )
    password = _one_time_password()
    _check_password(password, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        _store_password(user, password, must_change=True)
        audit_record(
            actor=actor,
            action=actions.USER_SET_PASSWORD,
            obj=user,
            org_id=_org_id(user),
            extra={"one_time_password": True},
        )
    return user, password


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
        if not user.is_active:
            raise DomainError(
                code="user_inactive", zh="账号已停用", en="the account is already deactivated"
            )
        _still_holds(user, "deactivate_holds_posts", None, "停用账号", "deactivate the account")
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


def _reauthenticate(actor: Actor, password: str | None) -> None:
    """Tokens are handed out and taken back by a person signed in with a session, who
    types the password again; never with a token (which could otherwise make more of
    itself, or outlive its revocation)."""
    if actor.kind == "system":
        return
    if actor.kind == "api":
        raise PermissionDeniedError(
            zh="接口令牌不能创建或吊销令牌，请登录后输入密码办理",
            en="an API token cannot create or revoke tokens: sign in and confirm with "
            "your password",
        )
    if not throttle.check_password(actor.user, password, context.current().client_ip):
        raise DomainError(
            code="password_wrong",
            field="password",
            zh="密码不正确，请重新输入本人的登录密码",
            en="wrong password: type your own sign-in password again",
        )


def _token_expiry(expires):
    now = timezone.now()
    if expires is None:
        return now + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    if expires <= now:
        raise DomainError(
            code="expiry_past", field="expires", zh="有效期须在今后", en="the expiry must lie ahead"
        )
    if expires > now + timedelta(days=settings.API_TOKEN_MAX_DAYS):
        days = settings.API_TOKEN_MAX_DAYS
        raise DomainError(
            code="expiry_too_far",
            field="expires",
            zh=f"令牌有效期最长 {days} 天",
            en=f"a token lives at most {days} days",
        )
    return expires


def api_token_create(
    *,
    actor: Actor,
    user: User,
    name: str,
    scope: str = TokenScope.WRITE,
    expires=None,
    password: str | None = None,
) -> tuple[ApiToken, str]:
    """A new API token acting for ``user`` within ``scope`` (read or write) until
    ``expires`` (default ``API_TOKEN_DEFAULT_DAYS`` ahead, at most ``API_TOKEN_MAX_DAYS``);
    returns it with the raw secret, shown once. A person confirms with his or her own
    ``password``; a token cannot make tokens."""
    _reauthenticate(actor, password)
    if not (actor.user is not None and actor.user.pk == user.pk):
        _require_manage_user(actor, user)
    name = (name or "").strip()
    if not name:
        raise DomainError(code="required", field="name", zh="请填写名称", en="a name is required")
    if scope not in TokenScope.values:
        raise DomainError(
            code="scope_unknown", field="scope", zh="权限范围只能是只读或读写",
            en="the scope is read or write",
        )  # fmt: skip
    expires = _token_expiry(expires)
    if not user.is_active:
        raise DomainError(
            code="user_inactive", field="user", zh="账号已停用", en="the account is deactivated"
        )
    raw = "yg_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            name=name,
            user=user,
            prefix=raw[3 : 3 + TOKEN_PREFIX_LEN],
            key_hash=hash_token(raw),
            scope=scope,
            expires=expires,
        )
        _clean(token)
        token.save()
        audit_record(
            actor=actor,
            action=actions.TOKEN_CREATE,
            obj=token,
            org_id=_org_id(user),
            changes=diff(
                None,
                {
                    "name": name,
                    "user": user.pk,
                    "prefix": token.prefix,
                    "scope": scope,
                    "expires": expires,
                },
            ),
        )
    return token, raw


def api_token_revoke(*, actor: Actor, token: ApiToken, password: str | None = None) -> ApiToken:
    """Revoke a token from a signed-in session (the password typed again). A token never
    revokes a token, itself included."""
    if actor.kind == "api" and actor.token is not None and actor.token.pk == token.pk:
        raise PermissionDeniedError(
            zh="令牌不能吊销它自己，请登录后输入密码办理",
            en="a token cannot revoke itself: sign in and confirm with your password",
        )
    _reauthenticate(actor, password)
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
# Failed sign-ins are counted by the throttle (accounts.throttle), not audited one by one;
# this summary writes them to the trail once an hour.

SUMMARY_TOP = 50  # accounts and addresses named in a summary, the most failures first


def login_failures_summarise(*, actor: Actor, now=None) -> list:
    """One audit entry per past hour with failed sign-ins: how many, how many were refused
    by a wait, the accounts (the most tried first) and the addresses they came from, and
    how many usernames that exist nowhere were tried (not which: a mistyped password may
    be among them). The counts summarised are dropped, as are throttle counts that no
    longer matter. Run hourly by the scheduler (``accounts.tasks``)."""
    from yangguang.accounts.models import LoginFailureTally

    now = now or timezone.now()
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    entries = []
    with transaction.atomic():
        rows = list(
            LoginFailureTally.objects.select_for_update(of=("self",))
            .filter(period__lt=this_hour)
            .select_related("user")
            .order_by("period", "-failures", "key")
        )
        by_period: dict = {}
        for row in rows:
            by_period.setdefault(row.period, []).append(row)
        for period, tallies in sorted(by_period.items()):
            entries.append(
                audit_record(
                    actor=actor,
                    action=actions.LOGIN_FAILURES,
                    object_type="accounts.user",
                    extra=_failure_summary(period, tallies),
                )
            )
        LoginFailureTally.objects.filter(pk__in=[r.pk for r in rows]).delete()
        throttle.forget_old(now=now)
    return entries


def _failure_summary(period, tallies) -> dict:
    accounts = [t for t in tallies if t.kind == "account"]
    unknown = [t for t in tallies if t.kind == "unknown"]
    addresses = [t for t in tallies if t.kind == "address"]

    def total(rows, field):
        return sum(getattr(r, field) for r in rows)

    def top(rows, label):
        rows = sorted(rows, key=lambda r: (-(r.failures + r.throttled), r.key))[:SUMMARY_TOP]
        return [{**label(r), "failures": r.failures, "throttled": r.throttled} for r in rows]

    return {
        "from": period.isoformat(),
        "to": (period + timedelta(hours=1)).isoformat(),
        "failures": total(addresses, "failures"),
        "throttled": total(addresses, "throttled"),
        "accounts": top(accounts, lambda r: {"user": r.user_id, "username": r.user.username}),
        "unknown_usernames": {
            "distinct": len(unknown),
            "failures": total(unknown, "failures"),
            "throttled": total(unknown, "throttled"),
        },
        "addresses": top(addresses, lambda r: {"address": r.key}),
        "distinct_addresses": len(addresses),
    }


def login_record_success(*, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
        audit_record(
            actor=Actor.person(user), action=actions.LOGIN, obj=user, org_id=user.organisation_id
        )
    return user


def login_record_logout(*, user: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=Actor.person(user), action=actions.LOGOUT, obj=user, org_id=user.organisation_id
        )
