"""Validation of a compiled process: each problem names the element and says what is
wrong in Chinese and English. Pure Python (no Django).

Time and memory grow linearly with the elements (up to the logarithm of a sort): the
dominator and post-dominator trees are built once, each node linked to its immediate
(post-)dominator, never as a set per node."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from yangguang.core.errors import in_language
from yangguang.flows.compiled import CompiledProcess, Node

#: working days per calendar-day and month limit, for comparing limits of other units
CALENDAR_TO_WORKING = 5 / 7
MONTH_IN_WORKING_DAYS = 21
#: problems that do not hide the structural checks after them
SOFT = frozenset(
    {"task_no_post", "task_no_limit", "task_limit_not_positive", "xor_no_condition", "task_split"}
)


@dataclass(frozen=True)
class Problem:
    code: str
    element: str  # the element id ("" for the whole process)
    zh: str
    en: str

    def __str__(self) -> str:
        where = f"[{self.element}] " if self.element else ""
        return f"{where}{self.zh} ({self.en})"

    @property
    def message(self) -> str:
        """The problem in the page's language (it names the element itself)."""
        return in_language(self.zh, self.en)


def _name(node: Node) -> str:
    return f"“{node.name}”({node.id})" if node.name else node.id


def validate(
    proc: CompiledProcess,
    *,
    statutory: int | None = None,
    promised: int | None = None,
    check_risks: bool = True,
) -> list[Problem]:
    """Every problem of ``proc``; ``statutory``/``promised`` are the power's limits in
    working days (the process's own case limits apply too)."""
    out: list[Problem] = []
    add = out.append
    nodes = proc.nodes
    succ, pred = proc.successors, proc.predecessors
    flows_from: dict[str, list] = {}
    for f in proc.flows:
        flows_from.setdefault(f.source, []).append(f)
    for f in proc.flows:
        for end, ref in (("source", f.source), ("target", f.target)):
            if ref not in nodes:
                add(
                    Problem(
                        "flow_dangling",
                        f.id,
                        f"顺序流 {f.id} 的{'起点' if end == 'source' else '终点'} {ref} 不存在",
                        f"sequence flow {f.id} has an unknown {end} {ref}",
                    )
                )
    if out:
        return out
    starts, ends = proc.starts, proc.ends
    if len(starts) != 1:
        add(
            Problem(
                "start_count",
                "",
                f"流程须有且只有一个开始事件(现有 {len(starts)} 个)",
                f"a process needs exactly one start event (it has {len(starts)})",
            )
        )
    if not ends:
        add(Problem("no_end", "", "流程没有结束事件", "the process has no end event"))
    for n in nodes.values():
        ins, outs = len(pred[n.id]), len(succ[n.id])
        if n.kind == "start" and ins:
            add(
                Problem(
                    "start_incoming",
                    n.id,
                    f"开始事件 {_name(n)} 不能有流入",
                    f"start event {n.id} has incoming flows",
                )
            )
        if n.kind == "start" and outs != 1:
            add(
                Problem(
                    "start_outgoing",
                    n.id,
                    f"开始事件 {_name(n)} 须有且只有一条流出",
                    f"start event {n.id} needs exactly one outgoing flow",
                )
            )
        if n.kind == "end" and outs:
            add(
                Problem(
                    "end_outgoing",
                    n.id,
                    f"结束事件 {_name(n)} 不能有流出",
                    f"end event {n.id} has outgoing flows",
                )
            )
        if n.kind == "task":
            if outs > 1:
                add(
                    Problem(
                        "task_split",
                        n.id,
                        f"环节 {_name(n)} 有 {outs} 条流出, 分支请使用选择或并行网关",
                        f"task {n.id} has {outs} outgoing flows: use a gateway to branch",
                    )
                )
            if not n.lane:
                add(
                    Problem(
                        "task_no_post",
                        n.id,
                        f"环节 {_name(n)} 没有承办岗位",
                        f"task {n.id} has no post",
                    )
                )
            if n.limit is None:
                add(
                    Problem(
                        "task_no_limit",
                        n.id,
                        f"环节 {_name(n)} 没有办理时限",
                        f"task {n.id} has no time limit",
                    )
                )
            elif n.limit <= 0:
                add(
                    Problem(
                        "task_limit_not_positive",
                        n.id,
                        f"环节 {_name(n)} 的时限须为正数(现为 {n.limit})",
                        f"task {n.id} has a time limit of {n.limit}: it must be positive",
                    )
                )
        if n.is_gateway:
            if ins > 1 and outs > 1:
                add(
                    Problem(
                        "gateway_mixed",
                        n.id,
                        f"网关 {_name(n)} 既汇合又分支, 请拆成两个网关",
                        f"gateway {n.id} both joins and splits: use two gateways",
                    )
                )
            if ins == 0 or outs == 0:
                add(
                    Problem(
                        "gateway_dangling",
                        n.id,
                        f"网关 {_name(n)} 须有流入和流出",
                        f"gateway {n.id} needs incoming and outgoing flows",
                    )
                )
        if n.kind == "xor" and outs > 1:
            flows = flows_from[n.id]
            bare = [f for f in flows if not f.condition and not f.default]
            if len(bare) > 1 or (bare and any(f.default for f in flows)):
                add(
                    Problem(
                        "xor_no_condition",
                        n.id,
                        f"选择网关 {_name(n)} 的分支须写明条件(可有一条默认分支)",
                        f"the branches of exclusive gateway {n.id} need conditions (one may be the default)",
                    )
                )
    soft = [p for p in out if p.code in SOFT]
    if len(soft) < len(out):
        return out
    del out[:]
    start = starts[0]
    reach = _reach(start, succ)
    cycles = _cycles_without_exit(proc)
    in_cycles = {nid for c in cycles for nid in c}
    for c in cycles:
        names = "、".join(_name(nodes[nid]) for nid in c)
        add(
            Problem(
                "cycle_without_exit",
                c[0],
                f"循环 {names} 没有出口",
                f"cycle {' '.join(c)} has no exit",
            )
        )
    coreach = _reach_all(ends, pred)
    for n in nodes.values():
        if n.id not in reach:
            add(
                Problem(
                    "unreachable",
                    n.id,
                    f"{_name(n)} 从开始事件无法到达",
                    f"{n.id} cannot be reached from the start",
                )
            )
        elif n.id not in coreach and n.id not in in_cycles:
            add(
                Problem(
                    "no_way_to_end",
                    n.id,
                    f"{_name(n)} 无法到达结束事件",
                    f"{n.id} cannot reach an end event",
                )
            )
    if out:
        return out + soft
    out.extend(_gateway_balance(proc, start))
    out.extend(soft)
    out.extend(_sod(proc))
    if not out:
        out.extend(_limits(proc, start, statutory, promised))
    elif all(p.code in SOFT for p in out):
        out.extend(p for p in _limits(proc, start, statutory, promised))
    if check_risks:
        for r in proc.risks:
            if not r.measures:
                task = nodes.get(r.task)
                where = _name(task) if task else r.task
                add(
                    Problem(
                        "risk_no_measure",
                        r.task,
                        f"环节 {where} 的风险点“{r.description[:20]}”没有防范措施",
                        f"a risk point of task {r.task} has no prevention measure",
                    )
                )
    return out


def _reach(start: str, step: dict[str, tuple[str, ...]]) -> set[str]:
    return _reach_all([start], step)


def _reach_all(starts: list[str], step: dict[str, tuple[str, ...]]) -> set[str]:
    seen, stack = set(), list(starts)
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        stack.extend(step.get(n, ()))
    return seen


def _sccs(nodes: list[str], succ: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Strongly connected components (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on, stack, out = set(), [], []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ[w])))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


def _cycles_without_exit(proc: CompiledProcess) -> list[list[str]]:
    succ = proc.successors
    position = {n: i for i, n in enumerate(proc.nodes)}
    bad = []
    for comp in _sccs(list(proc.nodes), succ):
        members = set(comp)
        if len(comp) == 1 and comp[0] not in succ[comp[0]]:
            continue
        exits = [n for n in comp if any(t not in members for t in succ[n])]
        if not exits:
            bad.append(sorted(comp, key=position.__getitem__))
    return bad


def back_edges(proc: CompiledProcess, *starts: str) -> set[tuple[str, str]]:
    """Edges that close a loop, to get an acyclic graph: one depth-first search from each
    start in turn, a node seen by an earlier one not visited again (several starts: what
    is left is acyclic over everything they reach)."""
    succ = proc.successors
    colour: dict[str, int] = {}
    back: set[tuple[str, str]] = set()
    for root in starts:
        if root in colour:
            continue
        colour[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if colour.get(w) == 1:
                    back.add((v, w))
                elif w not in colour:
                    colour[w] = 1
                    stack.append((w, iter(succ[w])))
                    break
            else:
                colour[v] = 2
                stack.pop()
    return back


def dag(proc: CompiledProcess, start: str) -> dict[str, list[str]]:
    back = back_edges(proc, start)
    return {n: [t for t in proc.successors[n] if (n, t) not in back] for n in proc.nodes}


def topological(succ: dict[str, list[str]]) -> list[str]:
    indeg = dict.fromkeys(succ, 0)
    for ts in succ.values():
        for t in ts:
            indeg[t] += 1
    queue = deque(n for n in succ if indeg[n] == 0)
    order = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for t in succ[n]:
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    return order


EXIT = "__exit__"


def _tree(order: list[str], parents_of, root: str | None = None) -> dict[str, str | None]:
    """Immediate dominators on an acyclic graph (Cooper, Harvey and Kennedy: each node's
    is the nearest common ancestor, in the tree built so far, of the ``parents_of`` it
    that come before it in ``order``). ``root`` (if given) parents the nodes with
    none; a node with none and no root is a root of its own (``None``)."""
    idom: dict[str, str | None] = {}
    depth: dict[str | None, int] = {None: -1}
    if root is not None:
        idom[root], depth[root] = None, 0

    def meet(a: str | None, b: str | None) -> str | None:
        while a != b:
            if a is None or b is None:
                return None
            if depth[a] >= depth[b]:
                a = idom[a]
            else:
                b = idom[b]
        return a

    for n in order:
        parents = [p for p in parents_of(n) if p in depth]
        if parents:
            common = parents[0]
            for p in parents[1:]:
                common = meet(common, p)
                if common is None:
                    break
        else:
            common = root
        idom[n] = common
        depth[n] = depth[common] + 1
    return idom


def postdominator_tree(succ: dict[str, list[str]]) -> dict[str, str | None]:
    """Each node's immediate post-dominator on an acyclic graph, with a virtual
    ``EXIT`` after every node without successors (an end, or a node that reaches no
    end: nothing but ``EXIT`` post-dominates what meets there)."""

    def after(n: str) -> list[str]:
        return list(succ[n]) or [EXIT]

    return _tree(list(reversed(topological(succ))), after, root=EXIT)


def _ipdom(n: str, pdom: dict[str, str | None]) -> str:
    return pdom.get(n) or EXIT


def _gateway_balance(proc: CompiledProcess, start: str) -> list[Problem]:
    out: list[Problem] = []
    succ = dag(proc, start)
    pdom = postdominator_tree(succ)
    nodes = proc.nodes
    for n in nodes.values():
        if not n.is_gateway or len(succ[n.id]) < 2:
            continue
        join = _ipdom(n.id, pdom)
        jnode = nodes.get(join)
        if n.kind == "and":
            if jnode is None or jnode.kind != "and":
                what = "结束" if jnode is None else _name(jnode)
                out.append(
                    Problem(
                        "parallel_unbalanced",
                        n.id,
                        f"并行网关 {_name(n)} 的分支没有在并行汇合网关汇合(汇于{what})",
                        f"the branches of parallel gateway {n.id} do not meet at a parallel join (they meet at {join})",
                    )
                )
        elif jnode is not None and jnode.kind not in ("xor", "end"):
            out.append(
                Problem(
                    "exclusive_unbalanced",
                    n.id,
                    f"选择网关 {_name(n)} 的分支须在选择汇合网关或结束事件汇合(现汇于 {_name(jnode)})",
                    f"the branches of exclusive gateway {n.id} must meet at an exclusive join or an end (they meet at {join})",
                )
            )
    # a parallel join fed from an exclusive split's branches would wait for ever
    preds: dict[str, list[str]] = {k: [] for k in succ}
    for k, ts in succ.items():
        for t in ts:
            preds[t].append(k)
    dom = _tree(topological(succ), preds.__getitem__)
    for n in nodes.values():
        if n.kind != "and" or len(preds[n.id]) < 2:
            continue
        split = dom.get(n.id) or start
        snode = nodes.get(split)
        if snode is None or snode.kind != "and":
            out.append(
                Problem(
                    "parallel_join_unbalanced",
                    n.id,
                    f"并行汇合网关 {_name(n)} 的流入不是来自同一个并行分支网关",
                    f"parallel join {n.id} is not fed by the branches of one parallel split",
                )
            )
    return out


def _sod(proc: CompiledProcess) -> list[Problem]:
    out = []
    for g in proc.sod_groups:
        label = g.name or " ".join(g.tasks)
        if len(set(g.tasks)) < 2:
            out.append(
                Problem(
                    "sod_too_small",
                    g.tasks[0] if g.tasks else "",
                    f"职责分离组“{label}”至少要有两个环节",
                    f"separation-of-duty group {label} needs two tasks or more",
                )
            )
        for t in g.tasks:
            if t not in proc.nodes or not proc.nodes[t].is_task:
                out.append(
                    Problem(
                        "sod_unknown_task",
                        t,
                        f"职责分离组“{label}”中的 {t} 不是本流程的环节",
                        f"{t} in separation-of-duty group {label} is not a task of this process",
                    )
                )
    return out


def working_days(node: Node) -> float:
    if not node.limit:
        return 0
    return node.limit  # a calendar-day limit never spans more working days than days


def longest_path(proc: CompiledProcess) -> tuple[float, list[str]]:
    """The longest chain of task limits (working days) from the start to an end; pause
    tasks are left out and each loop is counted once (back edges dropped)."""
    starts = proc.starts
    if not starts:
        return 0, []
    succ = dag(proc, starts[0])
    best: dict[str, float] = {}
    own: dict[str, float] = {}
    after: dict[str, str | None] = {}  # the successor the longest path goes on to
    for n in reversed(topological(succ)):
        node = proc.nodes[n]
        own[n] = 0 if node.pauses_clock or not node.is_task else working_days(node)
        tail, nxt = 0, None
        for t in succ[n]:
            if nxt is None or best[t] > tail:
                tail, nxt = best[t], t
        best[n], after[n] = own[n] + tail, nxt
    if starts[0] not in best:
        return 0, []
    path, n = [], starts[0]
    while n is not None:
        if own[n]:
            path.append(n)
        n = after[n]
    return best[starts[0]], path


def _limits(
    proc: CompiledProcess, start: str, statutory: int | None, promised: int | None
) -> list[Problem]:
    total, path = longest_path(proc)
    out = []
    checks = [
        ("statutory", "法定", proc.case_limits.get("statutory"), statutory),
        ("promised", "承诺", proc.case_limits.get("promised"), promised),
    ]
    for kind, zh, own, power in checks:
        for limit, whose_zh, whose_en in ((own, "流程", "process"), (power, "职权", "power")):
            if limit and total > limit:
                out.append(
                    Problem(
                        f"over_{kind}_limit",
                        path[-1] if path else "",
                        f"最长路径各环节时限合计 {total:g} 个工作日, 超过{whose_zh}{zh}时限 {limit} 个工作日({' → '.join(path)})",
                        f"the longest path sums to {total:g} working days, more than the {whose_en}'s {kind} limit of {limit} ({' '.join(path)})",
                    )
                )
    return out
