"""API: organisations, their posts and who holds them."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from yangguang.api import STAFF_AUTH, ErrorOut, request_actor, request_user
from yangguang.core import access
from yangguang.core.api_types import Id, Position, in_range
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.orgs.models import Organisation, Post, PostHolding, Region

router = Router(tags=["orgs"])


class OrgPublicOut(Schema):
    """What anybody may know about an organisation."""

    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    region: str
    region_name: str
    parent: str | None


class OrgOut(OrgPublicOut):
    """An organisation as seen by staff whose scope covers it."""

    id: int
    path: str
    credit_code: str | None
    jurisdiction: str | None
    sort_order: int


class PostOut(Schema):
    id: int
    code: str
    name: str
    risk_grade: str
    rotation_months: int | None
    duties: str


class OrgCreateIn(Schema):
    code: str
    name: str
    kind: str
    region: str
    parent: str | None = None
    short_name: str = ""
    credit_code: str | None = None
    jurisdiction: str | None = None
    sort_order: Position = 0


class OrgPatchIn(Schema):
    name: str | None = None
    short_name: str | None = None
    kind: str | None = None
    region: str | None = None
    parent: str | None = None
    credit_code: str | None = None
    jurisdiction: str | None = None
    sort_order: Position | None = None


#: fields a change may not set to null (the others: none, i.e. cleared)
_NOT_NULL = ("name", "short_name", "kind", "region", "sort_order")


def _public(org: Organisation) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "region": org.region.code,
        "region_name": org.region.name,
        "parent": org.parent.code if org.parent_id else None,
    }


def _out(org: Organisation, user) -> OrgPublicOut | OrgOut:
    if access.can_in_org(user, "view", org):
        return OrgOut(
            **_public(org),
            id=org.pk,
            path=org.path,
            credit_code=org.credit_code,
            jurisdiction=org.jurisdiction.code if org.jurisdiction_id else None,
            sort_order=org.sort_order,
        )
    return OrgPublicOut(**_public(org))


def _orgs(user):
    return access.restrict(
        Organisation.objects.select_related("region", "parent", "jurisdiction"), user
    )


def _get_org(user, code: str, action: access.Action = "view") -> Organisation:
    org = _orgs(user).filter(code=code).first()
    if org is None:
        raise Http404
    if action != "view":
        access.require(user, action, org)
    return org


def _lookup(model, field: str, code: str | None):
    if code is None:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise DomainError(
            code="not_found", field=field, zh="找不到该代码", en=f"no such code: {code}"
        )
    return found


@router.get("/", response=list[OrgOut | OrgPublicOut])
def org_list(request):
    user = request_user(request)
    return [_out(org, user) for org in _orgs(user)]


@router.get("/{code}", response=OrgOut | OrgPublicOut)
def org_detail(request, code: str):
    user = request_user(request)
    return _out(_get_org(user, code), user)


@router.get("/{code}/posts", response=list[PostOut])
def org_posts(request, code: str):
    user = request_user(request)
    org = _get_org(user, code)
    if not access.can_in_org(user, "view", org):
        raise PermissionDeniedError()
    return list(access.restrict(Post.objects.filter(organisation=org), user))


@router.post("/", response={201: OrgOut})
def org_create(request, payload: OrgCreateIn):
    from yangguang.orgs import services

    actor = request_actor(request)
    data = payload.dict()
    org = services.organisation_create(
        actor=actor,
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        region=_lookup(Region, "region", data["region"]),
        parent=_lookup(Organisation, "parent", data["parent"]),
        short_name=data["short_name"],
        credit_code=data["credit_code"] or None,
        jurisdiction=_lookup(Organisation, "jurisdiction", data["jurisdiction"]),
        sort_order=data["sort_order"],
    )
    return Status(201, _out(_orgs(request_user(request)).get(pk=org.pk), request_user(request)))


@router.patch("/{code}", response=OrgOut)
def org_update(request, code: str, payload: OrgPatchIn):
    from yangguang.orgs import services

    user = request_user(request)
    org = _get_org(user, code, "change")
    changes = payload.dict(exclude_unset=True)
    for field in _NOT_NULL:
        if field in changes and changes[field] is None:
            raise DomainError(
                code="null",
                field=field,
                zh=f"{field} 不能为 null (不改就不要给出)",
                en=f"{field} cannot be null (leave it out to keep it)",
            )
    for field, model in (
        ("region", Region),
        ("parent", Organisation),
        ("jurisdiction", Organisation),
    ):
        if field in changes:
            changes[field] = _lookup(model, field, changes[field])
    org = services.organisation_update(actor=request_actor(request), organisation=org, **changes)
    return _out(_orgs(user).get(pk=org.pk), user)


# --- who holds a post ---------------------------------------------------------------------

holdings_router = Router(tags=["posts"], auth=STAFF_AUTH)


class HoldingIn(Schema):
    username: str
    start: str  # YYYY-MM-DD, parsed here so that a bad day is a bilingual 400


class ReleaseIn(Schema):
    end: str  # YYYY-MM-DD


def _day(value: str, field: str) -> datetime.date:
    try:
        day = datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        day = None
    if day is None or not in_range(day):
        raise DomainError(
            code="invalid_date",
            field=field,
            zh=f"日期 {value!r} 无效，应为 YYYY-MM-DD (1900 至 2200 年)",
            en=f"invalid date {value!r}: use YYYY-MM-DD (1900 to 2200)",
        )
    return day


class HoldingOut(Schema):
    id: int
    post: int
    post_name: str
    organisation: str
    username: str
    start: datetime.date
    end: datetime.date | None


def _holding_out(holding: PostHolding) -> HoldingOut:
    return HoldingOut(
        id=holding.pk,
        post=holding.post_id,
        post_name=holding.post.name,
        organisation=holding.post.organisation.code,
        username=holding.user.username,
        start=holding.start,
        end=holding.end,
    )


@holdings_router.post(
    "/posts/{post_id}/holdings",
    response={201: HoldingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Give a post to a person from a day on",
    description="任岗: 此人须属于岗位所在单位, 有岗位要求的角色, 任职期间不重叠。"
    " (The person must belong to the post's organisation and have the role the post"
    " needs; holdings of the same post may not overlap.)",
)
def holding_create(request, post_id: Id, payload: HoldingIn):
    from yangguang.accounts.models import User
    from yangguang.orgs import services

    post = get_object_or_404(Post.objects.select_related("organisation"), pk=post_id)
    actor = request_actor(request)
    access.require_in_org(actor.user, "change", post.organisation)  # 403 before any lookup
    user = User.objects.filter(username=payload.username).first()
    if user is None:
        raise DomainError(
            code="not_found",
            field="username",
            zh=f"找不到用户 {payload.username}",
            en=f"no account named {payload.username}",
        )
    start = _day(payload.start, "start")
    holding = services.post_assign(actor=actor, post=post, user=user, start=start)
    return Status(201, _holding_out(holding))


@holdings_router.post(
    "/holdings/{holding_id}/release",
    response={200: HoldingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="End a holding on its last day",
    description="离岗: `end` 为在岗最后一天。 (`end`: the last day in the post.)",
)
def holding_release(request, holding_id: Id, payload: ReleaseIn):
    from yangguang.orgs import services

    holding = get_object_or_404(
        PostHolding.objects.select_related("post__organisation", "user"), pk=holding_id
    )
    end = _day(payload.end, "end")
    holding = services.post_release(actor=request_actor(request), holding=holding, end=end)
    return _holding_out(holding)
