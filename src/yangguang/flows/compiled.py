"""The in-memory form of a process model, for validation, layout, rendering, BPMN
interchange and (later) the case engine and conformance checking.

The dataclasses are plain Python (no Django): ``parse_bpmn`` builds one from BPMN XML
without a database, ``from_db`` from the stored tables.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from yangguang.flows.models import ProcessModel

NodeKind = Literal["start", "end", "task", "xor", "and"]
GATEWAYS = frozenset({"xor", "and"})
#: gateway kind names as the engine speaks of them
GATEWAY_KIND = {"xor": "exclusive", "and": "parallel"}


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlaps(self, other: Bounds) -> bool:
        return not (
            self.right <= other.x
            or other.right <= self.x
            or self.bottom <= other.y
            or other.bottom <= self.y
        )


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    name: str = ""
    lane: str = ""  # the post (name) doing the task
    post_id: int | None = None
    limit: int | None = None  # time limit of a task
    limit_unit: Literal["working", "calendar"] = "working"
    pauses_clock: bool = False  # 补正, 听证, 检验, 鉴定, 专家评审: excluded from the deadline
    visibility: Literal["external", "internal"] = "external"
    materials: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    bpmn_type: str = ""  # the BPMN element it came from (userTask, task …), kept on export
    bounds: Bounds | None = None

    @property
    def is_task(self) -> bool:
        return self.kind == "task"

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAYS

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str = ""
    default: bool = False
    waypoints: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class SodGroup:
    tasks: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True)
class Measure:
    description: str
    owner: str = ""
    status: str = "planned"


@dataclass(frozen=True)
class Risk:
    id: str
    task: str
    description: str
    grade: Literal["A", "B", "C"]
    likelihood: int = 3
    impact: int = 3
    measures: tuple[Measure, ...] = ()


@dataclass
class CompiledProcess:
    """A process graph: nodes by id, flows, successors and predecessors, gateway kinds,
    task limits, pause flags, separation-of-duty groups, case limits (working days), and
    (optionally) risk points per task."""

    id: str
    name: str
    nodes: dict[str, Node]
    flows: tuple[Flow, ...]
    sod_groups: tuple[SodGroup, ...] = ()
    case_limits: dict[str, int] = field(default_factory=dict)  # "statutory"/"promised"
    risks: tuple[Risk, ...] = ()
    lane_order: tuple[str, ...] = ()
    successors: dict[str, tuple[str, ...]] = field(init=False)
    predecessors: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        succ: dict[str, list[str]] = {n: [] for n in self.nodes}
        pred: dict[str, list[str]] = {n: [] for n in self.nodes}
        for f in self.flows:
            if f.source in succ and f.target in pred:
                succ[f.source].append(f.target)
                pred[f.target].append(f.source)
        self.successors = {k: tuple(v) for k, v in succ.items()}
        self.predecessors = {k: tuple(v) for k, v in pred.items()}

    # --- views the engine needs ------------------------------------------------------
    @property
    def starts(self) -> list[str]:
        return [n.id for n in self.nodes.values() if n.kind == "start"]

    @property
    def ends(self) -> list[str]:
        return [n.id for n in self.nodes.values() if n.kind == "end"]

    @property
    def tasks(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_task]

    @property
    def gateway_kinds(self) -> dict[str, str]:
        return {n.id: GATEWAY_KIND[n.kind] for n in self.nodes.values() if n.is_gateway}

    @property
    def task_limits(self) -> dict[str, tuple[int | None, str]]:
        return {n.id: (n.limit, n.limit_unit) for n in self.tasks}

    @property
    def pause_tasks(self) -> frozenset[str]:
        return frozenset(n.id for n in self.tasks if n.pauses_clock)

    @property
    def lanes(self) -> list[str]:
        seen = list(self.lane_order)
        for n in self.nodes.values():
            if n.lane and n.lane not in seen:
                seen.append(n.lane)
        return seen

    def flows_from(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.source == node_id]

    def flows_to(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.target == node_id]

    def risks_of(self, node_id: str) -> list[Risk]:
        return [r for r in self.risks if r.task == node_id]

    def grade_of(self, node_id: str) -> str | None:
        grades = [r.grade for r in self.risks_of(node_id)]
        return min(grades) if grades else None  # "A" < "B" < "C"

    def external_view(self) -> CompiledProcess:
        """The public chart: internal tasks removed, their time merged into the nearest
        external task before them (or after them, when none comes before)."""
        internal = {n.id for n in self.tasks if n.visibility == "internal"}
        if not internal:
            return self
        extra: dict[str, int] = {}
        for task_id in internal:
            node = self.nodes[task_id]
            if node.pauses_clock or not node.limit:
                continue
            host = self._external_neighbour(task_id, internal, self.predecessors)
            host = host or self._external_neighbour(task_id, internal, self.successors)
            if host:
                extra[host] = extra.get(host, 0) + node.limit
        nodes = {}
        for nid, n in self.nodes.items():
            if nid in internal:
                continue
            if nid in extra:
                n = _replace(n, limit=(n.limit or 0) + extra[nid])
            nodes[nid] = n
        flows = list(_bypass(self.flows, internal))
        return CompiledProcess(
            id=self.id,
            name=self.name,
            nodes=nodes,
            flows=tuple(flows),
            sod_groups=(),
            case_limits=dict(self.case_limits),
            risks=tuple(r for r in self.risks if r.task in nodes),
            lane_order=self.lane_order,
        )

    def _external_neighbour(
        self, start: str, internal: set[str], step: Mapping[str, tuple[str, ...]]
    ) -> str | None:
        seen, queue = {start}, deque(step[start])
        while queue:
            nid = queue.popleft()
            if nid in seen:
                continue
            seen.add(nid)
            node = self.nodes[nid]
            if node.is_task and nid not in internal and not node.pauses_clock:
                return nid
            if node.kind in ("start", "end"):
                continue
            queue.extend(step[nid])
        return None


def _replace(node: Node, **changes) -> Node:
    from dataclasses import replace

    return replace(node, **changes)


def _bypass(flows: Iterable[Flow], removed: set[str]) -> Iterable[Flow]:
    """Flows with the ``removed`` nodes cut out: each path through them becomes one flow
    (keeping the first flow's id, name and condition)."""
    flows = list(flows)
    out_of: dict[str, list[Flow]] = {}
    for f in flows:
        out_of.setdefault(f.source, []).append(f)
    seen: set[tuple[str, str]] = set()
    for f in flows:
        if f.source in removed:
            continue
        targets: list[str] = []
        stack, visited = [f.target], set()
        while stack:
            t = stack.pop()
            if t in removed:
                if t in visited:
                    continue
                visited.add(t)
                stack.extend(g.target for g in out_of.get(t, []))
            else:
                targets.append(t)
        for n, t in enumerate(dict.fromkeys(targets)):
            if (f.source, t) in seen and t != f.target:
                continue
            seen.add((f.source, t))
            yield Flow(
                id=f.id if n == 0 else f"{f.id}_{n}",
                source=f.source,
                target=t,
                name=f.name,
                condition=f.condition,
                default=f.default,
            )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def from_db(process: ProcessModel, *, with_risks: bool = True) -> CompiledProcess:
    """Compile a stored process model (one query per table)."""
    db_nodes = list(process.nodes.select_related("post").order_by("sort_order", "pk"))
    key_of = {n.pk: n.key for n in db_nodes}
    nodes: dict[str, Node] = {}
    for n in db_nodes:
        b = n.bounds
        nodes[n.key] = Node(
            id=n.key,
            kind=n.kind,
            name=n.name,
            lane=(n.post.name if n.post_id else n.lane) if n.kind == "task" else n.lane,
            post_id=n.post_id,
            limit=n.limit_days,
            limit_unit=n.limit_unit,
            pauses_clock=n.pauses_clock,
            visibility=n.visibility,
            materials=_lines(n.materials),
            outputs=_lines(n.outputs),
            bpmn_type=n.bpmn_type,
            bounds=Bounds(b["x"], b["y"], b["w"], b["h"]) if b else None,
        )
    flows = tuple(
        Flow(
            id=f.key,
            source=key_of[f.source_id],
            target=key_of[f.target_id],
            name=f.name,
            condition=f.condition,
            default=f.is_default,
            waypoints=tuple(tuple(p) for p in (f.waypoints or ())),
        )
        for f in process.flows.order_by("pk")
    )
    groups = tuple(
        SodGroup(tasks=tuple(sorted(key_of[t.pk] for t in g.tasks.all())), name=g.name)
        for g in process.sod_groups.prefetch_related("tasks")
    )
    limits = {}
    if process.statutory_limit:
        limits["statutory"] = process.statutory_limit
    if process.promised_limit:
        limits["promised"] = process.promised_limit
    risks: tuple[Risk, ...] = ()
    if with_risks:
        from yangguang.flows.models import RiskPoint

        risks = tuple(
            Risk(
                id=str(r.pk),
                task=key_of[r.node_id],
                description=r.description,
                grade=r.grade,
                likelihood=r.likelihood,
                impact=r.impact,
                measures=tuple(
                    Measure(description=m.description, owner=m.owner, status=m.status)
                    for m in r.measures.all()
                ),
            )
            for r in RiskPoint.objects.filter(node__process=process)
            .prefetch_related("measures")
            .order_by("node__sort_order", "sort_order", "pk")
        )
    lane_order = tuple(dict.fromkeys(nodes[k].lane for k in nodes if nodes[k].lane))
    return CompiledProcess(
        id=f"Process_{process.pk}",
        name=process.name,
        nodes=nodes,
        flows=flows,
        sod_groups=groups,
        case_limits=limits,
        risks=risks,
        lane_order=lane_order,
    )
