"""Editing the graph without BPMN: insert steps on a connection, choice/parallel
branches, return loops (补正); edit, move and delete steps; conditions; separation of
duties. Every change is to a draft."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.flows import actions
from yangguang.flows.compiled import from_db
from yangguang.flows.models import Flow, Node, ProcessModel, SodGroup
from yangguang.flows.services._base import (
    NODE_FIELDS,
    STEP_UPDATABLE,
    _check_step_fields,
    _gateway,
    _locked_draft,
    _next_key,
    _org,
    _post,
    _task,
)
from yangguang.flows.validation import _ipdom, dag, postdominator_tree

FLOW_FIELDS = ("key", "source", "target", "name", "condition", "is_default")


def _record(actor: Actor, action, process: ProcessModel, obj, changes, **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        org_id=_org(process).pk,
        changes=changes,
        extra={"process": process.pk, "version": process.version, **extra},
    )


def _flow(process: ProcessModel, source: Node, target: Node, **fields: Any) -> Flow:
    return Flow.objects.create(
        process=process, key=_next_key(process, "flow"), source=source, target=target, **fields
    )


def step_insert(
    *,
    actor: Actor,
    flow: Flow,
    name: str,
    post=None,
    lane: str = "",
    limit_days: int | None = None,
    limit_unit: str = "working",
    pauses_clock: bool = False,
    visibility: str = "external",
    materials: str = "",
    outputs: str = "",
) -> Node:
    """A new step on the connection ``flow`` (source → new step → target)."""
    with transaction.atomic():
        process = _locked_draft(flow.process, actor)
        flow = Flow.objects.select_related("target").get(pk=flow.pk, process=process)
        node = _task(
            process,
            name=name.strip(),
            post=post,
            lane=lane,
            limit_days=limit_days,
            limit_unit=limit_unit,
            pauses_clock=pauses_clock,
            visibility=visibility,
            materials=materials,
            outputs=outputs,
        )
        target = flow.target
        flow.target = node
        flow.save(update_fields=["target"])
        _flow(process, node, target)
        _record(actor, actions.STEP_INSERT, process, node, diff(None, snapshot(node, NODE_FIELDS)))
    return node


def branch_insert(
    *,
    actor: Actor,
    flow: Flow,
    kind: str,
    branches: list[dict[str, Any]],
    name: str = "",
    skip_condition: str = "",
) -> tuple[Node, Node]:
    """Branches on the connection ``flow``: ``kind`` "choice" (one of them, each with a
    ``condition``; ``skip_condition`` adds an empty branch that goes straight on) or
    "parallel" (all of them at once). Each branch is one step (``name``, ``post``,
    ``limit_days``, … as in ``step_insert``). Returns the split and the join."""
    if kind not in ("choice", "parallel"):
        raise DomainError(code="branch_kind", field="kind", zh="分支类型无效", en="bad kind")
    if len(branches) + (1 if skip_condition else 0) < 2:
        raise DomainError(
            code="branches_too_few",
            field="branches",
            zh="至少要有两个分支",
            en="two branches or more",
        )
    gw = "xor" if kind == "choice" else "and"
    with transaction.atomic():
        process = _locked_draft(flow.process, actor)
        flow = Flow.objects.select_related("target").get(pk=flow.pk, process=process)
        split = _gateway(process, gw, name)
        join = _gateway(process, gw)
        target = flow.target
        flow.target = split
        flow.save(update_fields=["target"])
        for spec in branches:
            spec = dict(spec)
            condition = (spec.pop("condition", "") or "").strip()
            if gw == "xor" and not condition:
                raise DomainError(
                    code="condition_required",
                    field="condition",
                    zh=f"选择分支“{spec.get('name', '')}”须写明条件",
                    en=f"choice branch {spec.get('name', '')} needs a condition",
                )
            task = _task(process, **spec)
            _flow(process, split, task, condition=condition if gw == "xor" else "")
            _flow(process, task, join)
        if skip_condition and gw == "xor":
            _flow(process, split, join, condition=skip_condition.strip())
        _flow(process, join, target)
        _record(
            actor,
            actions.BRANCH_INSERT,
            process,
            split,
            diff(None, snapshot(split, NODE_FIELDS)),
            kind=kind,
            branches=[b.get("name", "") for b in branches],
        )
    return split, join


def _join_of(process: ProcessModel, split: Node) -> Node:
    compiled = from_db(process, with_risks=False)
    start = compiled.starts[0]
    succ = dag(compiled, start)
    pdom = postdominator_tree(succ)
    key = _ipdom(split.key, pdom)
    join = process.nodes.filter(key=key, kind=split.kind).first()
    if join is None:
        raise DomainError(
            code="no_join",
            field="gateway",
            zh=f"网关“{split.name or split.key}”的分支没有汇合点",
            en=f"the branches of gateway {split.key} have no join",
        )
    return join


def branch_add(*, actor: Actor, gateway: Node, name: str, condition: str = "", **step: Any) -> Node:
    """One more branch (one step) on a choice or parallel split, up to its join."""
    with transaction.atomic():
        process = _locked_draft(gateway.process, actor)
        gateway = Node.objects.get(pk=gateway.pk, process=process)
        if gateway.kind not in ("xor", "and") or gateway.outgoing.count() < 2:
            raise DomainError(
                code="not_a_split",
                field="gateway",
                zh=f"“{gateway.name or gateway.key}”不是分支网关",
                en=f"{gateway.key} is not a splitting gateway",
            )
        if gateway.kind == "xor" and not condition.strip():
            raise DomainError(
                code="condition_required",
                field="condition",
                zh="请写明分支条件",
                en="condition required",
            )
        join = _join_of(process, gateway)
        task = _task(process, name=name.strip(), **step)
        _flow(process, gateway, task, condition=condition.strip() if gateway.kind == "xor" else "")
        _flow(process, task, join)
        _record(actor, actions.BRANCH_ADD, process, task, diff(None, snapshot(task, NODE_FIELDS)))
    return task


def loop_insert(
    *,
    actor: Actor,
    flow: Flow,
    back_to: Node,
    name: str,
    condition: str,
    exit_condition: str,
    gateway_name: str = "",
    pauses_clock: bool = True,
    **step: Any,
) -> Node:
    """A return loop on ``flow``: a choice (``gateway_name``, e.g. 材料是否齐全) whose
    ``exit_condition`` branch goes on and whose ``condition`` branch runs the step
    ``name`` (e.g. 补正, pausing the clock) and goes back to the earlier ``back_to``."""
    if not condition.strip() or not exit_condition.strip():
        raise DomainError(
            code="condition_required",
            field="condition",
            zh="请写明两个条件",
            en="both conditions required",
        )
    with transaction.atomic():
        process = _locked_draft(flow.process, actor)
        flow = Flow.objects.select_related("source", "target").get(pk=flow.pk, process=process)
        back_to = Node.objects.get(pk=back_to.pk, process=process)
        compiled = from_db(process, with_risks=False)
        upstream, stack = set(), [flow.source.key]
        while stack:
            k = stack.pop()
            if k not in upstream:
                upstream.add(k)
                stack.extend(compiled.predecessors[k])
        if back_to.key not in upstream or back_to.kind != "task":
            raise DomainError(
                code="loop_target",
                field="back_to",
                zh=f"退回目标“{back_to.name or back_to.key}”须是此前的环节",
                en=f"the loop must go back to an earlier step, not {back_to.key}",
            )
        gateway = _gateway(process, "xor", gateway_name)
        target = flow.target
        flow.target = gateway
        flow.save(update_fields=["target"])
        task = _task(process, name=name.strip(), pauses_clock=pauses_clock, **step)
        _flow(process, gateway, target, condition=exit_condition.strip())
        _flow(process, gateway, task, condition=condition.strip())
        _flow(process, task, back_to)
        _record(actor, actions.LOOP_INSERT, process, task, diff(None, snapshot(task, NODE_FIELDS)))
    return task


def step_update(*, actor: Actor, node: Node, **changes: Any) -> Node:
    """Change a step's name, post, limit, unit, visibility, pause flag, materials or
    outputs (and a gateway's or event's name)."""
    unknown = set(changes) - STEP_UPDATABLE
    if unknown:
        raise DomainError(
            code="unknown_field",
            field=sorted(unknown)[0],
            zh=f"不能修改字段 {', '.join(sorted(unknown))}",
            en=f"cannot change {', '.join(sorted(unknown))}",
        )
    with transaction.atomic():
        process = _locked_draft(node.process, actor)
        node = Node.objects.get(pk=node.pk, process=process)
        if node.kind != "task" and set(changes) - {"name"}:
            raise DomainError(
                code="not_a_task",
                field="kind",
                zh="只有环节有岗位和时限",
                en="only tasks have posts and limits",
            )
        before = snapshot(node, NODE_FIELDS)
        _check_step_fields(changes, node.name)
        if "post" in changes:
            node.post = _post(process, changes.pop("post"))
            if node.post is not None:
                node.lane = node.post.name
        for field, value in changes.items():
            setattr(node, field, value.strip() if isinstance(value, str) else value)
        if node.post_id is None and "lane" not in changes and "post" in before and before["post"]:
            node.lane = ""
        node.save()
        _record(
            actor, actions.STEP_UPDATE, process, node, diff(before, snapshot(node, NODE_FIELDS))
        )
    return node


def step_delete(*, actor: Actor, node: Node) -> None:
    """Remove a step that has one connection in and one out; they are joined up."""
    with transaction.atomic():
        process = _locked_draft(node.process, actor)
        node = Node.objects.get(pk=node.pk, process=process)
        ins, outs = list(node.incoming.all()), list(node.outgoing.all())
        if node.kind != "task" or len(ins) != 1 or len(outs) != 1:
            raise DomainError(
                code="cannot_delete",
                field="node",
                zh=f"只能删除前后各有一条连线的环节(“{node.name or node.key}”不是)",
                en=f"only a task with one connection in and one out can be deleted ({node.key})",
            )
        before = snapshot(node, NODE_FIELDS)
        pk = node.pk
        incoming, outgoing = ins[0], outs[0]
        incoming.target_id = outgoing.target_id
        outgoing.delete()
        incoming.save(update_fields=["target"])
        node.delete()
        audit_record(
            actor=actor,
            action=actions.STEP_DELETE,
            object_type="flows.node",
            object_id=pk,
            org_id=_org(process).pk,
            changes=diff(before, None),
            extra={"process": process.pk},
        )


def _chain(node: Node) -> tuple[Flow, Flow] | None:
    ins, outs = list(node.incoming.all()), list(node.outgoing.all())
    if node.kind != "task" or len(ins) != 1 or len(outs) != 1:
        return None
    return ins[0], outs[0]


def step_move(*, actor: Actor, node: Node, direction: str) -> Node:
    """Swap a step with the step before (``up``) or after (``down``) it in a chain."""
    if direction not in ("up", "down"):
        raise DomainError(code="direction", field="direction", zh="方向无效", en="up or down")
    with transaction.atomic():
        process = _locked_draft(node.process, actor)
        node = Node.objects.get(pk=node.pk, process=process)
        here = _chain(node)
        other = None
        if here is not None:
            other = here[0].source if direction == "up" else here[1].target
        there = _chain(other) if other is not None else None
        if here is None or there is None:
            raise DomainError(
                code="cannot_move",
                field="direction",
                zh=f"“{node.name}”不能再{'上' if direction == 'up' else '下'}移",
                en=f"{node.key} cannot move {direction}",
            )
        first, second = (other, node) if direction == "up" else (node, other)
        a_in, middle = _chain(first)
        _, b_out = _chain(second)
        # a → first → second → b  becomes  a → second → first → b
        a_in.target = second
        a_in.save(update_fields=["target"])
        middle.source, middle.target = second, first
        middle.save(update_fields=["source", "target"])
        b_out.source = first
        b_out.save(update_fields=["source"])
        _record(
            actor,
            actions.STEP_MOVE,
            process,
            node,
            {},
            direction=direction,
            swapped_with=other.key,
        )
    return node


def flow_update(
    *,
    actor: Actor,
    flow: Flow,
    condition: str | None = None,
    name: str | None = None,
    is_default: bool | None = None,
) -> Flow:
    """Set a connection's condition, label or default flag."""
    with transaction.atomic():
        process = _locked_draft(flow.process, actor)
        flow = Flow.objects.get(pk=flow.pk, process=process)
        before = snapshot(flow, FLOW_FIELDS)
        if condition is not None:
            flow.condition = condition.strip()[:200]
        if name is not None:
            flow.name = name.strip()[:100]
        if is_default is not None:
            if is_default:
                Flow.objects.filter(source_id=flow.source_id).update(is_default=False)
            flow.is_default = is_default
        flow.save()
        _record(
            actor, actions.FLOW_UPDATE, process, flow, diff(before, snapshot(flow, FLOW_FIELDS))
        )
    return flow


def sod_set(*, actor: Actor, process: ProcessModel, tasks: list[Node], name: str = "") -> SodGroup:
    """A separation-of-duty group: the ``tasks`` must be done by different people."""
    with transaction.atomic():
        process = _locked_draft(process, actor)
        ids = {t.pk for t in tasks}
        found = list(process.nodes.filter(pk__in=ids, kind="task"))
        if len(found) != len(ids) or len(ids) < 2:
            raise DomainError(
                code="sod_tasks",
                field="tasks",
                zh="职责分离组须包含本流程的两个以上环节",
                en="a separation-of-duty group needs two or more tasks of this process",
            )
        group = SodGroup.objects.create(process=process, name=name.strip()[:100])
        group.tasks.set(found)
        _record(
            actor,
            actions.SOD_SET,
            process,
            group,
            {"tasks": [None, sorted(n.key for n in found)], "name": [None, group.name]},
        )
    return group


def sod_delete(*, actor: Actor, group: SodGroup) -> None:
    with transaction.atomic():
        process = _locked_draft(group.process, actor)
        group = SodGroup.objects.get(pk=group.pk, process=process)
        keys = sorted(group.tasks.values_list("key", flat=True))
        pk = group.pk
        group.delete()
        audit_record(
            actor=actor,
            action=actions.SOD_DELETE,
            object_type="flows.sodgroup",
            object_id=pk,
            org_id=_org(process).pk,
            changes={"tasks": [keys, None]},
        )
