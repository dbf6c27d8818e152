"""The sweep as a recurring job, the query-code lookup, and the clock helper's edges."""

from __future__ import annotations

import datetime as dt

import pytest

from yangguang.cases import clock as case_clock
from yangguang.cases import selectors
from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.cases.tasks import sweep_task
from yangguang.core import schedule
from yangguang.core.context import Actor
from yangguang.workdays.core import WorkCalendar

from .conftest import at

pytestmark = pytest.mark.django_db


def test_sweep_is_a_recurring_job_of_a_few_minutes(w, clock):
    job = schedule.JOBS[sweep_task.module_path]
    assert job.every <= dt.timedelta(minutes=10)
    cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip
    clock.now = at(2026, 3, 10, 10)
    result = sweep_task.call()
    assert result["yellow_card"] == 1 and Alert.objects.filter(rule="yellow_card").count() == 1
    assert sweep_task.call() == {}


def test_query_code_lookup(w, clock):
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三",
        at=clock.tick(2026, 3, 2, 9),
    )  # fmt: skip
    assert selectors.case_by_query_code(case.number, case.query_code) == case
    assert selectors.case_by_query_code(case.number, case.query_code.lower()) == case
    assert selectors.case_by_query_code(case.number, "WRONGCOD") is None
    assert selectors.case_by_query_code("nope", case.query_code) is None


def test_due_refuses_to_guess_and_warns_by_working_days():
    cal = WorkCalendar(holidays=[], makeup_workdays=[], known_years=[2026])
    start = at(2026, 3, 2, 9)  # Monday
    d = case_clock.due(cal, start, 5, warn_days=2)
    assert d.deadline.date() == dt.date(2026, 3, 9) and d.warn_at == at(2026, 3, 5, 0)
    short = case_clock.due(cal, start, 1, warn_days=2)
    assert short.warn_at == at(2026, 3, 3, 0)  # a short limit: warned on its last day
    late = case_clock.due(cal, at(2026, 12, 30), 5, warn_days=2)
    assert late.deadline is None and late.warn_at is None and "2027" in late.unknown
    assert case_clock.due(cal, start, None) == case_clock.Due(None, None)
    calendar_days = case_clock.due(cal, start, 5, unit="calendar")  # Sat 7 -> Mon 9
    assert calendar_days.deadline.date() == dt.date(2026, 3, 9)
