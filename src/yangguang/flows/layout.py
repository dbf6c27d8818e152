"""Automatic layered layout of a process (no coordinates needed from the user).

1. Layers: longest-path layering on the graph without its loop-closing edges.
2. Order: barycentric sweeps (down and up) within each layer.
3. Swimlanes: one horizontal lane per post; events and gateways sit in the lane of a
   neighbouring task. A node's cell is (layer, lane, row within the lane), so no two
   shapes overlap.
4. Edges: orthogonal; loop-closing edges run below the lane.
Pure Python, used by the SVG and PDF renderers and the BPMN DI export. Time and memory
grow linearly with the elements (each sweep sorts every layer once).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from yangguang.flows.compiled import Bounds, CompiledProcess
from yangguang.flows.validation import back_edges, topological

LANE_HEADER = 44
COL_W = 190
ROW_H = 116
TASK_W, TASK_H = 136, 76
EVENT = 36
GATEWAY = 50
MARGIN = 20
NO_LANE = ""


@dataclass
class Layout:
    shapes: dict[str, Bounds] = field(default_factory=dict)
    lanes: list[tuple[str, Bounds]] = field(default_factory=list)
    edges: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    width: float = 0
    height: float = 0


def size_of(kind: str) -> tuple[float, float]:
    if kind == "task":
        return TASK_W, TASK_H
    if kind in ("xor", "and"):
        return GATEWAY, GATEWAY
    return EVENT, EVENT


def _layers(proc: CompiledProcess) -> tuple[dict[str, int], set[tuple[str, str]]]:
    starts = proc.starts or list(proc.nodes)[:1]
    back: set[tuple[str, str]] = set()
    for s in starts:
        back |= back_edges(proc, s)
    succ = {n: [t for t in proc.successors[n] if (n, t) not in back] for n in proc.nodes}
    # nodes not reachable from a start: break their cycles too
    order = topological(succ)
    if len(order) < len(proc.nodes):
        back |= back_edges(proc, *starts, *proc.nodes)  # what no start reaches too
        succ = {n: [t for t in proc.successors[n] if (n, t) not in back] for n in proc.nodes}
        order = topological(succ)
    layer = dict.fromkeys(proc.nodes, 0)
    for n in order:
        for t in succ[n]:
            layer[t] = max(layer[t], layer[n] + 1)
    return layer, back


def _lane_of(proc: CompiledProcess, layer: dict[str, int]) -> dict[str, str]:
    """Tasks keep their post's lane; events and gateways take a neighbour's (successor
    first for starts and splits, predecessor first for ends and joins), as passes over
    the nodes in order until nothing changes would give them, each node looked at only
    when a neighbour got its lane (a heap of the nodes still due in this pass)."""
    lane = {n.id: n.lane for n in proc.nodes.values() if n.is_task and n.lane}
    lanes = proc.lanes
    default = lanes[0] if lanes else NO_LANE
    position = {n: i for i, n in enumerate(proc.nodes)}

    def preference(n) -> list[str]:
        succ, pred = list(proc.successors[n.id]), list(proc.predecessors[n.id])
        if n.kind == "end" or (n.is_gateway and len(pred) > 1):
            return pred + succ
        return succ + pred

    def due(m: str) -> list[str]:
        return [k for k in (*proc.successors[m], *proc.predecessors[m]) if k not in lane and k != m]

    this_pass = sorted({position[k] for m in lane for k in due(m)})
    next_pass: set[int] = set()
    ids = list(proc.nodes)
    while this_pass:
        heapq.heapify(this_pass)
        queued = set(this_pass)
        while this_pass:
            here = heapq.heappop(this_pass)
            nid = ids[here]
            if nid in lane:
                continue
            lane[nid] = next(lane[m] for m in preference(proc.nodes[nid]) if m in lane)
            for k in due(nid):
                p = position[k]
                if p > here and p not in queued:
                    heapq.heappush(this_pass, p)
                    queued.add(p)
                elif p < here:
                    next_pass.add(p)
        this_pass, next_pass = sorted(next_pass), set()
    for n in proc.nodes:
        lane.setdefault(n, default)
    return lane


def layout(proc: CompiledProcess) -> Layout:
    layer, back = _layers(proc)
    lane = _lane_of(proc, layer)
    used = set(lane.values())
    lanes = [name for name in proc.lanes if name in used]
    if not lanes or not used.issubset(lanes):
        lanes = list(dict.fromkeys([*lanes, *lane.values()]))
    lane_index = {name: i for i, name in enumerate(lanes)}
    n_layers = max(layer.values(), default=0) + 1
    # initial order: by first appearance; then barycentric sweeps
    pos = {n: i for i, n in enumerate(proc.nodes)}
    by_layer: list[list[str]] = [[] for _ in range(n_layers)]
    for n in proc.nodes:
        by_layer[layer[n]].append(n)

    def sort_layer(i: int, neighbours) -> None:
        def key(n: str) -> tuple[int, float]:
            ns = [m for m in neighbours(n) if (n, m) not in back and (m, n) not in back]
            bary = sum(pos[m] for m in ns) / len(ns) if ns else pos[n]
            return (lane_index[lane[n]], bary)

        by_layer[i].sort(key=key)
        for j, n in enumerate(by_layer[i]):
            pos[n] = j

    for _ in range(4):
        for i in range(1, n_layers):
            sort_layer(i, lambda n: proc.predecessors[n])
        for i in range(n_layers - 2, -1, -1):
            sort_layer(i, lambda n: proc.successors[n])
    # rows within each lane: index among the layer's nodes of the same lane
    row: dict[str, int] = {}
    rows_in_lane = dict.fromkeys(lanes, 1)
    for nodes in by_layer:
        counts: dict[str, int] = {}
        for n in nodes:
            row[n] = counts.get(lane[n], 0)
            counts[lane[n]] = row[n] + 1
            rows_in_lane[lane[n]] = max(rows_in_lane[lane[n]], counts[lane[n]])
    out = Layout()
    y = MARGIN
    lane_top: dict[str, float] = {}
    width = MARGIN + LANE_HEADER + n_layers * COL_W + MARGIN
    for name in lanes:
        h = rows_in_lane[name] * ROW_H + 24
        lane_top[name] = y
        out.lanes.append((name, Bounds(MARGIN, y, width - 2 * MARGIN, h)))
        y += h
    out.height = y + MARGIN
    out.width = width
    for n, node in proc.nodes.items():
        w, h = size_of(node.kind)
        cx = MARGIN + LANE_HEADER + layer[n] * COL_W + COL_W / 2
        cy = lane_top[lane[n]] + 12 + row[n] * ROW_H + ROW_H / 2
        out.shapes[n] = Bounds(round(cx - w / 2), round(cy - h / 2), w, h)
    for f in proc.flows:
        if f.source not in out.shapes or f.target not in out.shapes:
            continue
        s, t = out.shapes[f.source], out.shapes[f.target]
        if (f.source, f.target) in back or t.cx <= s.cx:
            below = max(s.bottom, t.bottom) + 30
            out.edges[f.id] = [(s.cx, s.bottom), (s.cx, below), (t.cx, below), (t.cx, t.bottom)]
        elif abs(s.cy - t.cy) < 1:
            out.edges[f.id] = [(s.right, s.cy), (t.x, t.cy)]
        elif proc.nodes[f.source].is_gateway:
            # leave a split gateway from its top or bottom corner, then run across
            sy = s.y if t.cy < s.cy else s.bottom
            out.edges[f.id] = [(s.cx, sy), (s.cx, t.cy), (t.x, t.cy)]
        else:
            mx = t.x - 20 if proc.nodes[f.target].is_gateway else (s.right + t.x) / 2
            if proc.nodes[f.target].is_gateway:
                ty = t.y if s.cy < t.cy else t.bottom
                out.edges[f.id] = [(s.right, s.cy), (t.cx, s.cy), (t.cx, ty)]
            else:
                out.edges[f.id] = [(s.right, s.cy), (mx, s.cy), (mx, t.cy), (t.x, t.cy)]
    return out
