"""Cases through the flowcharts: exclusive gateways and the 补正 loop, parallel branches,
pauses moving deadlines over the real 2025/2026 holidays, finishing, numbers and query
codes, and the refusals (post, separation of duties, order, times)."""

from __future__ import annotations

import datetime as dt

import pytest

from yangguang.cases import services as cs
from yangguang.cases.common import query_hash
from yangguang.cases.models import Case, Pause, Step
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError

from .conftest import at, open_step

pytestmark = pytest.mark.django_db

END = dt.time(23, 59, 59, 999999)


def end_of(y, m, d):
    return dt.datetime.combine(dt.date(y, m, d), END, tzinfo=at(2026, 1, 1).tzinfo)


def person(w, name):
    return Actor.person(w.u[name])


def test_food_licence_through_the_loop_with_a_pause_over_spring_festival(w, clock):
    win = person(w, "win1")
    case = cs.case_register(
        actor=win, power=w.food, applicant="张三", at=clock.tick(2026, 2, 12, 10)
    )
    assert case.number == "D1-2026-000001" and len(case.query_code) == 8
    assert case.query_hash == query_hash(case.number, case.query_code)
    assert case.query_code not in case.query_hash
    assert case.responsible == w.u["win1"]
    # 5 working days from Thu 12 Feb: 13, 14 (make-up Saturday), [holidays 15-23], 24, 25, 26
    assert case.promised_deadline == end_of(2026, 2, 26)
    accept = open_step(case, "受理")
    assert accept.deadline == end_of(2026, 2, 13)

    # 受理 on Tue 24 Feb: materials incomplete -> 补正 (pauses the clock)
    cs.step_complete(actor=win, step=accept, at=clock.tick(2026, 2, 24, 10), choices=["Flow_4"])
    case.refresh_from_db()
    assert case.paused_since == at(2026, 2, 24, 10) and case.accepted_at is not None
    fix = open_step(case, "补正材料")
    cs.step_complete(actor=win, step=fix, at=clock.tick(2026, 2, 27, 10))
    case.refresh_from_db()
    assert case.paused_since is None
    assert Pause.objects.get(case=case).end == at(2026, 2, 27, 10)
    # 24, 25, 26 Feb taken away: 13, 14, 27, 28 (make-up Saturday), 2 March
    assert case.promised_deadline == end_of(2026, 3, 2)

    again = open_step(case, "受理")
    assert again.occurrence == 2
    cs.step_complete(actor=person(w, "win2"), step=again, at=clock.tick(2026, 2, 27, 11),
                     choices=["Flow_3"])  # fmt: skip
    cs.step_complete(
        actor=person(w, "biz1"), step=open_step(case, "审查"), at=clock.tick(2026, 2, 27, 14),
        choices=["Flow_7"],
    )  # fmt: skip
    cs.step_complete(actor=person(w, "biz2"), step=open_step(case, "现场核查"),
                     at=clock.tick(2026, 2, 28, 9))  # fmt: skip
    with pytest.raises(DomainError) as exc:
        cs.case_finish(actor=win, case=case, outcome="approved", at=clock.tick(2026, 2, 28, 10))
    assert exc.value.error_code == "steps_open" and "决定" in str(exc.value)
    cs.step_complete(actor=person(w, "lead1"), step=open_step(case, "决定"),
                     at=clock.tick(2026, 2, 28, 10))  # fmt: skip
    cs.step_complete(actor=person(w, "win2"), step=open_step(case, "制证送达"),
                     at=clock.tick(2026, 3, 2, 9))  # fmt: skip
    case.refresh_from_db()
    assert case.marking == {}
    cs.case_finish(actor=win, case=case, outcome="approved", at=clock.tick(2026, 3, 2, 10))
    case.refresh_from_db()
    assert case.status == "approved"
    names = list(Step.objects.filter(case=case).order_by("pk").values_list("name", "occurrence"))
    assert names == [("受理", 1), ("补正材料", 1), ("受理", 2), ("审查", 1), ("现场核查", 1),
                     ("决定", 1), ("制证送达", 1)]  # fmt: skip
    assert not case.alerts.filter(rule__in=["yellow_card", "red_card"]).exists()


def test_national_day_2025_and_make_up_days(w, clock):
    clock.now = at(2025, 10, 20)
    case = cs.case_register(
        actor=person(w, "win1"), power=w.food, applicant="李四", at=at(2025, 9, 26, 15)
    )
    # 28 Sep (make-up Sunday), 29, 30, [1-8 Oct], 9, 10
    assert case.promised_deadline == end_of(2025, 10, 10)
    assert case.number == "D1-2025-000001"
    assert open_step(case, "受理").deadline == end_of(2025, 9, 28)


def test_parallel_branches_join_before_review(w, clock):
    clock.now = at(2026, 4, 30)
    win, biz1, biz2 = person(w, "win1"), person(w, "biz1"), person(w, "biz2")
    case = cs.case_register(actor=win, power=w.expert, applicant="某公司", at=at(2026, 3, 2))
    cs.step_complete(actor=win, step=open_step(case, "受理"), at=at(2026, 3, 2, 10))
    review = open_step(case, "专家评审")
    cs.step_complete(actor=biz1, step=review, at=at(2026, 3, 20, 10))
    case.refresh_from_db()
    # paused from 2 March (not counted anyway) to 20 March: counting restarts on Fri 20
    # March: 20, 23, 24, 25, 26
    assert case.promised_deadline == end_of(2026, 3, 26)
    branches = list(Step.objects.filter(case=case, status="open").values_list("name", flat=True))
    assert sorted(branches) == ["征求环保意见", "征求用地意见", "征求规划意见"]
    cs.step_complete(actor=biz2, step=open_step(case, "征求规划意见"), at=at(2026, 3, 20, 11))
    cs.step_complete(actor=biz2, step=open_step(case, "征求环保意见"), at=at(2026, 3, 20, 12))
    assert not Step.objects.filter(case=case, name="审查").exists()
    cs.step_complete(actor=biz2, step=open_step(case, "征求用地意见"), at=at(2026, 3, 20, 13))
    assert open_step(case, "审查")


def test_refusals_post_sod_order_and_times(w, clock):
    clock.now = at(2026, 3, 10)
    win = person(w, "win1")
    case = cs.case_register(actor=win, power=w.food, applicant="张三", at=at(2026, 3, 2))
    accept = open_step(case, "受理")
    # biz1 does not hold 窗口受理岗
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=person(w, "biz1"), step=accept, at=at(2026, 3, 2, 10),
                         choices=["Flow_3"])  # fmt: skip
    assert exc.value.error_code == "post_required" and "岗位" in str(exc.value)
    for bad, code in (
        (dt.datetime(2026, 3, 2, 10), "naive_datetime"),  # noqa: DTZ001 - the point
        (at(2026, 12, 31), "future_time"),
        (at(2026, 3, 1), "before_activation"),
    ):
        with pytest.raises(DomainError) as exc:
            cs.step_complete(actor=win, step=accept, at=bad, choices=["Flow_3"])
        assert exc.value.error_code == code
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=win, step=accept, at=at(2026, 3, 2, 10))
    assert exc.value.error_code == "choice_required"
    assert Step.objects.get(pk=accept.pk).status == "open"  # nothing half-applied
    cs.step_complete(actor=win, step=accept, at=at(2026, 3, 2, 10), choices=["Flow_3"])
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=win, step=accept, at=at(2026, 3, 2, 11), choices=["Flow_3"])
    assert exc.value.error_code == "step_done"
    # win1 also holds 业务科室 but did 受理: 审查 is in the same separation group
    review = open_step(case, "审查")
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=win, step=review, at=at(2026, 3, 3), choices=["Flow_9"])
    assert exc.value.error_code == "sod_violation"
    assert "受理" in exc.value.zh and "separation of duties" in exc.value.en
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=win, step=999999, at=at(2026, 3, 3))
    assert exc.value.error_code == "unknown_step"
    # another organisation's clerk may not touch the case
    with pytest.raises(PermissionDeniedError):
        cs.step_complete(actor=person(w, "other_clerk"), step=review, at=at(2026, 3, 3))
    with pytest.raises(PermissionDeniedError):
        cs.step_complete(actor=person(w, "inspector"), step=review, at=at(2026, 3, 3))


def test_finishing_refused_needs_reasons_and_cancels_open_steps(w, clock):
    clock.now = at(2026, 3, 10)
    win = person(w, "win1")
    case = cs.case_register(actor=win, power=w.food, applicant="张三", at=at(2026, 3, 2))
    with pytest.raises(DomainError) as exc:
        cs.case_finish(actor=win, case=case, outcome="refused", reasons="  ")
    assert exc.value.error_code == "reasons_required"
    cs.case_finish(actor=win, case=case, outcome="refused", reasons="不符合条件",
                   at=at(2026, 3, 3))  # fmt: skip
    case.refresh_from_db()
    assert case.status == "refused" and not case.steps.filter(status="open").exists()
    with pytest.raises(DomainError) as exc:
        cs.case_finish(actor=win, case=case, outcome="withdrawn")
    assert exc.value.error_code == "case_closed"


def test_numbers_are_per_organisation_and_year_without_gaps(w, clock, settings):
    clock.now = at(2026, 3, 10)
    win = person(w, "win1")
    numbers = [
        cs.case_register(actor=win, power=w.food, applicant=f"A{i}", at=at(2026, 3, 2)).number
        for i in range(3)
    ]
    assert numbers == ["D1-2026-000001", "D1-2026-000002", "D1-2026-000003"]
    with pytest.raises(DomainError):  # refused after the number was drawn: rolled back
        cs.case_register(actor=win, power=w.food, applicant="B", at=at(2026, 3, 2),
                         channel="fax")  # fmt: skip
    settings.CASES_NUMBER_FORMAT = "{power_code}/{year}/{seq}"
    assert cs.case_register(actor=win, power=w.food, applicant="C", at=at(2026, 3, 2)).number == (
        "XK00001000/2026/4"
    )
    assert Case.objects.count() == 4


def test_unknown_year_records_deadline_unknown_and_alerts(w, clock):
    # 2029 is counted provisionally (three years ahead of today), 2030 not at all
    clock.now = at(2029, 12, 28, 10)
    case = cs.case_register(
        actor=person(w, "win1"), power=w.food, applicant="王五", at=at(2029, 12, 28, 9)
    )
    assert case.deadline_unknown and case.promised_deadline is None
    assert "2030" in case.deadline_note and "not known" in case.deadline_note
    alert = case.alerts.get(rule="deadline_unknown", scope="case")
    assert alert.status == "open"
    step = open_step(case, "受理")  # one working day: Monday 31 December, provisional
    assert step.deadline == end_of(2029, 12, 31) and not step.deadline_note
    assert step.deadline_provisional
