"""Shared helpers of the flows services (private)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Max

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.flows import rules
from yangguang.flows.models import Node, ProcessModel, ProcessStatus
from yangguang.orgs.models import Organisation, Post
from yangguang.powers.models import PowerItem

#: time units of a power's limits, in working days
UNIT_FACTOR = {"working_days": 1.0, "calendar_days": 5 / 7, "months": 21.0}
NODE_FIELDS = (
    "key",
    "kind",
    "name",
    "post",
    "lane",
    "limit_days",
    "limit_unit",
    "pauses_clock",
    "visibility",
    "materials",
    "outputs",
)
STEP_UPDATABLE = frozenset(NODE_FIELDS) - {"key", "kind"}
PREFIX = {
    "start": "StartEvent",
    "end": "EndEvent",
    "task": "Task",
    "xor": "Gateway",
    "and": "Gateway",
}


def _org(process: ProcessModel) -> Organisation:
    return process.power.power_list.organisation


def _locked(process: ProcessModel) -> ProcessModel:
    return (
        ProcessModel.objects.select_for_update()
        .select_related("power__power_list__organisation")
        .get(pk=process.pk)
    )


def _locked_draft(process: ProcessModel, actor: Actor) -> ProcessModel:
    process = _locked(process)
    rules.require_editor(actor, _org(process))
    _require_draft(process)
    return process


def _require_draft(process: ProcessModel) -> None:
    if process.status != ProcessStatus.DRAFT:
        raise DomainError(
            code="process_published",
            field="status",
            zh=f"流程图第{process.version}版已发布, 不能修改; 请新建版本",
            en=f"version {process.version} is published and cannot change: start a new version",
        )


def _next_key(process: ProcessModel, kind: str) -> str:
    prefix = "Flow" if kind == "flow" else PREFIX[kind]
    model = process.flows if kind == "flow" else process.nodes
    taken = set(model.values_list("key", flat=True))
    n = len(taken) + 1
    while f"{prefix}_{n}" in taken:
        n += 1
    return f"{prefix}_{n}"


def _next_order(process: ProcessModel) -> int:
    return (process.nodes.aggregate(m=Max("sort_order"))["m"] or 0) + 1


def _power_limits(power: PowerItem) -> tuple[int | None, int | None]:
    """The power's statutory and promised limits in working days (None when unset)."""
    out: list[int | None] = []
    for limit, unit in (
        (power.statutory_limit, power.statutory_unit),
        (power.promised_limit, power.promised_unit),
    ):
        out.append(int(limit * UNIT_FACTOR[unit]) if limit and unit in UNIT_FACTOR else None)
    return out[0], out[1]


def _post(process: ProcessModel, post: Post | None) -> Post | None:
    if post is not None and post.organisation_id != _org(process).pk:
        raise DomainError(
            code="post_other_org",
            field="post",
            zh=f"岗位“{post.name}”不属于本单位",
            en=f"post {post.name} belongs to another organisation",
        )
    return post


def _check_step_fields(fields: dict[str, Any], label: str) -> None:
    limit = fields.get("limit_days")
    if limit is not None and int(limit) <= 0:
        raise DomainError(
            code="limit_not_positive",
            field="limit_days",
            zh=f"环节“{label}”的时限须为正数(现为 {limit})",
            en=f"the time limit of step {label} must be positive (it is {limit})",
        )
    if "name" in fields and not (fields["name"] or "").strip():
        raise DomainError(code="required", field="name", zh="请填写环节名称", en="name required")
    if fields.get("visibility", "external") not in ("external", "internal"):
        raise DomainError(
            code="visibility", field="visibility", zh="公开范围无效", en="bad visibility"
        )
    if fields.get("limit_unit", "working") not in ("working", "calendar"):
        raise DomainError(code="limit_unit", field="limit_unit", zh="时限单位无效", en="bad unit")


def _task(process: ProcessModel, *, key: str | None = None, **fields: Any) -> Node:
    _check_step_fields(fields, fields.get("name", ""))
    post = _post(process, fields.pop("post", None))
    lane = (fields.pop("lane", "") or "").strip()
    return Node.objects.create(
        process=process,
        key=key or _next_key(process, "task"),
        kind="task",
        post=post,
        lane=post.name if post else lane,
        sort_order=_next_order(process),
        **fields,
    )


def _gateway(process: ProcessModel, kind: str, name: str = "") -> Node:
    return Node.objects.create(
        process=process,
        key=_next_key(process, kind),
        kind=kind,
        name=name,
        sort_order=_next_order(process),
    )


def _max_bytes(name: str, default: int) -> int:
    return int(getattr(settings, name, default))
