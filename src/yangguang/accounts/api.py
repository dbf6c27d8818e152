"""API: the caller's own account and API tokens."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from yangguang.accounts import services
from yangguang.accounts.models import ApiToken
from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.core.api_types import Id, Moment
from yangguang.core.errors import DomainError

router = Router(tags=["accounts"], auth=STAFF_AUTH)


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    role_label: str
    organisation: str | None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created: datetime
    expires: datetime
    last_used: datetime | None
    revoked: datetime | None


class TokenIn(Schema):
    name: str
    scope: str | None = Field(None, description="read | write")
    expires: Moment | None = Field(
        None, description="默认 90 天后, 最长 366 天 (default 90 days ahead, at most 366)"
    )
    password: str | None = Field(None, description="本人的登录密码 (your sign-in password)")


class PasswordIn(Schema):
    password: str | None = None


class TokenCreated(TokenOut):
    secret: str


@router.get("/me", response=MeOut)
def me(request):
    user = request_user(request)
    return MeOut(
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        role_label=user.get_role_display(),
        organisation=user.organisation.code if user.organisation_id else None,
    )


@router.get("/me/tokens", response=list[TokenOut])
def my_tokens(request):
    return list(ApiToken.objects.filter(user=request_user(request)).order_by("-created"))


_SESSION_ONLY = (
    "只能在登录后的会话中办理, 并再次输入本人密码; 接口令牌不能创建或吊销令牌。"
    " (Only from a signed-in session, with the password typed again; an API token cannot"
    " create or revoke tokens.)"
)


@router.post(
    "/me/tokens",
    response={201: TokenCreated, 400: ErrorOut, 403: ErrorOut},
    summary="Create an API token (signed-in session and password only)",
    description=_SESSION_ONLY,
)
def my_token_create(request, payload: TokenIn):
    expires = payload.expires
    if expires is not None and timezone.is_naive(expires):
        expires = timezone.make_aware(expires)
    token, secret = services.api_token_create(
        actor=request_actor(request),
        user=request_user(request),
        name=payload.name,
        scope=payload.scope or "",
        expires=expires,
        password=payload.password,
    )
    out = TokenCreated(**TokenOut.from_orm(token).dict(), secret=secret)
    return Status(201, out)


@router.delete(
    "/me/tokens/{token_id}",
    response={200: TokenOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Revoke one of your API tokens (signed-in session and password only)",
    description=_SESSION_ONLY,
)
def my_token_revoke(request, token_id: Id, payload: PasswordIn | None = None):
    token = get_object_or_404(ApiToken, pk=token_id, user=request_user(request))
    return services.api_token_revoke(
        actor=request_actor(request), token=token, password=payload.password if payload else None
    )


# --- accounts kept by administrators ------------------------------------------------------


class UserCreateIn(Schema):
    username: str
    full_name: str
    organisation: str | None = None
    role: str


class UserCreated(Schema):
    id: int
    username: str
    full_name: str
    organisation: str | None
    role: str
    must_change_password: bool
    one_time_password: str


@router.post(
    "/users",
    response={201: UserCreated, 400: ErrorOut, 403: ErrorOut},
    summary="Create a staff account with a one-time password",
    description="新账号得到一次性密码, 只在此应答中出现一次(只保存哈希); 本人首次登录后须修改。"
    " (The new account receives a one-time password, given in this answer only and stored"
    " only hashed; its holder must change it at the first sign-in.) `organisation`: the"
    " organisation's code (none only for a system administrator).",
)
def user_create(request, payload: UserCreateIn):
    from yangguang.orgs.models import Organisation

    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise DomainError(
                code="not_found",
                field="organisation",
                zh=f"找不到单位代码 {payload.organisation}",
                en=f"no organisation with code {payload.organisation}",
            )
    user, password = services.user_onboard(
        actor=request_actor(request),
        username=payload.username,
        full_name=payload.full_name,
        organisation=organisation,
        role=payload.role,
    )
    out = UserCreated(
        id=user.pk,
        username=user.username,
        full_name=user.full_name,
        organisation=organisation.code if organisation else None,
        role=user.role,
        must_change_password=user.must_change_password,
        one_time_password=password,
    )
    return Status(201, out)
