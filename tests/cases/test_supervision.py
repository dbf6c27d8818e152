"""Supervision rules: each fires once and only once however often the sweep runs, with
the figures named; per-organisation and per-power settings; the sweep is set-wise (the
same statements for three cases as for thirty)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yangguang.audit.models import AuditEntry
from yangguang.cases import selectors
from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.core.context import Actor

from .conftest import SYSTEM, at, open_step

pytestmark = pytest.mark.django_db


def sweep(now) -> dict:
    first = cs.supervision_sweep(actor=SYSTEM, now=now)
    assert cs.supervision_sweep(actor=SYSTEM, now=now) == {}  # never twice
    return first


def register(w, clock, *args, power=None):
    return cs.case_register(
        actor=Actor.person(w.u["win1"]), power=power or w.food, applicant="张三",
        at=clock.tick(*args),
    )  # fmt: skip


def test_deadline_rules_fire_once_each_as_time_passes(w, clock):
    case = register(w, clock, 2026, 3, 2, 9)  # promised 9 March, statutory 30 March
    assert case.warn_at == at(2026, 3, 5, 0)  # two working days left from 5 March
    assert sweep(at(2026, 3, 3, 10)) == {"step_warning": 1}  # 受理 due today
    assert sweep(at(2026, 3, 4, 10)) == {"step_late": 1}  # 受理 late, the case in time
    assert sweep(at(2026, 3, 5, 10)) == {"case_warning": 1}
    assert sweep(at(2026, 3, 10, 10)) == {"yellow_card": 1, "acceptance_late": 1}
    assert sweep(at(2026, 3, 31, 10)) == {"red_card": 1}
    assert sweep(at(2026, 4, 30, 10)) == {}
    rules = sorted(Alert.objects.filter(case=case).values_list("rule", flat=True))
    assert rules == sorted(
        ["step_warning", "step_late", "case_warning", "yellow_card", "acceptance_late", "red_card"]
    )
    red = Alert.objects.get(rule="red_card")
    assert red.grade == "red" and red.responsible == w.u["win1"] and red.limit_days == 20
    zh, en = selectors.alert_text(red)
    assert case.number in zh and "win1" in zh and "20 个工作日" in zh and "2026-03-30" in zh
    assert "red card" in en and "limit 20 working days" in en
    late = Alert.objects.get(rule="step_late")
    assert late.step.name == "受理" and "「受理」" in selectors.alert_text(late)[0]
    assert AuditEntry.objects.filter(action="cases.sweep").count() == 5


def test_paused_cases_are_not_carded(w, clock):
    case = register(w, clock, 2026, 3, 2, 9)
    cs.step_complete(
        actor=Actor.person(w.u["win1"]), step=open_step(case, "受理"),
        at=clock.tick(2026, 3, 2, 10), choices=["Flow_4"],
    )  # fmt: skip
    assert sweep(at(2026, 3, 20, 10)) == {"step_late": 1}  # only the 补正 step itself
    assert Alert.objects.get().step.name == "补正材料"


def test_step_completed_late_is_checked_on_arrival(w, clock):
    case = register(w, clock, 2026, 3, 2, 9)
    cs.step_complete(
        actor=Actor.person(w.u["win1"]), step=open_step(case, "受理"),
        at=clock.tick(2026, 3, 4, 10), choices=["Flow_3"],
    )  # fmt: skip
    assert list(Alert.objects.values_list("rule", "step__name")) == [("step_late", "受理")]


def test_refusal_without_reasons_and_late_finish(w, clock):
    case = register(w, clock, 2026, 3, 2, 9)
    cs.case_finish(
        actor=Actor.person(w.u["win1"]), case=case, outcome="refused", reasons="",
        at=clock.tick(2026, 3, 11, 9), strict=False,
    )  # fmt: skip
    assert sorted(Alert.objects.values_list("rule", flat=True)) == ["no_reasons", "yellow_card"]
    assert sweep(at(2026, 4, 30)) == {}  # finished cases are not swept


def test_fees_without_standard_or_above_it(w, clock):
    from yangguang.powers.services import fee_add

    case = register(w, clock, 2026, 3, 2, 9)
    win = Actor.person(w.u["win1"])
    cs.fee_record(actor=win, case=case, item="工本费", amount="10", at=clock.tick(2026, 3, 2, 10))
    assert Alert.objects.get().rule == "fee_no_standard"
    fee_add(actor=SYSTEM, item=w.expert, name="审查费", standard="每件 50 元", basis="某文件")
    case2 = register(w, clock, 2026, 3, 2, 11, power=w.expert)
    cs.fee_record(actor=win, case=case2, item="审查费", amount="50", at=clock.tick(2026, 3, 2, 12))
    assert not Alert.objects.filter(case=case2).exists()
    fee = cs.fee_record(actor=win, case=case2, item="审查费", amount=Decimal("80"),
                        at=clock.tick(2026, 3, 2, 13))  # fmt: skip
    alert = Alert.objects.get(case=case2)
    assert (alert.rule, alert.amount, alert.standard, alert.scope) == (
        "fee_above_standard", Decimal("80.00"), Decimal("50.00"), f"fee:{fee.pk}",
    )  # fmt: skip
    assert "80.00 元" in selectors.alert_text(alert)[0]


def test_settings_per_organisation_and_power(w, clock):
    insp = Actor.person(w.u["inspector"])
    cs.supervision_rule_set(actor=insp, organisation=w.dept, rule="yellow_card", automatic=False)
    cs.supervision_rule_set(
        actor=insp, organisation=w.dept, rule="yellow_card", power=w.expert, enabled=False
    )
    cs.supervision_rule_set(actor=insp, organisation=w.dept, rule="step_warning", enabled=False)
    food = register(w, clock, 2026, 3, 2, 9)
    expert = register(w, clock, 2026, 3, 2, 9, power=w.expert)
    assert food.warn_at is not None and open_step(food, "受理").warn_at is None
    sweep(at(2026, 3, 10, 10))
    yellow = Alert.objects.filter(rule="yellow_card")
    assert list(yellow.values_list("case", "status")) == [(food.pk, "pending")]
    assert not Alert.objects.filter(case=expert, rule="yellow_card").exists()
    assert not Alert.objects.filter(rule="step_warning").exists()
    with pytest.raises(Exception):  # noqa: B017 - a clerk may not set rules
        cs.supervision_rule_set(
            actor=Actor.person(w.u["win1"]), organisation=w.dept, rule="red_card"
        )


def test_the_sweep_is_set_wise(w, clock):
    for _ in range(3):
        register(w, clock, 2026, 3, 2, 9)
    with CaptureQueriesContext(connection) as few:
        assert sweep(at(2026, 3, 10, 10))["yellow_card"] == 3
    for _ in range(30):
        register(w, clock, 2026, 3, 2, 9)
    with CaptureQueriesContext(connection) as many:
        assert sweep(at(2026, 3, 10, 10))["yellow_card"] == 30
    assert len(many.captured_queries) == len(few.captured_queries)
