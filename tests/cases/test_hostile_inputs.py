"""Hostile inputs to the case pages and the integration API (issue 25 point 7): a fee of
NaN, a step or handover id that is not a key, an event id longer than the column, a
legal batch larger than Django's upload limit."""

from __future__ import annotations

import json
import time

import pytest
from django.urls import reverse

from tests.cases.test_ingest import URL, create, step, token_client
from yangguang.cases import services as cs
from yangguang.cases.models import Case, Fee, Handover, IngestedEvent, Step
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(w, clock):
    return cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.mark.parametrize("amount", ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "1e30", "abc"])
def test_a_fee_that_is_not_an_amount_is_refused(client, w, case, amount):
    client.force_login(w.u["win1"])
    response = client.post(
        reverse("cases:fee", args=[case.pk]), {"item": "工本费", "amount": amount}, follow=True
    )
    assert response.status_code == 200
    assert "金额" in _messages(response)
    assert not Fee.objects.filter(case=case).exists()


def test_the_fee_service_refuses_nan_and_huge_amounts(w, case):
    actor = Actor.person(w.u["win1"])
    for amount in ("NaN", "Infinity", "10000000000", 10**12):
        with pytest.raises(DomainError) as refused:
            cs.fee_record(actor=actor, case=case, item="工本费", amount=amount)
        assert refused.value.field == "amount"
    assert not Fee.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1", "1.5", "１２"])
def test_a_step_or_handover_id_that_is_not_a_key_is_refused(client, w, case, value):
    client.force_login(w.u["win1"])
    done = Step.objects.filter(case=case, status="done").count()
    for name, data in (
        ("cases:step_complete", {"step": value}),
        ("cases:handover", {"to": value, "reason": "换人"}),
    ):
        response = client.post(reverse(name, args=[case.pk]), data, follow=True)
        assert response.status_code == 200, (name, value)
        assert _messages(response), (name, value)
    assert Step.objects.filter(case=case, status="done").count() == done
    assert not Handover.objects.filter(case=case).exists()


def test_an_event_id_longer_than_the_column_is_refused_not_cut(w, clock):
    clock.now = clock.tick(2026, 3, 10)
    client = token_client(w.u["win1"])
    long_a, long_b = "e" * 100 + "A", "e" * 100 + "B"  # the same first 100 characters
    huge = "x" * (1 << 20)
    events = [create(long_a, case="L-1"), create(long_b, case="L-2"), create(huge, case="L-3")]
    response = client.post(URL, events, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert {r["code"] for r in results} == {"too_long"} and {r["field"] for r in results} == {"id"}
    assert all(r["id"] is None for r in results)  # a megabyte is not echoed back
    assert not IngestedEvent.objects.exists() and not Case.objects.exists()
    exactly = "e" * 100
    ok = client.post(URL, [create(exactly, case="L-4")], content_type="application/json")
    assert ok.json()["results"][0]["status"] == "accepted"
    assert IngestedEvent.objects.get().event_id == exactly


def test_a_legal_batch_of_5000_events_beyond_djangos_upload_limit(w, clock, settings):
    """5,000 events (2,500 cases received and their first step with a 500-character
    note): more than Django's 2.5 MB, within the API's limit; answered in JSON."""
    clock.now = clock.tick(2026, 3, 10)
    note = "审查意见" * 125  # 500 characters
    events = []
    for n in range(2500):
        events.append(create(f"c{n}", case=f"B-{n}"))
        events.append(
            step(f"s{n}", "Task_3", "win1", (2026, 3, 2, 10), case=f"B-{n}",
                 choices=["Flow_4"], post="P0", note=note)
        )  # fmt: skip
    body = json.dumps(events, ensure_ascii=False).encode()
    assert len(body) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # 2.5 MB
    assert len(body) < settings.YANGGUANG_API_MAX_BODY
    started = time.monotonic()
    response = token_client(w.u["win1"]).post(URL, body, content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    answer = response.json()
    assert answer["accepted"] == 5000, [r for r in answer["results"] if r["status"] != "accepted"][
        :3
    ]
    assert Case.objects.count() == 2500
    assert time.monotonic() - started < 120


def test_a_batch_over_the_api_limit_is_a_json_413(w, clock, settings):
    settings.YANGGUANG_API_MAX_BODY = 10_000
    events = [create(f"c{n}", case=f"B-{n}") for n in range(100)]
    response = token_client(w.u["win1"]).post(URL, events, content_type="application/json")
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "body_too_large" and body["message_zh"] and body["message_en"]
    assert not Case.objects.exists()
