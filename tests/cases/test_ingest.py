"""The integration API: events of other approval systems through ``events_ingest`` and
``POST /api/v1/cases/events``: a whole case, idempotency by event id, per-event
rejections with nothing half-applied, supervision on arrival, authentication."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client

from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.models import Alert, Case, IngestedEvent, Step
from yangguang.core.context import Actor

from .conftest import at

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases/events"


def iso(*args) -> str:
    return at(*args).isoformat()


def token_client(user, name="审批系统") -> Client:
    from yangguang.accounts import services as accounts

    _token, secret = accounts.api_token_create(actor=Actor.system("t"), user=user, name=name)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def push(client, events, status=200):
    response = client.post(URL, events, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def create(eid="e1", case="X-1", when=(2026, 3, 2, 9), **kw):
    return {"id": eid, "type": "create", "case": case, "power": "XK00001000",
            "applicant": "张三", "at": iso(*when), **kw}  # fmt: skip


def step(eid, task, by, when, case="X-1", **kw):
    return {"id": eid, "type": "step", "case": case, "task": task, "by": by, "at": iso(*when),
            **kw}  # fmt: skip


def whole_case():
    return [
        create(),
        step("e2", "Task_3", "win1", (2026, 3, 2, 10), choices=["Flow_4"], post="P0"),
        {"id": "e3", "type": "pause", "case": "X-1", "at": iso(2026, 3, 2, 10)},
        {"id": "e4", "type": "resume", "case": "X-1", "by": "win1", "at": iso(2026, 3, 3, 9)},
        step("e5", "受理", "win2", (2026, 3, 3, 10), choices=["Flow_3"]),
        step("e6", "Task_6", "biz1", (2026, 3, 3, 11), choices=["Flow_9"]),
        step("e7", "Task_10", "lead1", (2026, 3, 4, 9)),
        step("e8", "Task_11", "win2", (2026, 3, 4, 10)),
        {"id": "e9", "type": "finish", "case": "X-1", "outcome": "approved",
         "at": iso(2026, 3, 4, 11)},
    ]  # fmt: skip


def test_a_whole_case_through_the_api_and_idempotent(w, clock):
    clock.now = at(2026, 3, 10)
    client = token_client(w.u["win1"])
    body = push(client, whole_case())
    assert [r["status"] for r in body["results"]] == ["accepted"] * 9, body
    assert body["accepted"] == 9 and body["rejected"] == 0
    first = body["results"][0]
    assert len(first["query_code"]) == 8 and first["case"] == "D1-2026-000001"
    case = Case.objects.get(external_id="X-1")
    assert case.status == "approved" and case.channel == "api"
    assert Step.objects.filter(case=case, status="done").count() == 6
    steps_before, entries_before = Step.objects.count(), AuditEntry.objects.count()

    again = push(client, whole_case())
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 9
    assert again["results"][0]["case"] == "D1-2026-000001"
    assert again["results"][0]["query_code"] is None  # shown once, never stored
    assert Step.objects.count() == steps_before
    assert AuditEntry.objects.count() == entries_before + 1  # the batch's own entry
    assert IngestedEvent.objects.count() == 9
    # one event on its own
    one = client.post(
        "/api/v1/cases/event", whole_case()[3], content_type="application/json"
    ).json()
    assert one["status"] == "duplicate" and one["case"] == "D1-2026-000001"
    # the same event id from another source system is another event
    other = token_client(w.u["win1"], name="另一系统")
    assert push(other, [whole_case()[0]])["results"][0]["code"] == "case_exists"


def test_rejections_per_event_nothing_half_applied(w, clock):
    clock.now = at(2026, 3, 10)
    client = token_client(w.u["win1"])
    naive = step("n", "Task_3", "win1", (2026, 3, 2, 10))
    naive["at"] = "2026-03-02T10:00:00"
    events = [
        create(),
        create("e1"),  # the same id again in the batch
        step("a", "Task_3", "win1", (2026, 3, 2, 10), case="NOPE"),
        step("b", "Task_99", "win1", (2026, 3, 2, 10)),
        step("c", "Task_6", "biz1", (2026, 3, 2, 10)),  # 审查 before 受理
        step("d", "Task_3", "biz1", (2026, 3, 2, 10), choices=["Flow_3"]),  # no post
        step("e", "Task_3", "win1", (2026, 3, 2, 10), choices=["Flow_3"], post="P1"),
        naive,
        step("f", "Task_3", "win1", (2026, 12, 2, 10), choices=["Flow_3"]),
        step("g", "Task_3", "nobody", (2026, 3, 2, 10), choices=["Flow_3"]),
        {"id": "h", "type": "explode", "case": "X-1", "at": iso(2026, 3, 2)},
        {"type": "step"},
        {"id": "i", "type": "pause", "case": "X-1", "at": iso(2026, 3, 2, 10)},
        step("j", "Task_3", "win1", (2026, 3, 1, 10), choices=["Flow_3"]),  # before it began
        step("ok", "Task_3", "win1", (2026, 3, 2, 10), choices=["Flow_3"]),
        step("ok", "Task_3", "win1", (2026, 3, 2, 10), choices=["Flow_3"]),
        step("k", "Task_3", "win1", (2026, 3, 2, 11), choices=["Flow_3"]),  # done already
        step("sod", "Task_6", "win1", (2026, 3, 3, 9), choices=["Flow_9"]),
    ]
    results = push(client, events)["results"]
    got = [(r["id"], r["status"], r.get("code")) for r in results]
    assert got == [
        ("e1", "accepted", None),
        ("e1", "duplicate", None),
        ("a", "rejected", "unknown_case"),
        ("b", "rejected", "unknown_step"),
        ("c", "rejected", "out_of_order"),
        ("d", "rejected", "post_required"),
        ("e", "rejected", "wrong_post"),
        ("n", "rejected", "naive_datetime"),
        ("f", "rejected", "future_time"),
        ("g", "rejected", "unknown_person"),
        ("h", "rejected", "event_type"),
        (None, "rejected", "event_id"),
        ("i", "rejected", "not_paused"),
        ("j", "rejected", "before_activation"),
        ("ok", "accepted", None),
        ("ok", "duplicate", None),
        ("k", "rejected", "step_not_open"),
        ("sod", "rejected", "sod_violation"),
    ]
    sod = results[-1]
    assert "职责分离" in sod["message_zh"] and "separation of duties" in sod["message_en"]
    assert all(r["message_zh"] and r["message_en"] for r in results if r["status"] == "rejected")
    case = Case.objects.get(external_id="X-1")
    assert list(Step.objects.filter(case=case).values_list("node_key", "status")) == [
        ("Task_3", "done"),
        ("Task_6", "open"),
    ]
    assert set(IngestedEvent.objects.values_list("event_id", flat=True)) == {"e1", "ok"}
    # a rejected event may be sent again once corrected
    fixed = step("sod", "Task_6", "biz1", (2026, 3, 3, 9), choices=["Flow_9"])
    assert push(client, [fixed])["results"][0]["status"] == "accepted"


def test_a_concurrent_writer_sends_the_batch_event_by_event(w, clock, monkeypatch):
    """The set-wise store meets a row written meanwhile (IntegrityError): everything it
    wrote is taken back and the batch goes event by event, where an event failing late
    (here its idempotency row) leaves nothing and the next event goes on."""
    clock.now = at(2026, 3, 10)
    from yangguang.cases.batch import write

    real_store, real_row = write.store, write.result_row
    calls = []

    def store_then_clash(sim):
        real_store(sim)  # rows written, then the clash: the savepoint takes them back
        calls.append(len(sim.new_cases))
        if len(calls) == 1:  # the whole batch; then event by event
            raise IntegrityError("simulated concurrent writer")

    def flaky(o, **kw):
        if o.event_id == "boom":
            raise IntegrityError("simulated")
        return real_row(o, **kw)

    monkeypatch.setattr(write, "store", store_then_clash)
    monkeypatch.setattr(write, "result_row", flaky)
    results = cs.events_ingest(
        actor=Actor.person(w.u["win1"]), source="s",
        events=[create("boom", case="B-1"), create("fine", case="F-1")],
    )  # fmt: skip
    assert calls == [2, 1, 1]
    assert [r["status"] for r in results] == ["rejected", "accepted"]
    assert results[0]["code"] == "duplicate"
    assert list(Case.objects.values_list("external_id", flat=True)) == ["F-1"]
    # gap-free numbers: the taken-back batch and the failed event gave theirs back
    assert Case.objects.get().number == "D1-2026-000001"


def test_supervision_applies_on_arrival(w, clock):
    """Deadlines are judged by the clock once the batch's events of a case are applied;
    a step done late is judged at its own time."""
    clock.now = at(2026, 3, 20)
    actor = Actor.person(w.u["win1"])
    results = cs.events_ingest(
        actor=actor, source="s",
        events=[
            create("c1", case="L-1", when=(2026, 2, 2, 9)),
            create("c2", case="L-2", when=(2026, 3, 16, 9)),
            step("s2", "Task_3", "win1", (2026, 3, 19, 10), case="L-2", choices=["Flow_3"]),
        ],
    )  # fmt: skip
    assert [r["status"] for r in results] == ["accepted"] * 3
    # L-1 is open and past both limits now
    assert {"yellow_card", "red_card"} <= set(results[0]["alerts"])
    # 受理 (one working day) was done three days after it began
    assert results[1]["alerts"] == []
    assert "step_late" in results[2]["alerts"]
    assert Alert.objects.filter(case__external_id="L-2", rule="step_late").count() == 1
    # a case arriving alone is judged by the clock on arrival
    (r,) = cs.events_ingest(
        actor=actor, source="s", events=[create("c3", case="L-3", when=(2026, 3, 16, 9))]
    )
    assert "step_late" in r["alerts"]


def test_a_history_in_one_batch_is_judged_as_it_ended(w, clock):
    """A case done in time, sent months later in one batch, gets no cards (it would, were
    each intermediate state judged by today's clock)."""
    clock.now = at(2026, 9, 1)
    results = cs.events_ingest(actor=Actor.person(w.u["win1"]), source="s", events=whole_case())
    assert [r["status"] for r in results] == ["accepted"] * 9
    assert not Alert.objects.exists()
    assert Case.objects.get().status == "approved"


def test_a_year_the_calendar_does_not_know(w, clock):
    clock.now = at(2026, 3, 20)
    (r,) = cs.events_ingest(
        actor=Actor.person(w.u["win1"]), source="s", events=[create(when=(2001, 3, 5, 9))]
    )
    assert r["status"] == "accepted" and "deadline_unknown" in r["alerts"]
    assert r["warning"]


def test_scope_and_authentication(w, clock):
    clock.now = at(2026, 3, 10)
    assert Client().post(URL, [create()], content_type="application/json").status_code == 401
    session = Client()
    session.force_login(w.u["win1"])
    assert session.post(URL, [create()], content_type="application/json").status_code in (401, 403)
    outsider = token_client(w.u["other_clerk"])
    (r,) = push(outsider, [create()])["results"]
    assert r["code"] == "unknown_power"
    push(token_client(w.u["win1"]), [create()])
    (r,) = push(outsider, [step("s", "Task_3", "win1", (2026, 3, 2, 10))])["results"]
    assert r["code"] == "unknown_case"  # out of scope looks like absent
    assert push(outsider, {"not": "a list"}, status=422)
