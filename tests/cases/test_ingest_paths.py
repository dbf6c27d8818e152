"""The two paths of one call of ``events_ingest``: set-wise (``yangguang.cases.batch``)
and the path it falls back on when a concurrent writer clashes with it (the batch taken
back, then each event a batch of one in its own savepoint). The real fallback is forced
on the same batch, at the same clock: the set-wise store really writes, then meets a
unique clash (as from a concurrent writer), so its savepoint takes everything back and
``events_ingest`` goes event by event. Both must give the same answers (alerts
included), the same rows (cases, steps, pauses, every alert, idempotency rows with their
results) and the same audit entries.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.db import IntegrityError, transaction

from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.batch import write
from yangguang.cases.models import Alert, Case, IngestedEvent, Pause, Step
from yangguang.core.context import Actor

from .conftest import at
from .test_ingest import create, iso, step, whole_case

pytestmark = pytest.mark.django_db


class Undo(Exception):
    pass


def _step_key(step_id) -> str:
    if step_id is None:
        return ""
    s = Step.objects.select_related("case").get(pk=step_id)
    return f"{s.case.number}/{s.node_key}#{s.occurrence}"


def _state(base_seq: int):
    cases = list(
        Case.objects.order_by("number").values_list(
            "number", "external_id", "status", "marking", "accepted_at", "paused_since",
            "promised_deadline", "statutory_deadline", "warn_at", "acceptance_deadline",
            "deadline_unknown", "deadline_note", "finished_at", "reasons", "responsible_id",
            "registered_at", "channel",
        )
    )  # fmt: skip
    steps = sorted(
        Step.objects.values_list(
            "case__number", "node_key", "occurrence", "status", "activated_at", "completed_at",
            "completed_by_id", "choice", "note", "deadline", "warn_at", "deadline_note",
        )
    )  # fmt: skip
    pauses = sorted(
        (p.case.number, _step_key(p.step_id), p.kind, p.begin, p.end)
        for p in Pause.objects.select_related("case")
    )
    alerts = sorted(
        (a.case.number, _step_key(a.step_id), a.scope.split(":")[0], a.rule, a.grade,
         a.status, a.deadline, a.limit_days, a.threshold, a.responsible_id, a.detected_at)
        for a in Alert.objects.select_related("case")
    )  # fmt: skip
    ingested = sorted(
        (e.event_id, e.kind, e.case.number, e.at, json.dumps(e.result, sort_keys=True))
        for e in IngestedEvent.objects.select_related("case")
    )  # fmt: skip
    entries = []
    for e in AuditEntry.objects.filter(seq__gt=base_seq).order_by("seq"):
        body = json.loads(e.payload)
        extra = body.get("extra", {})
        obj = body["object"]
        key = _step_key(int(obj["id"])) if obj["type"] == "cases.step" else obj["type"]
        entries.append((e.action, key, body["org"], body["changes"], extra))
    return {
        "cases": cases, "steps": steps, "pauses": pauses, "alerts": alerts,
        "ingested": ingested, "audit": entries,
    }  # fmt: skip


def _answers(results):
    return [{k: v for k, v in r.items() if k != "query_code"} for r in results]


def both_paths(w, clock, monkeypatch, events, end: dt.datetime):
    """``events`` in one call at the clock ``end``, set-wise and through the real
    fallback; the state each leaves is compared, then taken back."""
    actor = Actor.person(w.u["win1"])
    seen = {}
    real_store = write.store
    for mode in ("batch", "fallback"):
        clock.now = end
        stores = []

        def store(sim, stores=stores, mode=mode):
            real_store(sim)
            stores.append(len(sim.new_cases) + len(sim.changed_cases))
            if mode == "fallback" and len(stores) == 1:
                raise IntegrityError("a concurrent writer stored one of these rows first")

        try:
            with transaction.atomic(), monkeypatch.context() as m:
                m.setattr(write, "store", store)
                base = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
                results = cs.events_ingest(actor=actor, source="s", events=events)
                seen[mode] = (_answers(results), _state(base or 0), results, stores)
                raise Undo
        except Undo:
            pass
    (a_answers, a_state, a_raw, a_stores) = seen["batch"]
    (b_answers, b_state, _b, b_stores) = seen["fallback"]
    accepted = sum(r["status"] == "accepted" for r in a_raw)
    assert len(a_stores) == 1
    # the fallback really ran: the batch stored and taken back, then one store per event
    assert len(b_stores) == 1 + accepted, (b_stores, accepted)
    assert a_answers == b_answers
    for key in a_state:
        assert a_state[key] == b_state[key], key
    return a_raw


def test_whole_case_and_rejections(w, clock, monkeypatch):
    events = [
        *whole_case(),
        create("e1"),
        step("a", "Task_3", "win1", (2026, 3, 2, 10), case="NOPE"),
        step("b", "Task_99", "win1", (2026, 3, 2, 10)),
        {"id": "x", "type": "finish", "case": "X-1", "outcome": "approved",
         "at": iso(2026, 3, 5, 9)},
        {"type": "step"},
        create("y1", case="Y-1", when=(2026, 3, 3, 9)),
        step("y2", "Task_6", "biz1", (2026, 3, 3, 10), case="Y-1"),
        step("y3", "Task_3", "biz1", (2026, 3, 3, 10), case="Y-1", choices=["Flow_3"]),
        step("y4", "Task_3", "win1", (2026, 3, 3, 10), case="Y-1", choices=["Flow_3"],
             post="P1"),
        step("y5", "Task_3", "win1", (2026, 3, 2, 10), case="Y-1", choices=["Flow_3"]),
        step("y6", "Task_3", "nobody", (2026, 3, 3, 10), case="Y-1", choices=["Flow_3"]),
        step("y7", "Task_3", "win1", (2026, 3, 3, 11), case="Y-1"),
        step("y8", "Task_3", "win1", (2026, 3, 3, 11), case="Y-1", choices=["Flow_3"]),
        step("y9", "Task_6", "win1", (2026, 3, 3, 12), case="Y-1", choices=["Flow_9"]),
        step("y10", "Task_6", "biz1", (2026, 3, 3, 12), case="Y-1", choices=["Flow_9"]),
        {"id": "y11", "type": "finish", "case": "Y-1", "outcome": "approved",
         "at": iso(2026, 3, 3, 13)},
        {"id": "y12", "type": "finish", "case": "Y-1", "outcome": "refused",
         "at": iso(2026, 3, 3, 13)},
        {"id": "y13", "type": "finish", "case": "Y-1", "outcome": "withdrawn",
         "at": iso(2026, 3, 3, 14)},
        step("y14", "Task_10", "lead1", (2026, 3, 3, 15), case="Y-1"),
    ]  # fmt: skip
    results = both_paths(w, clock, monkeypatch, events, at(2026, 3, 6))
    statuses = [r["status"] for r in results]
    assert statuses.count("accepted") >= 12 and statuses.count("rejected") >= 10


def test_late_cases_parallel_branches_and_unknown_years(w, clock, monkeypatch):
    events = [
        create("l1", case="L-1", when=(2026, 2, 2, 9)),
        step("l2", "Task_3", "win1", (2026, 2, 9, 9), case="L-1", choices=["Flow_3"]),
        step("l3", "Task_6", "biz1", (2026, 3, 9, 9), case="L-1", choices=["Flow_9"]),
        {"id": "l4", "type": "finish", "case": "L-1", "outcome": "refused",
         "at": iso(2026, 3, 10, 9)},
        create("u1", case="U-1", when=(2001, 3, 5, 9)),
        step("u2", "Task_3", "win1", (2001, 3, 5, 10), case="U-1", choices=["Flow_4"]),
        {"id": "u3", "type": "resume", "case": "U-1", "by": "win1", "at": iso(2001, 3, 6, 9)},
        {"id": "p0", "type": "create", "case": "P-1", "power": "XK00002000",
         "applicant": "某公司", "at": iso(2026, 3, 2, 9)},
        step("p1", "Task_3", "win1", (2026, 3, 2, 10), case="P-1"),
        {"id": "p2", "type": "pause", "case": "P-1", "at": iso(2026, 3, 2, 10)},
        {"id": "p3", "type": "resume", "case": "P-1", "by": "biz1", "at": iso(2026, 3, 4, 9)},
        {"id": "p3b", "type": "resume", "case": "P-1", "by": "lead1",
         "at": iso(2026, 3, 4, 9)},
        step("p4", "Task_8", "biz1", (2026, 3, 4, 10), case="P-1"),
        step("p5", "Task_7", "biz2", (2026, 3, 4, 10), case="P-1"),
        step("p6", "Task_9", "biz2", (2026, 3, 5, 10), case="P-1"),
        step("p7", "Task_10", "biz1", (2026, 3, 5, 11), case="P-1"),
        step("p8", "Task_10", "win1", (2026, 3, 5, 11), case="P-1"),
        step("p9", "Task_11", "lead1", (2026, 3, 6, 11), case="P-1"),
        create("m1", case="M-1", when=(2026, 3, 9, 9)),
        step("m2", "Task_3", "win2", (2026, 3, 13, 9), case="M-1", choices=["Flow_3"]),
    ]  # fmt: skip
    results = both_paths(w, clock, monkeypatch, events, at(2026, 3, 20))
    assert sum(r["status"] == "accepted" for r in results) >= 12
    assert any(r.get("warning") for r in results)


def _random_events(seed: int) -> list[dict]:
    """A stream over the food licence flowchart: mostly plausible events (the right
    people, increasing times, the branches named), with mistakes mixed in."""
    rng = random.Random(seed)
    cases = [f"R{seed}-{n}" for n in range(3)]
    doers = {"Task_3": ["win1", "win2"], "Task_5": ["win1", "win2"], "Task_6": ["biz1", "biz2"],
             "Task_9": ["biz1", "biz2"], "Task_10": ["lead1"], "Task_11": ["win2", "win1"]}  # fmt: skip
    tasks = ["Task_3", "Task_5", "Task_6", "Task_9", "Task_10", "Task_11", "受理", "Task_0"]
    people = ["win1", "win2", "biz1", "biz2", "lead1", "win1", "biz1", "nobody"]
    flows = ["Flow_3", "Flow_4", "Flow_7", "Flow_9"]
    when = at(2026, 3, 2, 9)
    events = []
    for n in range(120):
        when += dt.timedelta(hours=rng.choice([0.2, 0.5, 1, 3, 20]))
        case = rng.choice(cases)
        kind = rng.choices(["create", "step", "pause", "resume", "finish"], [2, 14, 1, 1, 0.5])[0]
        ev = {"id": f"r{n}" if rng.random() > 0.05 else "r0", "type": kind, "case": case,
              "at": (when - dt.timedelta(hours=rng.choice([0, 0, 0, 30]))).isoformat()}  # fmt: skip
        if kind == "create":
            ev |= {"power": "XK00001000", "applicant": "张三"}
        elif kind in ("step", "resume"):
            task = rng.choice(tasks)
            right = doers.get(task)
            by = rng.choice(right) if right and rng.random() < 0.85 else rng.choice(people)
            ev |= {"task": task, "by": by}
            if rng.random() < 0.9:
                ev["choices"] = rng.sample(flows, rng.choice([1, 1, 1, 2]))
            if kind == "resume" and rng.random() < 0.5:
                del ev["task"]
        elif kind == "finish":
            ev |= {"outcome": rng.choice(["approved", "refused", "withdrawn", "lost"]),
                   "reasons": rng.choice(["", "材料不符合法定条件"])}  # fmt: skip
        events.append(ev)
    return events


@pytest.mark.parametrize("seed", range(4))
def test_random_streams(w, clock, monkeypatch, seed):
    events = _random_events(seed)
    results = both_paths(w, clock, monkeypatch, events, at(2026, 5, 30))
    assert sum(r["status"] == "accepted" for r in results) >= 5  # and many refused


def test_a_history_pushed_months_later_is_judged_as_it_ended_on_both_paths(w, clock, monkeypatch):
    """The nine events of a case finished within three days in March, pushed on
    1 September: neither path raises an alert (the fallback used to judge each event by
    that day's clock: yellow_card, red_card, acceptance_late, step_late)."""
    results = both_paths(w, clock, monkeypatch, whole_case(), at(2026, 9, 1))
    assert [r["status"] for r in results] == ["accepted"] * 9
    assert all(r["alerts"] == [] for r in results)
    # and an open case of the same batch is judged once, by the clock after its last event
    events = [*whole_case(), create("o1", case="O-1", when=(2026, 3, 2, 9))]
    results = both_paths(w, clock, monkeypatch, events, at(2026, 9, 1))
    assert results[-1]["alerts"] and {"yellow_card", "red_card"} <= set(results[-1]["alerts"])
    assert all(r["alerts"] == [] for r in results[:-1])
