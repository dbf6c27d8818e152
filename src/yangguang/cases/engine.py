"""The live token game of a case: pure Python over a ``CompiledProcess`` (no Django).

Why not the conformance checker's ``Machine``: it replays *recorded* logs and so has to
guess (an exclusive gateway is any branch, a missing step may be skipped, found by a
search). A live case never guesses: the clerk chooses the branch at each exclusive
gateway, and only tasks holding a token may be done. The two share the model (tokens
on sequence flows, the same gateway semantics), so a case run here replays cleanly there.

Semantics: a *marking* maps sequence-flow ids to token counts. A task is enabled when a
token lies on one of its incoming flows; doing it takes that token and puts one on each
of its outgoing flows. Tokens then move on at once through gateways: an exclusive
gateway (``xor``) passes each token to the one outgoing flow chosen (the only one, the
one named in ``choices``, or the default flow); a parallel gateway (``and``) waits for a
token on every incoming flow and then gives one to every outgoing flow; an end event
takes the token. The process has ended when no token is left.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from yangguang.core.errors import DomainError
from yangguang.flows.compiled import CompiledProcess, Flow

Marking = dict[str, int]


@dataclass(frozen=True)
class Decision:
    """An exclusive gateway the clerk must decide after a task: its options."""

    gateway: str
    name: str
    options: tuple[Flow, ...]


@dataclass(frozen=True)
class Fired:
    marking: Marking
    enabled: tuple[str, ...]  # tasks that received a token in this move (one per token)
    chosen: tuple[str, ...]  # the flows chosen at exclusive gateways
    ended: bool


def _error(code: str, zh: str, en: str, field: str | None = None) -> DomainError:
    return DomainError(code=code, zh=zh, en=en, field=field)


class Engine:
    def __init__(self, process: CompiledProcess) -> None:
        self.process = process
        self.flows = {f.id: f for f in process.flows}
        self.out: dict[str, list[Flow]] = {n: [] for n in process.nodes}
        self.inc: dict[str, list[Flow]] = {n: [] for n in process.nodes}
        for f in process.flows:
            self.out[f.source].append(f)
            self.inc[f.target].append(f)
        starts = process.starts
        if len(starts) != 1:
            raise _error(
                "process_start",
                "流程须有且只有一个开始事件",
                "the process must have exactly one start event",
                "process",
            )
        self.start = starts[0]

    # --- reading a marking -------------------------------------------------------------

    def enabled(self, marking: Mapping[str, int]) -> list[str]:
        """Tasks that may be done now (one entry per task)."""
        return [
            n.id
            for n in self.process.tasks
            if any(marking.get(f.id, 0) > 0 for f in self.inc[n.id])
        ]

    def decisions(self, task: str) -> list[Decision]:
        """The exclusive gateways reached from ``task`` through gateways only (each needs
        a choice when it has more than one outgoing flow)."""
        out: list[Decision] = []
        seen: set[str] = set()
        stack = [f.target for f in self.out.get(task, ())]
        while stack:
            nid = stack.pop(0)
            if nid in seen:
                continue
            seen.add(nid)
            node = self.process.nodes[nid]
            if node.kind == "xor" and len(self.out[nid]) > 1:
                out.append(Decision(nid, node.name, tuple(self.out[nid])))
            if node.is_gateway:
                stack.extend(f.target for f in self.out[nid])
        return out

    # --- moves -------------------------------------------------------------------------

    def initial(self, choices: Iterable[str] = ()) -> Fired:
        marking: Marking = {}
        produced = [f.id for f in self.out[self.start]]
        return self._propagate(marking, produced, set(choices))

    def fire(self, marking: Mapping[str, int], task: str, choices: Iterable[str] = ()) -> Fired:
        """Do ``task``; refused (nothing changed) when it holds no token or a choice is
        missing or wrong."""
        node = self.process.nodes.get(task)
        if node is None or not node.is_task:
            raise _error(
                "unknown_step", f"「{task}」不是流程中的环节", f"{task!r} is not a task", "step"
            )
        m = dict(marking)
        source = next((f for f in self.inc[task] if m.get(f.id, 0) > 0), None)
        if source is None:
            raise _error(
                "step_not_enabled",
                f"「{node.label}」此时尚不能办理(流程顺序不允许)",
                f"\u201c{node.label}\u201d cannot be done now (the flowchart does not allow it)",
                "step",
            )
        _take(m, source.id)
        return self._propagate(m, [f.id for f in self.out[task]], set(choices))

    def _propagate(self, m: Marking, produced: list[str], choices: set[str]) -> Fired:
        enabled: list[str] = []
        chosen: list[str] = []
        queue = list(produced)
        guard = 0
        while queue:
            guard += 1
            if guard > 10000:  # a gateway cycle without tasks: refused by validation
                raise _error("process_cycle", "流程网关成环", "the gateways form a cycle")
            fid = queue.pop(0)
            flow = self.flows[fid]
            target = self.process.nodes[flow.target]
            if target.is_task:
                m[fid] = m.get(fid, 0) + 1
                enabled.append(target.id)
            elif target.kind == "end":
                continue
            elif target.kind == "xor":
                outs = self.out[target.id]
                pick = self._choose(target.id, outs, choices)
                if len(outs) > 1:
                    chosen.append(pick.id)
                queue.append(pick.id)
            elif target.kind == "and":
                m[fid] = m.get(fid, 0) + 1
                ins = self.inc[target.id]
                if all(m.get(f.id, 0) > 0 for f in ins):
                    for f in ins:
                        _take(m, f.id)
                    queue.extend(f.id for f in self.out[target.id])
            else:  # a start event inside the graph: not allowed by validation
                raise _error("process_start", "流程结构无效", "invalid process structure")
        return Fired(
            marking={k: v for k, v in m.items() if v > 0},
            enabled=tuple(enabled),
            chosen=tuple(chosen),
            ended=not any(v > 0 for v in m.values()),
        )

    def _choose(self, gateway: str, outs: list[Flow], choices: set[str]) -> Flow:
        if len(outs) == 1:
            return outs[0]
        picked = [f for f in outs if f.id in choices]
        if len(picked) == 1:
            return picked[0]
        name = self.process.nodes[gateway].label
        options = "、".join(f"{f.id}({f.condition or f.name or f.target})" for f in outs)
        if not picked:
            default = [f for f in outs if f.default]
            if len(default) == 1:
                return default[0]
            raise _error(
                "choice_required",
                f"请在「{name}」选择一个分支: {options}",
                f"choose one branch at \u201c{name}\u201d: {options}",
                "choice",
            )
        raise _error(
            "choice_ambiguous",
            f"「{name}」只能选择一个分支",
            f"only one branch may be chosen at \u201c{name}\u201d",
            "choice",
        )


def _take(m: Marking, fid: str) -> None:
    m[fid] -= 1
    if m[fid] <= 0:
        del m[fid]
