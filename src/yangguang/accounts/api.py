"""API: the caller's own account and API tokens."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from yangguang.accounts import services
from yangguang.accounts.models import ApiToken
from yangguang.api import STAFF_AUTH, request_actor, request_user

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
    created: datetime
    last_used: datetime | None
    revoked: datetime | None


class TokenIn(Schema):
    name: str


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


@router.post("/me/tokens", response={201: TokenCreated})
def my_token_create(request, payload: TokenIn):
    token, secret = services.api_token_create(
        actor=request_actor(request), user=request_user(request), name=payload.name
    )
    out = TokenCreated(**TokenOut.from_orm(token).dict(), secret=secret)
    return Status(201, out)


@router.delete("/me/tokens/{token_id}", response=TokenOut)
def my_token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request_user(request))
    return services.api_token_revoke(actor=request_actor(request), token=token)
