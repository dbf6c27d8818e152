"""Demo loader step: the flowcharts and risk maps of ``demo/data/flows.py``, built
through the editor services (actor ``Actor.system("demo")``), published, and taken some
way through the 五步法 review. Powers not found are skipped and named in the result."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from yangguang.accounts.models import User
from yangguang.core.context import Actor
from yangguang.demo.data import flows as data
from yangguang.flows import services as s
from yangguang.flows.models import Flow, Node, ProcessModel
from yangguang.orgs.models import Post
from yangguang.powers.models import PowerItem

if TYPE_CHECKING:
    from yangguang.demo.loader import Loaded

ACTOR = Actor.system("demo")
log = logging.getLogger(__name__)


@dataclass
class FlowsLoaded:
    processes: list[ProcessModel] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _fields(process: ProcessModel, step: tuple) -> dict[str, Any]:
    _, name, lane, days, flags = step
    post = Post.objects.filter(
        organisation=process.power.power_list.organisation, name=lane
    ).first()
    return {
        "name": name,
        "post": post,
        "lane": lane,
        "limit_days": days,
        "limit_unit": "calendar" if "c" in flags else "working",
        "pauses_clock": "p" in flags,
        "visibility": "internal" if "i" in flags else "external",
    }


def _out(node: Node) -> Flow:
    return node.outgoing.get()


def _steps(process: ProcessModel, flow: Flow, steps: list) -> Flow:
    for step in steps:
        kind = step[0]
        if kind == "t":
            node = s.step_insert(actor=ACTOR, flow=flow, **_fields(process, step))
            flow = _out(node)
        elif kind in ("xor", "and"):
            if kind == "xor":
                _, question, branches, skip = step
                specs = [(cond, body) for cond, body in branches]
            else:
                _, question, bodies = step
                skip = ""
                specs = [("", body) for body in bodies]
            first = [{**_fields(process, body[0]), "condition": cond} for cond, body in specs]
            split, join = s.branch_insert(
                actor=ACTOR,
                flow=flow,
                kind="choice" if kind == "xor" else "parallel",
                name=question,
                branches=first,
                skip_condition=skip,
            )
            for (_cond, body), f in zip(specs, _branch_flows(split, first), strict=True):
                if len(body) > 1:
                    _steps(process, _out(f.target), body[1:])
            flow = _out(join)
        elif kind == "loop":
            _, question, go_on, go_back, task, back_to = step
            back = process.nodes.get(kind="task", name=back_to)
            fields = _fields(process, ("t", *task, "p"))
            fields.pop("pauses_clock")
            loop_task = s.loop_insert(
                actor=ACTOR,
                flow=flow,
                back_to=back,
                gateway_name=question,
                condition=go_back,
                exit_condition=go_on,
                **fields,
            )
            gateway = loop_task.incoming.get().source
            flow = gateway.outgoing.exclude(target=loop_task).get()
    return flow


def _branch_flows(split: Node, first: list[dict]) -> list[Flow]:
    flows = list(split.outgoing.select_related("target").filter(target__kind="task"))
    by_name = {f.target.name: f for f in flows}
    return [by_name[b["name"]] for b in first]


def load(out: Loaded | None = None) -> FlowsLoaded:
    result = FlowsLoaded()
    users = out.users if out is not None else {u.username: u for u in User.objects.all()}
    for spec in data.PROCESSES:
        power = PowerItem.objects.filter(
            power_list__organisation__code=spec["org"], name=spec["power"], sub=0
        ).first()
        if power is None:
            result.skipped.append(f"{spec['org']} {spec['power']}")
            log.warning("flows demo: power %s %s not found, skipped", spec["org"], spec["power"])
            continue
        process = s.process_create(actor=ACTOR, power=power, template="empty")
        _steps(process, process.flows.get(), spec["steps"])
        for step, grade, text, likelihood, impact, measures in spec.get("risks", []):
            node = process.nodes.filter(kind="task", name=step).first()
            if node is None:
                continue
            risk = s.risk_point_add(
                actor=ACTOR,
                node=node,
                description=text,
                grade=grade,
                likelihood=likelihood,
                impact=impact,
                responsible_post=node.post,
            )
            for description, owner in measures:
                s.measure_add(
                    actor=ACTOR, risk_point=risk, description=description, owner=owner,
                    status="in_force",
                )  # fmt: skip
        if spec.get("sod"):
            tasks = [process.nodes.get(kind="task", name=n) for n in spec["sod"]]
            s.sod_set(actor=ACTOR, process=process, tasks=tasks, name="不相容岗位分离")
        process = s.process_publish(actor=ACTOR, process=process)
        _review(process, spec.get("review"), users)
        result.processes.append(process)
    return result


def _review(process: ProcessModel, until: str | None, users: dict[str, User]) -> None:
    if not until:
        return
    org = process.power.power_list.organisation
    clerk = User.objects.filter(organisation=org, role="clerk", is_active=True).first()
    leader = User.objects.filter(organisation=org, role="leader", is_active=True).first()
    inspector = users.get("inspector")
    path = [(clerk, "查找风险点"), (clerk, "在单位公开栏亮出"), (clerk, "征求服务对象意见")]
    path += [(leader, "审定同意"), (inspector, "核定")]
    targets = ["show", "ask", "review", "check", "done"]
    for (person, note), target in zip(path, targets, strict=True):
        s.risk_review_advance(actor=ACTOR, process=process, note=note, by=person)
        if target == until:
            break
