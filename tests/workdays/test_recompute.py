"""Entering a year: the office page and the command, the recompute job (one audit
entry, what moved listed), its permissions, and the November reminder."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.workdays import selectors
from yangguang.workdays import services as s
from yangguang.workdays.models import DeadlineRecompute
from yangguang.workdays.tasks import calendar_reminder_task

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors.invalidate()
    yield
    selectors.invalidate()


@pytest.fixture
def admin(db):
    return UserFactory(username="sysadm", role="sysadmin", organisation=None)


class _Clock:
    def __init__(self, day):
        self.day = day

    def __call__(self):
        return dt.datetime.combine(self.day, dt.time(9), tzinfo=dt.UTC)


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    clock = _Clock(D(2026, 12, 6))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def test_reminder_from_november_until_the_year_is_entered(admin, today):
    assert selectors.next_year_reminder(D(2026, 10, 31)) is None
    assert selectors.next_year_reminder(D(2026, 11, 1)) == 2027
    assert selectors.next_year_reminder(D(2025, 11, 1)) is None  # 2026 is in the package
    client = Client()
    client.force_login(admin)
    html = client.get("/office/").content.decode()
    assert "2027 年的节假日安排尚未录入" in html and "/office/calendar/?year=2027" in html
    today.day = D(2026, 10, 20)
    assert "节假日安排尚未录入" not in client.get("/office/").content.decode()
    # the daily job records the reminder once a year, from November
    assert calendar_reminder_task.call() is None
    today.day = D(2026, 11, 2)
    assert calendar_reminder_task.call() == 2027
    assert calendar_reminder_task.call() is None
    assert AuditEntry.objects.filter(action="workdays.year_reminder", object_id="2027").count() == 1
    # only administrators are reminded
    clerk = UserFactory(role="clerk")
    client.force_login(clerk)
    assert "节假日安排尚未录入" not in client.get("/office/").content.decode()
    # once 2027 is entered and complete, the reminder is gone
    actor = Actor.person(admin)
    s.calendar_day_add(actor=actor, date=D(2027, 1, 1), kind="holiday", name="元旦")
    s.calendar_year_complete(actor=actor, year=2027)
    assert selectors.next_year_reminder(D(2026, 11, 20)) is None


def test_entering_a_year_from_the_command_line(admin, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workcalendar", "add", "2027-01-01", "holiday", "元旦", stdout=out)
        call_command("workcalendar", "add", "2027-02-20", "makeup_workday", "春节调休", stdout=out)
        call_command("workcalendar", "complete", "2027", "--note", "国办发明电", stdout=out)
    assert "2027\t管理员录入，已确认完整" in out.getvalue()
    assert selectors.current_calendar().is_working_day(D(2027, 2, 20))
    run = DeadlineRecompute.objects.get()  # the background job ran on commit
    assert "2027" in run.reason and run.requested_by == "cli"
    out = StringIO()
    call_command("workcalendar", "moved", stdout=out)
    assert out.getvalue().startswith(f"run {run.pk}\t")
    out = StringIO()
    call_command("workcalendar", "recompute", stdout=out)
    assert DeadlineRecompute.objects.count() == 2 and "moved 0" in out.getvalue()
    assert AuditEntry.objects.filter(action="workdays.deadlines_recompute").count() == 2


def test_recompute_page_and_permissions(admin, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/office/calendar/recompute/", {"reason": "更正3月4日"})
    assert r.status_code == 302
    run = DeadlineRecompute.objects.get()
    assert run.reason == "更正3月4日" and run.requested_by == "sysadm"
    html = client.get("/office/calendar/").content.decode()
    assert f"/office/calendar/recompute/{run.pk}/" in html and "更正3月4日" in html
    html = client.get(f"/office/calendar/recompute/{run.pk}/").content.decode()
    assert "没有期限变动。" in html
    clerk = UserFactory(role="clerk")
    with pytest.raises(PermissionDeniedError):
        s.deadlines_recompute(actor=Actor.person(clerk), reason="x")
    with pytest.raises(PermissionDeniedError):
        s.deadlines_recompute_request(actor=Actor.person(clerk))
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/office/calendar/recompute/", {"reason": "x"})
    assert DeadlineRecompute.objects.count() == 1
    assert client.get(f"/office/calendar/recompute/{run.pk}/").status_code == 403
    assert "重算全部未结期限" not in client.get("/office/calendar/").content.decode()


def test_prefill_a_year_with_its_statutory_holidays(admin, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(admin)
    html = client.get("/office/calendar/?year=2027").content.decode()
    assert 'action="/office/calendar/years/2027/prefill/"' in html
    client.post("/office/calendar/years/2027/prefill/")
    view = selectors.year_view(2027)
    days = {d: (name, src) for d, name, src in view.holidays}
    assert days[D(2027, 2, 5)] == ("春节", "override")  # 除夕
    assert days[D(2027, 10, 5)] == ("国庆节（补假）", "override")
    assert len(days) == 19
    entry = AuditEntry.objects.get(action="workdays.year_prefill")
    assert entry.object_id == "2027" and "2027-02-05" in entry.payload
    # prefilling again adds nothing; the 调休 are added by hand, then the year confirmed
    assert s.calendar_year_prefill(actor=Actor.person(admin), year=2027) == []
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workcalendar", "add", "2027-02-20", "makeup_workday", "春节调休", stdout=out)
        call_command("workcalendar", "complete", "2027", stdout=out)
    cal = selectors.current_calendar()
    assert 2027 in cal.known_years and cal.is_working_day(D(2027, 2, 20))
    assert not cal.is_working_day(D(2027, 2, 9))
    with pytest.raises(DomainError, match="软件包提供"):
        s.calendar_year_prefill(actor=Actor.person(admin), year=2026)
    out = StringIO()
    call_command("workcalendar", "prefill", "2028", stdout=out)
    text = out.getvalue()
    assert "2028-01-25\tTue\tholiday\t春节" in text  # 除夕 of 2028
    assert "2028-01-26\tWed\tholiday\t春节" in text  # 正月初一
