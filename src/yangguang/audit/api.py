"""``/api/v1/audit/``: checkpoints and proofs (public), entries (restricted)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from ninja import Field, Query, Router, Schema, Status

from yangguang.audit import selectors
from yangguang.audit.selectors import NotFoundError
from yangguang.core.api_types import INT64_MAX, Count, Id, Moment

router = Router(tags=["audit"])


class ErrorOut(Schema):
    code: str
    field: str | None = None
    message_zh: str
    message_en: str
    message: str


class CheckpointOut(Schema):
    origin: str
    tree_size: int
    root_hash: str
    time: str
    key_id: str
    signature: str
    note: str


class InclusionOut(Schema):
    seq: int
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


class EntryOut(Schema):
    seq: int
    time: dt.datetime
    actor_kind: str
    actor_id: str
    actor_name: str
    org_id: int | None
    action: str
    object_type: str
    object_id: str
    request_id: str
    payload: str
    hash: str


class EntryFilter(Schema):
    object_type: str | None = None
    object_id: str | None = None
    actor_id: str | None = None
    actor_name: str | None = None
    org_id: Id | None = None
    action: str | None = None
    since: Moment | None = None
    until: Moment | None = None
    organisation: str | None = Field(None, description="organisation name or code")
    person: str | None = Field(None, description="person's full name or username")
    object_name: str | None = Field(None, description="object's name, number or code")
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=INT64_MAX - 1000)


def _user(request):
    user = getattr(request, "auth", None)
    if user is None or not hasattr(user, "is_authenticated"):
        user = getattr(request, "user", None) or AnonymousUser()
    return user


@router.get("/checkpoints", response=list[CheckpointOut], summary="Signed checkpoints")
def checkpoints(request):
    return [selectors.checkpoint_json(cp) for cp in selectors.checkpoints_list()]


@router.get(
    "/entries/{seq}/proof",
    response={200: InclusionOut, 404: ErrorOut},
    summary="Inclusion proof of an entry in a checkpoint (RFC 9162 §2.1.3)",
)
def entry_proof(request, seq: Count, checkpoint: Count):
    try:
        return selectors.inclusion_proof(seq=seq, checkpoint_size=checkpoint)
    except NotFoundError as exc:
        return Status(404, exc.as_dict())


@router.get(
    "/consistency",
    response={200: ConsistencyOut, 404: ErrorOut},
    summary="Consistency proof between two checkpoints (RFC 9162 §2.1.4)",
)
def consistency(
    request,
    first: Count = Query(..., alias="from"),  # noqa: B008
    second: Count = Query(..., alias="to"),  # noqa: B008
):
    try:
        return selectors.consistency_proof(first=first, second=second)
    except NotFoundError as exc:
        return Status(404, exc.as_dict())


@router.get("/entries", response=list[EntryOut], summary="Search the trail (restricted)")
def entries(request, filters: Query[EntryFilter]):
    data = filters.dict()
    limit, offset = data.pop("limit"), data.pop("offset")
    qs = selectors.entries_search(user=_user(request), **data)
    return list(qs[offset : offset + limit])
