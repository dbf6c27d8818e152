"""Two clerks (or two browser tabs) completing the same step at once: exactly one
completion, the other refused cleanly; concurrent registrations get distinct numbers
without gaps (PostgreSQL, real transactions in threads)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from yangguang.audit.models import AuditEntry
from yangguang.cases import batch
from yangguang.cases import services as cs
from yangguang.cases.models import Alert, Case, IngestedEvent, Step
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

from .conftest import at, build, open_step
from .test_ingest import whole_case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_one_completion_of_the_same_step():
    w = build()
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三", at=at(2026, 3, 2)
    )
    step = open_step(case, "受理")

    def complete(name):
        return lambda: cs.step_complete(
            actor=Actor.person(w.u[name]), step=step.pk, at=at(2026, 3, 2, 10),
            choices=["Flow_3"],
        )  # fmt: skip

    results = run_together(complete("win1"), complete("win2"), complete("win1"))
    done = [r for r in results if isinstance(r, Step)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(done) == 1 and len(refused) == 2, results
    assert {r.error_code for r in refused} == {"step_done"}
    assert Step.objects.filter(case=case, name="受理", status="done").count() == 1
    assert Step.objects.filter(case=case, name="审查").count() == 1


def test_concurrent_registrations_number_without_gaps():
    w = build()

    def register(i):
        return lambda: cs.case_register(
            actor=Actor.person(w.u["win1"]), power=w.food, applicant=f"A{i}", at=at(2026, 3, 2)
        )

    results = run_together(*(register(i) for i in range(4)))
    assert all(isinstance(r, Case) for r in results), results
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"D1-2026-{n:06d}" for n in range(1, 5)]


def _push(w, events, source="审批系统"):
    return lambda: cs.events_ingest(actor=Actor.person(w.u["win1"]), source=source, events=events)


def _create(eid, case, applicant="张三"):
    return {"id": eid, "type": "create", "case": case, "power": "XK00001000",
            "applicant": applicant, "at": at(2026, 3, 2).isoformat()}  # fmt: skip


def test_batches_completing_the_same_step_at_once():
    """Three batches (two through the integration API, one clerk in the browser) do 受理
    of one case at the same moment: one completion; the batches wait for the case's
    lock and then see the step done."""
    w = build()
    cs.events_ingest(actor=Actor.person(w.u["win1"]), source="s", events=[_create("c", "K-1")])
    case = Case.objects.get(external_id="K-1")
    step = open_step(case, "受理")

    def event(eid, by):
        return [{"id": eid, "type": "step", "case": "K-1", "task": "Task_3", "by": by,
                 "at": at(2026, 3, 2, 10).isoformat(), "choices": ["Flow_3"]}]  # fmt: skip

    def clerk():
        return cs.step_complete(
            actor=Actor.person(w.u["win2"]), step=step.pk, at=at(2026, 3, 2, 10),
            choices=["Flow_3"],
        )  # fmt: skip

    results = run_together(_push(w, event("a", "win1")), _push(w, event("b", "win2")), clerk)
    batch_status = [r[0]["status"] for r in results[:2]]
    clerk_done = isinstance(results[2], Step)
    assert batch_status.count("accepted") + clerk_done == 1, results
    assert Step.objects.filter(case=case, name="受理", status="done").count() == 1
    assert Step.objects.filter(case=case, name="审查").count() == 1


def test_batches_with_the_same_events_and_new_cases_at_once():
    """The same batch sent twice at once (a retry racing the original) and another
    batch of new cases: each event applied once, case numbers without gaps."""
    w = build()
    same = [_create(f"e{i}", f"S-{i}") for i in range(5)]
    other = [_create(f"o{i}", f"O-{i}") for i in range(5)]
    results = run_together(_push(w, same), _push(w, same), _push(w, other, source="另一系统"))
    assert all(isinstance(r, list) for r in results), [
        r for r in results if not isinstance(r, list)
    ]
    first, second, third = ([x["status"] for x in r] for r in results)
    assert sorted([first, second]) == sorted([["accepted"] * 5, ["duplicate"] * 5]) or (
        all(a == "accepted" or b == "accepted" for a, b in zip(first, second, strict=True))
    ), (first, second)
    assert third == ["accepted"] * 5
    assert Case.objects.count() == 10
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"D1-2026-{n:06d}" for n in range(1, 11)]


def test_a_real_clash_falls_back_and_is_judged_as_the_batch(monkeypatch):
    """Another writer has stored (not yet committed) the idempotency row of one of the
    batch's event ids and commits while the batch is being stored: the batch meets the
    unique clash, is taken back and goes event by event. The clashing event is answered
    as a duplicate; the nine events of a case finished within three days in March, pushed
    months later, are accepted and judged as the batch judges them: no alert (judged by
    today's clock event by event, it would have yellow and red cards, a late acceptance
    and a late step)."""
    w = build()
    modes = []
    real_run = batch.run

    def run(**kw):
        modes.append(kw.get("each", False))
        return real_run(**kw)

    monkeypatch.setattr(batch, "run", run)
    holding, release = threading.Event(), threading.Event()

    def other_writer():
        try:
            with transaction.atomic():
                IngestedEvent.objects.create(
                    source="s", event_id="z", kind="create", at=at(2026, 3, 2),
                    received_at=timezone.now(), result={"case": "elsewhere"},
                )  # fmt: skip
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    events = [*whole_case(), _create("z", "Z-1")]
    out: list = []

    def pusher():
        try:
            out.append(_push(w, events, source="s")())
        except Exception as exc:
            out.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert holding.wait(30)
    push = threading.Thread(target=pusher)
    push.start()
    time.sleep(1.5)  # the batch reads the event ids stored before the other commits
    release.set()
    writer.join()
    push.join()
    (results,) = out
    assert not isinstance(results, Exception), results
    assert modes == [False, True]  # set-wise, then the fallback
    assert [r["status"] for r in results] == ["accepted"] * 9 + ["duplicate"]
    assert results[-1]["case"] == "elsewhere"
    assert all(r["alerts"] == [] for r in results[:9])
    assert not Alert.objects.exists()
    assert list(Case.objects.values_list("external_id", "status")) == [("X-1", "approved")]
    assert AuditEntry.objects.filter(action="cases.step_complete").count() == 6
