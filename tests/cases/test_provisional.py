"""A December case across the new year (issue 13): its deadline in 2027 is counted by
the provisional calendar, marked 暂定 and raises no warning; cards count from it; when
the year's arrangement is entered (with a 调休 day) the background job moves the
deadline and lists it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tests.factories import UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.core.context import Actor
from yangguang.workdays import selectors
from yangguang.workdays import services as ws
from yangguang.workdays.models import DeadlineRecompute

from .conftest import at, open_step

pytestmark = pytest.mark.django_db
END = dt.time(23, 59, 59, 999999)


def end_of(y, m, d):
    return dt.datetime.combine(dt.date(y, m, d), END, tzinfo=at(2026, 1, 1).tzinfo)


@pytest.fixture(autouse=True)
def _fresh_calendar():
    selectors.invalidate()
    yield
    selectors.invalidate()


def _register(w, clock):
    clock.now = at(2026, 12, 4, 10, 1)
    return cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="赵六", at=at(2026, 12, 4, 10)
    )


def enter_2027(admin, callbacks):
    """A hypothetical 2027 arrangement (test data, not the official one): 元旦 with a
    bridge day on Monday 4 January made up on Saturday 9 January (调休)."""
    actor = Actor.person(admin)
    with callbacks(execute=True):
        ws.calendar_day_add(actor=actor, date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
        ws.calendar_day_add(actor=actor, date=dt.date(2027, 1, 4), kind="holiday", name="元旦")
        ws.calendar_day_add(
            actor=actor, date=dt.date(2027, 1, 9), kind="makeup_workday", name="元旦调休"
        )
        ws.calendar_year_complete(actor=actor, year=2027, note="国办发明电（测试）")


def test_december_case_is_provisional_without_warning_then_moved(
    w, clock, django_capture_on_commit_callbacks
):
    case = _register(w, clock)
    # promised 5 working days: Friday 11 December (2026, official)
    assert case.promised_deadline == end_of(2026, 12, 11)
    # statutory 20: 7-31 December (19), [1 January, weekend], Monday 4 January 2027
    assert case.statutory_deadline == end_of(2027, 1, 4)
    assert case.deadline_provisional and not case.deadline_unknown
    assert not case.deadline_note
    assert not Alert.objects.filter(case=case).exists()
    # a sweep now raises nothing either (no "deadline unknown" warning for 2027)
    cs.supervision_sweep(actor=Actor.system("tests"), now=at(2026, 12, 4, 12))
    assert not Alert.objects.filter(case=case).exists()

    clerk = Client()
    clerk.force_login(w.u["win1"])
    html = clerk.get(f"/office/cases/{case.pk}/").content.decode()
    assert "暂定" in html and "期限未知" not in html
    html = clerk.get("/office/cases/").content.decode()
    assert '<span class="provisional">暂定</span>' in html
    from django.conf import settings

    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = clerk.get("/office/cases/").content.decode()
    assert '<span class="provisional">provisional</span>' in english and "暂定" not in english
    del clerk.cookies[settings.LANGUAGE_COOKIE_NAME]

    admin = UserFactory(username="calendar-admin", role="sysadmin", organisation=None)
    enter_2027(admin, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    # 4 January is now a holiday: the 20th working day is Tuesday 5 January, official
    assert case.statutory_deadline == end_of(2027, 1, 5)
    assert not case.deadline_provisional
    run = DeadlineRecompute.objects.get()
    assert run.finished_at is not None and run.requested_by == "calendar-admin"
    # the statutory deadline moved (and is official now); the promised one did not
    shift = run.shifts.get(kind="case", object_id=case.pk)
    assert shift.label == f"{case.number} · 法定期限"
    assert shift.old_deadline == end_of(2027, 1, 4) and shift.new_deadline == end_of(2027, 1, 5)
    assert shift.old_provisional and not shift.new_provisional
    # the promised deadline (shown first) did not move; the statutory one did
    entry = AuditEntry.objects.get(action="workdays.deadlines_recompute")
    assert entry.object_id == str(run.pk)
    assert '"moved":' in entry.payload and '"checked":' in entry.payload
    # the administrator sees what moved
    page = Client()
    page.force_login(admin)
    html = page.get(f"/office/calendar/recompute/{run.pk}/").content.decode()
    assert case.number in html
    assert page.get("/office/calendar/").content.decode().count(f"/recompute/{run.pk}/") == 1
    # nobody else does
    assert clerk.get(f"/office/calendar/recompute/{run.pk}/").status_code == 403


def test_step_deadline_across_the_new_year_is_provisional(w, clock):
    case = _register(w, clock)
    step = open_step(case, "受理")  # one working day: Monday 7 December, official
    assert step.deadline == end_of(2026, 12, 7) and not step.deadline_provisional
    # a step opened on 31 December runs into 2027
    clock.now = at(2026, 12, 31, 9, 1)
    cs.step_complete(
        actor=Actor.person(w.u["win1"]), step=step, at=at(2026, 12, 31, 9), choices=["Flow_3"]
    )
    nxt = open_step(case, "审查")
    assert nxt.deadline.year == 2027 and nxt.deadline_provisional and not nxt.deadline_note


def test_cards_count_from_the_provisional_date(w, clock):
    case = _register(w, clock)
    # Tuesday 5 January 2027: the promised (11 Dec) and the provisional statutory
    # deadline (4 Jan) have both passed
    cs.supervision_sweep(actor=Actor.system("tests"), now=at(2027, 1, 5, 10))
    rules = set(Alert.objects.filter(case=case).values_list("rule", flat=True))
    assert {"yellow_card", "red_card"} <= rules
    assert "deadline_unknown" not in rules


def test_the_lateness_audit_needs_the_exact_arrangement(w, clock):
    """Where a rule needs the official arrangement (the conformance check judges past
    lateness), 2027 stays refused and says so."""
    from yangguang.workdays.core import ExactArrangementRequiredError

    cal = selectors.current_calendar().exact()
    with pytest.raises(ExactArrangementRequiredError) as info:
        cal.deadline(at(2026, 12, 4, 10), 20)
    assert "须按正式安排计算" in str(info.value)
    assert "needs the official arrangement" in str(info.value)


def test_old_deadline_unknown_alerts_are_closed_by_the_recompute(w, clock, monkeypatch):
    """A database from before the provisional calendar (simulated: no provisional
    years) has "deadline unknown" alerts for 2027; the recompute settles them."""
    monkeypatch.setattr(selectors, "PROVISIONAL_AHEAD", -1)
    selectors.invalidate()
    case = _register(w, clock)
    assert case.deadline_unknown
    alert = Alert.objects.get(case=case, rule="deadline_unknown")
    assert alert.status == "open"
    monkeypatch.undo()
    selectors.invalidate()
    run = ws.deadlines_recompute(actor=Actor.system("tests"), reason="升级")
    case.refresh_from_db()
    assert not case.deadline_unknown and case.deadline_provisional
    assert case.statutory_deadline == end_of(2027, 1, 4)
    alert.refresh_from_db()
    assert alert.status == "closed" and "nothing to act on" in alert.review
    assert AuditEntry.objects.filter(action="cases.alert_resolve", object_id=str(alert.pk)).exists()
    shift = run.shifts.get(kind="case", label=f"{case.number} · 法定期限")
    assert shift.old_deadline is None and shift.new_deadline == end_of(2027, 1, 4)
    assert shift.new_provisional and not shift.old_provisional
    # the promised deadline (11 December) was known and did not move: not listed
    assert not run.shifts.filter(label=f"{case.number} · 承诺期限").exists()
