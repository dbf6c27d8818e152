"""Two clerks (or two browser tabs) completing the same step at once: exactly one
completion, the other refused cleanly; concurrent registrations get distinct numbers
without gaps (PostgreSQL, real transactions in threads)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from yangguang.cases import services as cs
from yangguang.cases.models import Case, Step
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

from .conftest import at, build, open_step

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
