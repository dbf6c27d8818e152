"""The override table: services (sysadmin only, audited), the cached calendar, 2027
entered by hand, local holidays, the office page and the command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import SYSTEM, OrganisationFactory, UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.workdays import deadlines, selectors
from yangguang.workdays import services as s
from yangguang.workdays.core import SHANGHAI, UnknownYearError
from yangguang.workdays.models import CalendarDay

D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors.invalidate()
    yield
    selectors.invalidate()


@pytest.fixture
def admin(db):
    return UserFactory(username="sysadm", role="sysadmin", organisation=None)


def enter_2027_new_year(actor):
    """A hypothetical 2027 table (test data only, not the official arrangement)."""
    for day in (D(2027, 1, 1), D(2027, 1, 4)):
        s.calendar_day_add(actor=actor, date=day, kind="holiday", name="测试假日")
    s.calendar_day_add(actor=actor, date=D(2027, 1, 9), kind="makeup_workday", name="测试调休")


def test_2027_is_provisional_until_declared_complete(admin):
    actor = Actor.person(admin)
    start = at(D(2026, 12, 28))
    # not entered: counted by the statutory holidays (1 Jan), marked provisional
    cal = selectors.current_calendar()
    assert 2027 in cal.provisional_years and 2027 not in cal.known_years
    # 29, 30, 31 Dec, [1 Jan off, weekend], 4, 5, 6, 7, 8, 11, 12
    assert deadlines.deadline(start, 10).date() == D(2027, 1, 12)
    assert deadlines.deadline_dated(start, 10).provisional
    assert not deadlines.deadline_dated(start, 3).provisional  # ends on 31 Dec
    # where the official arrangement is needed, the year is refused, saying so
    with pytest.raises(UnknownYearError) as info:
        cal.exact().deadline(start, 10)
    assert info.value.error_code == "calendar_year_not_entered"
    assert "2027 年的节假日安排尚未录入，该年只有暂定日历" in str(info.value)
    assert "this needs the official arrangement" in str(info.value)
    enter_2027_new_year(actor)
    # rows alone do not make a year known: still provisional, the rows already count
    # from Monday 2026-12-28: 29, 30, 31 Dec, [1 Jan, Sat, Sun, Mon 4 off], 5,6,7,8, Sat 9
    assert deadlines.deadline_dated(start, 8).provisional
    assert deadlines.deadline(start, 8).date() == D(2027, 1, 9)
    with pytest.raises(UnknownYearError):
        selectors.current_calendar().exact().deadline(start, 10)
    s.calendar_year_complete(actor=actor, year=2027, note="测试")
    cal = selectors.current_calendar()
    assert 2027 in cal.known_years and 2027 not in cal.provisional_years
    assert not deadlines.is_working_day(D(2027, 1, 4))
    assert deadlines.is_working_day(D(2027, 1, 9))  # a Saturday worked
    assert deadlines.add_working_days(D(2026, 12, 28), 8) == D(2027, 1, 9)
    dated = deadlines.deadline_dated(start, 8)
    assert dated.at.date() == D(2027, 1, 9) and not dated.provisional
    assert cal.exact().deadline(start, 8).date() == D(2027, 1, 9)
    # 2028 is provisional in turn
    assert deadlines.deadline_dated(at(D(2027, 12, 20)), 20).provisional
    with pytest.raises(UnknownYearError) as info:
        cal.exact().deadline(at(D(2027, 12, 20)), 20)
    assert info.value.year == 2028
    # far beyond the years counted provisionally: unknown
    with pytest.raises(UnknownYearError) as info:
        deadlines.deadline(at(D(2040, 3, 2)), 5)
    assert info.value.error_code == "calendar_year_unknown"
    s.calendar_year_complete(actor=actor, year=2027, complete=False)
    assert deadlines.deadline_dated(start, 8).provisional


def test_overrides_change_package_years_and_removal_restores(admin):
    actor = Actor.person(admin)
    assert deadlines.is_working_day(D(2026, 3, 4))
    day = s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="holiday", name="更正")
    assert not deadlines.is_working_day(D(2026, 3, 4))
    s.calendar_day_remove(actor=actor, day=day)
    assert deadlines.is_working_day(D(2026, 3, 4))
    # a package holiday declared a workday
    s.calendar_day_add(actor=actor, date=D(2026, 10, 7), kind="workday", name="更正")
    assert deadlines.is_working_day(D(2026, 10, 7))


def test_local_holiday_counts_for_its_organisation_subtree_only(admin):
    actor = Actor.person(admin)
    parent = OrganisationFactory()
    child = OrganisationFactory(parent=parent, region=parent.region)
    other = OrganisationFactory()
    s.calendar_day_add(
        actor=actor, date=D(2026, 3, 3), kind="local_holiday", name="三月三", organisation=parent
    )
    assert not deadlines.is_working_day(D(2026, 3, 3), organisation=child)
    assert deadlines.is_working_day(D(2026, 3, 3), organisation=other)
    assert deadlines.is_working_day(D(2026, 3, 3))  # the national calendar
    start = at(D(2026, 3, 2))
    assert deadlines.deadline(start, 1, organisation=child).date() == D(2026, 3, 4)
    assert deadlines.deadline(start, 1).date() == D(2026, 3, 3)
    # and by region (the unit's region or any above it)
    s.calendar_day_add(
        actor=actor,
        date=D(2026, 3, 5),
        kind="local_holiday",
        name="地方节",
        region=other.region.parent,
    )
    assert not deadlines.is_working_day(D(2026, 3, 5), organisation=other)


def test_refusals(admin):
    actor = Actor.person(admin)
    with pytest.raises(DomainError) as info:
        s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="makeup_workday", name="x")
    assert info.value.error_code == "makeup_not_weekend"
    with pytest.raises(DomainError) as info:
        s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="local_holiday", name="x")
    assert info.value.error_code == "scope_required"
    with pytest.raises(DomainError) as info:
        s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="bogus", name="x")
    assert info.value.error_code == "invalid_choice"
    with pytest.raises(DomainError) as info:
        s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="holiday", name=" ")
    assert info.value.error_code == "required"
    s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="holiday", name="x")
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        s.calendar_day_add(actor=actor, date=D(2026, 3, 4), kind="holiday", name="y")
    assert AuditEntry.objects.count() == before
    with pytest.raises(DomainError) as info:
        s.calendar_year_complete(actor=actor, year=2031)
    assert info.value.error_code == "year_empty"


@pytest.mark.parametrize("role", ["org_admin", "clerk", "leader", "inspector"])
def test_only_system_administrators(db, role):
    user = UserFactory(role=role)
    with pytest.raises(PermissionDeniedError):
        s.calendar_day_add(
            actor=Actor.person(user), date=D(2027, 1, 1), kind="holiday", name="元旦"
        )
    with pytest.raises(PermissionDeniedError):
        s.calendar_year_complete(actor=Actor.person(user), year=2027)
    assert not CalendarDay.objects.exists()


def test_cache_is_reused_and_dropped_on_commit(admin, django_assert_num_queries):
    first = selectors.current_calendar()
    with django_assert_num_queries(0):
        assert selectors.current_calendar() is first
    s.calendar_day_add(actor=SYSTEM, date=D(2026, 3, 4), kind="holiday", name="x")
    assert selectors.current_calendar() is not first


def test_package_range_comes_from_the_package():
    years = selectors.package_years()
    assert min(years) == 2004 and max(years) == 2026
    assert years == frozenset(range(2004, 2027))


def test_office_page_and_forms(admin):
    client = Client()
    client.force_login(admin)
    html = client.get("/office/calendar/?year=2025").content.decode()
    assert "工作日历" in html and "2025-10-01" in html and "2025-09-28" in html
    r = client.post(
        "/office/calendar/days/add/",
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "测试"},
    )
    assert r.status_code == 302
    assert CalendarDay.objects.filter(date=D(2027, 1, 1)).exists()
    html = client.get("/office/calendar/?year=2027").content.decode()
    assert "暂定（法定节假日推算，未含调休）" in html and "2027-02-05" in html  # 除夕
    html = client.get("/office/calendar/?year=2027&start=2026-12-04T10:00&n=20").content.decode()
    assert "2027-01-04 24:00" in html and '<span class="provisional">暂定</span>' in html
    client.post("/office/calendar/years/2027/complete/", {"complete": "1"})
    selectors.invalidate()
    html = client.get("/office/calendar/?year=2027&start=2026-12-20T10:00&n=3").content.decode()
    assert "已确认完整" in html and "2026-12-23" in html
    assert '<span class="provisional">' not in html.split("期限届满")[-1]
    html = client.get("/office/calendar/?year=2040&start=2040-12-20T10:00&n=20").content.decode()
    assert "2040 年的节假日安排尚未录入" in html
    day = CalendarDay.objects.get(date=D(2027, 1, 1))
    client.post(f"/office/calendar/days/{day.pk}/remove/")
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_office_page_read_only_for_staff(db):
    clerk = UserFactory(role="clerk")
    client = Client()
    client.force_login(clerk)
    html = client.get("/office/calendar/").content.decode()
    assert "工作日历" in html and 'action="/office/calendar/days/add/"' not in html
    client.post(
        "/office/calendar/days/add/", {"date": "2027-01-01", "kind": "holiday", "name": "x"}
    )
    assert not CalendarDay.objects.exists()
    assert Client().get("/office/calendar/").status_code == 302  # login first


def test_command(db):
    out = StringIO()
    call_command("workcalendar", "show", "2026", stdout=out)
    text = out.getvalue()
    assert "2026-10-01" in text and "2026-02-14\tSat\tmakeup_workday" in text
    out = StringIO()
    call_command("workcalendar", "deadline", "2026-09-28T10:00", "20", stdout=out)
    assert out.getvalue().strip() == "2026-10-30 24:00 +08:00"
    out = StringIO()
    call_command("workcalendar", "deadline", "2026-09-21T10:00", "10", "--days", stdout=out)
    assert out.getvalue().startswith("2026-10-08")
    out = StringIO()
    call_command("workcalendar", "deadline", "2027-03-01T10:00", "5", stdout=out)
    assert out.getvalue().strip().startswith("2027-03-08 24:00 +08:00\t暂定 (provisional")
    with pytest.raises(CommandError, match=r"2027 年的节假日安排尚未录入.*须按正式安排计算"):
        call_command("workcalendar", "deadline", "2027-03-01T10:00", "5", "--exact")
    with pytest.raises(CommandError, match="2041 年的节假日安排尚未录入"):
        call_command("workcalendar", "deadline", "2041-03-01T10:00", "5")
    with pytest.raises(CommandError, match="2026-09-28T10:00"):
        call_command("workcalendar", "deadline", "yesterday", "5")
    out = StringIO()
    call_command("workcalendar", "show", "2027", stdout=out)
    text = out.getvalue()
    assert "provisional" in text and "2027-02-05\tFri\tholiday\t春节\tprovisional" in text
    out = StringIO()
    call_command("workcalendar", "show", "2041", stdout=out)
    assert "unknown" in out.getvalue()


def test_yangguang_calendar_alias():
    from yangguang.cli import ALIASES

    assert ALIASES["calendar"] == "workcalendar"


def test_other_processes_changes_are_noticed(admin, monkeypatch):
    first = selectors.current_calendar()
    s.calendar_day_add(actor=SYSTEM, date=D(2026, 3, 4), kind="holiday", name="x")
    # another process's calendar: built before the change, its cache not dropped here
    selectors._cache[None] = (("stale",), 0.0, first)
    monkeypatch.setattr(selectors, "RECHECK_SECONDS", 0.0)
    assert not selectors.current_calendar().is_working_day(D(2026, 3, 4))


def test_core_needs_no_django_settings():
    import subprocess
    import sys

    code = (
        "import os, datetime as d; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "from yangguang.workdays.core import WorkCalendar;"
        "c = WorkCalendar(holidays=[], makeup_workdays=[], known_years=[2030]);"
        "print(c.add_working_days(d.date(2030, 1, 4), 1))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "2030-01-07"
