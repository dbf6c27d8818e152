"""Conformance checking of event logs against a compiled process (no Django needed).

The BPMN graph is compiled once into a small state machine: the sequence flows are the
places of a Petri net, tasks are labelled transitions (several incoming flows join
exclusively, several outgoing flows split in parallel), exclusive gateways are one silent
transition per (incoming, outgoing) pair, parallel gateways one silent transition taking
every incoming flow and giving every outgoing one, end events silent transitions that
consume a token. A case is replayed as a token game; firing outcomes are memoised per
(marking, activity), so a log is replayed once per *variant* (distinct activity
sequence) and the incremental checker costs a dictionary lookup per event once warm.

Replay of one event (its activity ``a``):

1. ``a`` not a task name or id of the model: ``unknown_activity``; the event is passed
   over (the marking does not change).
2. ``a`` enabled after silent moves (gateways) only: it fires.
3. otherwise, ``a`` enabled after also firing other tasks (the fewest, found by a 0-1
   breadth-first search): those tasks are taken as *skipped* (pending) and ``a`` fires.
   A skipped task that never occurs later in the case is a ``missing_step`` at the
   event where the skip was noticed.
4. otherwise (``a`` cannot occur from here on): a skipped task done late, or a task
   done out of place, is ``wrong_order``; a task done again where no loop of the model
   contains it is ``duplicate_step``; the event is passed over (recovery rule: the
   marking stays, so the events after it are judged from the last conformant point).

At the end of a case whose marking cannot reach the end events by silent moves:
``incomplete_case`` at the last event, naming the steps that could come next.

Time: a task with a limit is checked against the completion of the event that enabled
it (the producer of the consumed token; for a parallel join the latest of the joined
branches): by the calendar's counting rule (``WorkCalendar.last_day_epoch`` for working
days, ``last_calendar_day_epoch`` for calendar days), with the days of pause tasks taken
away (a pause task runs from the completion of its enabling event to its own). The
case limit (statutory, else promised) runs from the first event to the last one. Tasks
enabled by the start event have no earlier event and are not timed. Separation of
duties: one resource on two different tasks of one group is a ``sod_violation``
(reported once per pair of tasks and case).
"""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from yangguang.conformance.logs import EventLog
from yangguang.core.errors import DomainError
from yangguang.flows.compiled import CompiledProcess
from yangguang.workdays.core import UnknownYearError, WorkCalendar, from_epoch_day

KINDS = (
    "unknown_activity",
    "wrong_order",
    "missing_step",
    "duplicate_step",
    "sod_violation",
    "step_overdue",
    "case_overdue",
    "incomplete_case",
)
TOKEN_CAP = 3  # markings with more tokens on one flow are not explored
STATE_CAP = 20000
DAY = 86400
OFFSET = 8 * 3600  # Asia/Shanghai


class CheckError(DomainError):
    """The check cannot run (model or calendar); the message names the element."""

    def __init__(self, code: str, zh: str, en: str, element: str = "") -> None:
        self.element = element
        super().__init__(code=code, zh=zh, en=en)


@dataclass(frozen=True)
class Deviation:
    case_id: str
    kind: str
    activity: str
    event_index: int
    detail: str

    def as_dict(self) -> dict:
        return {
            "case_id": self.case_id,
            "kind": self.kind,
            "activity": self.activity,
            "event_index": self.event_index,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class _Outcome:
    steps: tuple  # ((consume, produce, task_id or "" for silent, skipped?), ...)
    marking: tuple
    task: str
    skipped: tuple[str, ...]


class Machine:
    """The compiled state machine of a process."""

    def __init__(self, process: CompiledProcess) -> None:
        tasks = process.tasks
        if not tasks:
            raise CheckError(
                "no_tasks",
                f"流程 {process.id} 中没有任何环节(任务), 无法检查",
                f"the process {process.id} has no task, so nothing can be checked",
                process.id,
            )
        starts = process.starts
        if not starts:
            raise CheckError(
                "no_start",
                f"流程 {process.id} 没有开始事件",
                f"the process {process.id} has no start event",
                process.id,
            )
        self.process = process
        place = {f.id: i for i, f in enumerate(process.flows)}
        self.n_places = len(place)
        ins = {n: [place[f.id] for f in process.flows if f.target == n] for n in process.nodes}
        outs = {n: [place[f.id] for f in process.flows if f.source == n] for n in process.nodes}
        self.silent: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        self.task_tr: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
        for nid, node in process.nodes.items():
            if node.kind == "task":
                for p in ins[nid]:
                    self.task_tr.append((nid, (p,), tuple(outs[nid])))
            elif node.kind == "xor":
                for p in ins[nid]:
                    for q in outs[nid]:
                        self.silent.append(((p,), (q,)))
            elif node.kind == "and":
                self.silent.append((tuple(ins[nid]), tuple(outs[nid])))
            elif node.kind == "end":
                for p in ins[nid]:
                    self.silent.append(((p,), ()))
        m = [0] * self.n_places
        for p in outs[starts[0]]:
            m[p] += 1
        self.initial = tuple(m)
        self.final = tuple([0] * self.n_places)
        # labels: task names and ids -> label index; label -> task ids
        self.label_tasks: list[tuple[str, ...]] = []
        self.label_name: list[str] = []
        self._label_of: dict[str, int] = {}
        by_name: dict[str, list[str]] = {}
        for t in tasks:
            by_name.setdefault(t.name or t.id, []).append(t.id)
        for name, ids in by_name.items():
            self._label_of[name] = len(self.label_tasks)
            self.label_tasks.append(tuple(ids))
            self.label_name.append(name)
        for t in tasks:
            if t.id not in self._label_of:
                self._label_of[t.id] = len(self.label_tasks)
                self.label_tasks.append((t.id,))
                self.label_name.append(t.name or t.id)
        self.task_name = {t.id: t.name or t.id for t in tasks}
        self.looped = frozenset(t.id for t in tasks if self._on_cycle(t.id))
        self.label_looped = [any(t in self.looped for t in ts) for ts in self.label_tasks]
        self.limits = {t.id: (t.limit, t.limit_unit) for t in tasks if t.limit}
        self.pauses = frozenset(t.id for t in tasks if t.pauses_clock)
        self.case_limit = process.case_limits.get("statutory") or process.case_limits.get(
            "promised"
        )
        self.sod_of: dict[str, list[int]] = {}
        self.sod_groups = process.sod_groups
        for g, group in enumerate(process.sod_groups):
            for t in group.tasks:
                self.sod_of.setdefault(t, []).append(g)
        self._fire: dict[tuple[tuple, int], _Outcome | None] = {}
        self._finish: dict[tuple, bool] = {}
        self._next: dict[tuple, tuple[str, ...]] = {}

    def label(self, activity: str) -> int:
        return self._label_of.get(activity, -1)

    def _on_cycle(self, start: str) -> bool:
        seen, stack = set(), list(self.process.successors[start])
        while stack:
            n = stack.pop()
            if n == start:
                return True
            if n not in seen:
                seen.add(n)
                stack.extend(self.process.successors[n])
        return False

    # --- the token game ----------------------------------------------------------------

    @staticmethod
    def _apply(m: tuple, consume: tuple, produce: tuple) -> tuple | None:
        lst = list(m)
        for p in consume:
            if lst[p] <= 0:
                return None
            lst[p] -= 1
        for p in produce:
            lst[p] += 1
            if lst[p] > TOKEN_CAP:
                return None
        return tuple(lst)

    def fire(self, m: tuple, label: int) -> _Outcome | None:
        key = (m, label)
        if key in self._fire:
            return self._fire[key]
        out = self._search(m, set(self.label_tasks[label]))
        self._fire[key] = out
        return out

    def _search(self, m0: tuple, wanted: set[str]) -> _Outcome | None:
        """0-1 BFS: silent moves cost 0, other tasks 1, until a wanted task fires."""
        dist = {m0: 0}
        parent: dict[tuple, tuple] = {m0: None}
        queue = deque([(0, m0)])
        while queue:
            d, m = queue.popleft()
            if d > dist[m]:
                continue
            for tid, consume, produce in self.task_tr:
                if tid in wanted and m[consume[0]] > 0:
                    after = self._apply(m, consume, produce)
                    if after is None:
                        continue
                    steps = [(consume, produce, tid, False)]
                    cur = m
                    while parent[cur] is not None:
                        prev, step = parent[cur]
                        steps.append(step)
                        cur = prev
                    steps.reverse()
                    skipped = tuple(s[2] for s in steps if s[3])
                    return _Outcome(tuple(steps), after, tid, skipped)
            if len(dist) > STATE_CAP:
                break
            for consume, produce in self.silent:
                after = self._apply(m, consume, produce)
                if after is not None and dist.get(after, 1 << 30) > d:
                    dist[after] = d
                    parent[after] = (m, (consume, produce, "", False))
                    queue.appendleft((d, after))
            for tid, consume, produce in self.task_tr:
                after = self._apply(m, consume, produce)
                if after is not None and dist.get(after, 1 << 30) > d + 1:
                    dist[after] = d + 1
                    parent[after] = (m, (consume, produce, tid, True))
                    queue.append((d + 1, after))
        return None

    def _closure(self, m0: tuple) -> set[tuple]:
        seen, stack = {m0}, [m0]
        while stack and len(seen) <= STATE_CAP:
            m = stack.pop()
            for consume, produce in self.silent:
                after = self._apply(m, consume, produce)
                if after is not None and after not in seen:
                    seen.add(after)
                    stack.append(after)
        return seen

    def can_finish(self, m: tuple) -> bool:
        r = self._finish.get(m)
        if r is None:
            r = self._finish[m] = self.final in self._closure(m)
        return r

    def next_tasks(self, m: tuple) -> tuple[str, ...]:
        r = self._next.get(m)
        if r is None:
            names = []
            for mm in self._closure(m):
                for tid, consume, _ in self.task_tr:
                    if mm[consume[0]] > 0 and self.task_name[tid] not in names:
                        names.append(self.task_name[tid])
            r = self._next[m] = tuple(names)
        return r


# --- replaying one case -----------------------------------------------------------------


@dataclass(slots=True)
class _Case:
    marking: tuple
    prod: dict[int, list[int]]  # place -> producers of its tokens (only places used)
    done: set[int] = field(default_factory=set)
    pending: dict[str, tuple[int, str]] = field(default_factory=dict)
    n: int = 0


def _new_case(machine: Machine) -> _Case:
    prod = {p: [-1] * c for p, c in enumerate(machine.initial) if c}
    return _Case(machine.initial, prod)


def _step(machine: Machine, case: _Case, label: int, activity: str, k: int, out: list):
    """Replay event ``k``; append control-flow deviations ``(kind, activity, k, detail)``
    to ``out``; return ``(task id or None, enabling event index or -1)``."""
    if label < 0:
        out.append(
            (
                "unknown_activity",
                activity,
                k,
                f"「{activity}」不是流程中的环节 (not a task of the model)",
            )
        )
        return None, -1
    res = machine.fire(case.marking, label)
    if res is None:
        tasks = machine.label_tasks[label]
        late = [t for t in tasks if t in case.pending]
        if late:
            first, before = case.pending.pop(late[0])
            out.append(
                (
                    "wrong_order",
                    activity,
                    k,
                    f"「{activity}」应在第 {first} 个事件「{before}」之前完成 "
                    f"(done after event {first} \u201c{before}\u201d, which it must precede)",
                )
            )
        elif label in case.done and not machine.label_looped[label]:
            out.append(
                (
                    "duplicate_step",
                    activity,
                    k,
                    f"「{activity}」重复办理, 流程中没有回路 (repeated; the model has no loop here)",
                )
            )
        else:
            out.append(
                (
                    "wrong_order",
                    activity,
                    k,
                    f"此时「{activity}」尚不能办理 (not enabled at this point of the case)",
                )
            )
        return None, -1
    prod = case.prod
    enabling = -1
    for consume, produce, tid, skipped in res.steps:
        e = max([prod[p].pop() for p in consume], default=-1)
        if tid and not skipped:
            enabling = e
            e = k
        for p in produce:
            tokens = prod.get(p)
            if tokens is None:
                prod[p] = [e]
            else:
                tokens.append(e)
    for t in res.skipped:
        case.pending.setdefault(t, (k, activity))
    case.marking = res.marking
    case.done.add(label)
    return res.task, enabling


def _close(machine: Machine, case: _Case, last_activity: str, n: int, out: list) -> None:
    for t, (k, before) in case.pending.items():
        name = machine.task_name[t]
        out.append(
            (
                "missing_step",
                name,
                k,
                f"「{before}」之前缺少必经环节「{name}」 (required step missing before \u201c{before}\u201d)",
            )
        )
    if not machine.can_finish(case.marking):
        nxt = "、".join(machine.next_tasks(case.marking)) or "—"
        out.append(
            (
                "incomplete_case",
                last_activity,
                n - 1,
                f"案件未办结, 尚待: {nxt} (the case has not reached an end event; next: {nxt})",
            )
        )


@dataclass
class _Variant:
    static: list  # (kind, activity, event_index, detail)
    timed: list  # (k, e, limit, unit, task name)
    pauses: list  # (e, k)
    sod: list  # (k1, k2, task1, task2)


def _replay_variant(machine: Machine, labels: Sequence[int], names: Sequence[str]) -> _Variant:
    case = _new_case(machine)
    static: list = []
    timed, pauses, sod_hits = [], [], []
    sod_seen: dict[int, list[tuple[int, str]]] = {}
    for k, (label, activity) in enumerate(zip(labels, names, strict=True)):
        task, e = _step(machine, case, label, activity, k, static)
        if task is None:
            continue
        if task in machine.pauses and e >= 0:
            pauses.append((e, k))
        lim = machine.limits.get(task)
        if lim and e >= 0:
            timed.append((k, e, lim[0], lim[1], machine.task_name[task]))
        for g in machine.sod_of.get(task, ()):
            for k0, t0 in sod_seen.setdefault(g, []):
                if t0 != task:
                    sod_hits.append((k0, k, t0, task))
            sod_seen[g].append((k, task))
    _close(machine, case, names[-1] if names else "", len(names), static)
    return _Variant(static, timed, pauses, sod_hits)


# --- bulk checking ----------------------------------------------------------------------


@dataclass
class CheckResult:
    cases: int
    events: int
    conformant_cases: int
    counts: dict[str, int]
    deviations: list[tuple[str, str, str, int, str]]  # case_id, kind, activity, index, detail
    variants: int = 0
    notes: list[str] = field(default_factory=list)


_DATES: dict[int, str] = {}


def _date(day: int) -> str:
    """ISO date of an epoch day (memoised: deviations repeat days massively)."""
    text = _DATES.get(day)
    if text is None:
        text = from_epoch_day(day).isoformat()
        if len(_DATES) < 100_000:
            _DATES[day] = text
    return text


class _Deadlines:
    """Last days by the calendar, memoised per (start day, n, unit) without pauses."""

    def __init__(self, calendar: WorkCalendar | None, case_id_of) -> None:
        self.cal = calendar
        self.cache: dict[tuple[int, int, str], int] = {}
        self.case_id_of = case_id_of

    def last_day(self, start: int, n: int, unit: str, pauses, case: int) -> int:
        if self.cal is None:
            raise CheckError(
                "no_calendar",
                "流程含有时限, 但没有工作日历",
                "the model has time limits but no working-day calendar was given",
            )
        if not pauses:
            key = (start, n, unit)
            r = self.cache.get(key)
            if r is not None:
                return r
        try:
            if unit == "calendar":
                r = self.cal.last_calendar_day_epoch(start, n, pauses)
            else:
                r = self.cal.last_day_epoch(start, n, pauses)
        except UnknownYearError as exc:
            cid = self.case_id_of(case)
            raise CheckError(
                "calendar_year_unknown",
                f"案件 {cid}: {exc.zh}",
                f"case {cid}: {exc.en}",
            ) from None
        if not pauses:
            self.cache[(start, n, unit)] = r
        return r


def check(log: EventLog, machine: Machine, calendar: WorkCalendar | None) -> CheckResult:
    """Check every case of ``log``; deviations ordered by case, then event."""
    labels_of_code = [machine.label(a) for a in log.activities]
    names = log.activities
    act, off, ts, res = log.act, log.offsets, log.ts, log.res
    n_cases = log.n_cases
    act_bytes = act.tobytes()
    width = act.itemsize
    variants: dict[bytes, _Variant] = {}
    need_days = bool(machine.limits or machine.case_limit)
    days = [int(t + OFFSET) // DAY for t in ts] if need_days else []
    deadlines = _Deadlines(calendar, lambda c: log.case_ids[c])
    counts = dict.fromkeys(KINDS, 0)
    devs: list[tuple[str, str, str, int, str]] = []
    conformant = 0
    case_ids = log.case_ids
    case_limit = machine.case_limit
    resources = log.resources
    known_due = deadlines.cache  # (start, n, unit) -> last day, without pauses
    by_index = itemgetter(2)
    for c in range(n_cases):
        a, b = off[c], off[c + 1]
        key = act_bytes[a * width : b * width]
        v = variants.get(key)
        if v is None:
            codes = act[a:b]
            v = variants[key] = _replay_variant(
                machine, [labels_of_code[x] for x in codes], [names[x] for x in codes]
            )
        found = v.static
        extra = None
        if v.timed or case_limit or v.sod:
            extra = []
            pauses = [(days[a + e], days[a + k]) for e, k in v.pauses] if v.pauses else ()
            for k, e, n, unit, name in v.timed:
                start = days[a + e]
                due = None if pauses else known_due.get((start, n, unit))
                if due is None:
                    due = deadlines.last_day(start, n, unit, pauses, c)
                done = days[a + k]
                if done > due:
                    what = "工作日" if unit == "working" else "日"
                    extra.append(
                        (
                            "step_overdue",
                            name,
                            k,
                            f"「{name}」时限 {n} {what}, 自 {_date(start)} 起应于 {_date(due)} "
                            f"办结, 实际 {_date(done)} (limit {n} "
                            f"{'working ' if unit == 'working' else ''}days from "
                            f"{_date(start)}: due {_date(due)}, done {_date(done)})",
                        )
                    )
            if case_limit and b > a:
                start, done = days[a], days[b - 1]
                due = deadlines.last_day(start, case_limit, "working", pauses, c)
                if done > due:
                    extra.append(
                        (
                            "case_overdue",
                            names[act[b - 1]],
                            b - a - 1,
                            f"办结时限 {case_limit} 个工作日, 自 {_date(start)} 起应于 "
                            f"{_date(due)} 办结, 最后事件 {_date(done)} (case limit "
                            f"{case_limit} working days from {_date(start)}: due "
                            f"{_date(due)}, last event {_date(done)})",
                        )
                    )
            seen_pairs = set()
            for k1, k2, t1, t2 in v.sod:
                r = res[a + k1]
                if r and r == res[a + k2] and (t1, t2) not in seen_pairs:
                    seen_pairs.add((t1, t2))
                    n1, n2 = machine.task_name[t1], machine.task_name[t2]
                    who = resources[r]
                    extra.append(
                        (
                            "sod_violation",
                            n2,
                            k2,
                            f"「{n1}」(第 {k1} 个事件)与「{n2}」(第 {k2} 个事件)同为 {who} 办理, "
                            f"违反不相容岗位分离 (one resource {who} did both \u201c{n1}\u201d "
                            f"(event {k1}) and \u201c{n2}\u201d (event {k2}))",
                        )
                    )
            if extra:
                found = sorted(found + extra, key=by_index)
        if not found:
            conformant += 1
            continue
        cid = case_ids[c]
        for kind, activity, k, detail in found:
            counts[kind] += 1
            devs.append((cid, kind, activity, k, detail))
    return CheckResult(
        cases=n_cases,
        events=log.n_events,
        conformant_cases=conformant,
        counts={k: v for k, v in counts.items() if v},
        deviations=devs,
        variants=len(variants),
        notes=list(log.notes),
    )


# --- events one by one ------------------------------------------------------------------


@dataclass(slots=True)
class _LiveCase:
    case: _Case
    days: list[int] = field(default_factory=list)
    res: list[str] = field(default_factory=list)
    tasks: list[str | None] = field(default_factory=list)
    pauses: list[tuple[int, int]] = field(default_factory=list)
    last: str = ""


class IncrementalChecker:
    """Events arriving one by one: ``feed(case_id, activity, timestamp, resource)`` returns
    the deviations that event shows; ``close(case_id)`` (or ``close_all()``) those that
    only the end of a case shows. ``timestamp``: an aware datetime or POSIX seconds."""

    def __init__(self, machine: Machine, calendar: WorkCalendar | None = None) -> None:
        self.machine = machine
        self.deadlines = _Deadlines(calendar, lambda c: c)
        self.cases: dict[str, _LiveCase] = {}
        self.events = 0

    def feed(self, case_id: str, activity: str, timestamp, resource: str = "") -> list[Deviation]:
        m = self.machine
        live = self.cases.get(case_id)
        if live is None:
            live = self.cases[case_id] = _LiveCase(_new_case(m))
        if isinstance(timestamp, datetime.datetime):
            if timestamp.tzinfo is None:
                raise CheckError("naive_datetime", "时间必须带时区", "timestamps must be aware")
            timestamp = timestamp.timestamp()
        day = int(timestamp + OFFSET) // DAY
        k = live.case.n
        live.case.n += 1
        live.days.append(day)
        live.res.append(resource)
        live.last = activity
        self.events += 1
        out: list = []
        task, e = _step(m, live.case, m.label(activity), activity, k, out)
        live.tasks.append(task)
        if task is not None:
            if task in m.pauses and e >= 0:
                live.pauses.append((live.days[e], day))
            lim = m.limits.get(task)
            if lim and e >= 0:
                start = live.days[e]
                due = self.deadlines.last_day(start, lim[0], lim[1], live.pauses, case_id)
                if day > due:
                    out.append(
                        (
                            "step_overdue",
                            activity,
                            k,
                            f"自 {_date(start)} 起应于 {_date(due)} 办结, 实际 {_date(day)} "
                            f"(due {_date(due)}, done {_date(day)})",
                        )
                    )
            if resource:
                for g in m.sod_of.get(task, ()):
                    for k0, t0 in enumerate(live.tasks[:-1]):
                        if (
                            t0
                            and t0 != task
                            and g in m.sod_of.get(t0, ())
                            and live.res[k0] == resource
                        ):
                            out.append(
                                (
                                    "sod_violation",
                                    activity,
                                    k,
                                    f"「{m.task_name[t0]}」与「{activity}」同为 {resource} "
                                    f"办理 (one resource {resource} did both)",
                                )
                            )
                            break
        return [Deviation(case_id, *d) for d in out]

    def close(self, case_id: str) -> list[Deviation]:
        live = self.cases.pop(case_id, None)
        if live is None:
            return []
        out: list = []
        _close(self.machine, live.case, live.last, live.case.n, out)
        limit = self.machine.case_limit
        if limit and live.days:
            due = self.deadlines.last_day(live.days[0], limit, "working", live.pauses, case_id)
            if live.days[-1] > due:
                out.append(
                    (
                        "case_overdue",
                        live.last,
                        live.case.n - 1,
                        f"应于 {_date(due)} 办结 (due {_date(due)})",
                    )
                )
        return [Deviation(case_id, *d) for d in out]

    def close_all(self) -> list[Deviation]:
        out: list[Deviation] = []
        for cid in list(self.cases):
            out.extend(self.close(cid))
        return out
