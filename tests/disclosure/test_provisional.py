"""Information requests and complaints received in December (issue 13): the 20 (or 15)
working days run into 2027, counted by the provisional calendar and marked 暂定 on the
office and public pages; entering the year's arrangement moves them in the recompute
job, which lists them."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.disclosure import services as s
from yangguang.disclosure.recompute import provisional
from yangguang.workdays import selectors
from yangguang.workdays import services as ws
from yangguang.workdays.models import DeadlineRecompute

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _fresh_calendar():
    selectors.invalidate()
    yield
    selectors.invalidate()


def _request(tree, when):
    req, _code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="2026年预算执行情况",
        description="请公开明细", requester_name="王五", requester_contact="13800000000",
        publish_consent=True, at=when,
    )  # fmt: skip
    return req


def _enter_2027(users, callbacks):
    """A hypothetical 2027 arrangement (test data): Monday 4 January off with 元旦,
    made up on Saturday 9 January (调休)."""
    actor = person(users["sysadmin"])
    with callbacks(execute=True):
        for day in (D(2027, 1, 1), D(2027, 1, 4)):
            ws.calendar_day_add(actor=actor, date=day, kind="holiday", name="元旦")
        ws.calendar_day_add(actor=actor, date=D(2027, 1, 9), kind="makeup_workday", name="调休")
        ws.calendar_year_complete(actor=actor, year=2027)


def test_a_december_request_is_provisional_then_moved(
    tree, users, django_capture_on_commit_callbacks
):
    req = _request(tree, at(2026, 12, 4))
    # 20 working days from Friday 4 December: Monday 4 January 2027 (provisional)
    assert req.deadline.date() == D(2027, 1, 4)
    assert provisional(req)
    early = _request(tree, at(2026, 11, 2))  # 30 November: official
    assert early.deadline.date() == D(2026, 11, 30) and not provisional(early)

    clerk = Client()
    clerk.force_login(users["clerk"])
    html = clerk.get(f"/office/disclosure/requests/{req.pk}/").content.decode()
    assert "2027-01-04" in html and '<span class="provisional">暂定</span>' in html
    html = clerk.get(f"/office/disclosure/requests/{early.pk}/").content.decode()
    assert '<span class="provisional">' not in html
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = clerk.get("/office/disclosure/requests/").content.decode()
    assert '<span class="provisional">provisional</span>' in html and "暂定" not in html

    # an extension of 20 more working days: still provisional
    s.info_request_extend(actor=person(users["lead"]), request=req, reason="需协调多个部门")
    req.refresh_from_db()
    assert req.deadline.date() == D(2027, 2, 1) and provisional(req)

    _enter_2027(users, django_capture_on_commit_callbacks)
    req.refresh_from_db()
    # 4 January off, 9 January worked: 40 working days end on Monday 1 February still
    # (one day lost, one gained) -- so the run lists only what really moved
    assert req.deadline.date() == D(2027, 2, 1) and not provisional(req)
    run = DeadlineRecompute.objects.get()
    assert not run.shifts.filter(kind="info_request", object_id=req.pk).exists()


def test_a_request_whose_deadline_moves_is_listed(tree, users, django_capture_on_commit_callbacks):
    req = _request(tree, at(2026, 12, 4))
    _enter_2027(users, django_capture_on_commit_callbacks)
    req.refresh_from_db()
    assert req.deadline.date() == D(2027, 1, 5) and not provisional(req)
    shift = DeadlineRecompute.objects.get().shifts.get(kind="info_request", object_id=req.pk)
    assert shift.old_deadline.date() == D(2027, 1, 4)
    assert shift.new_deadline.date() == D(2027, 1, 5)
    assert req.number in shift.label


def test_a_december_complaint_is_provisional_then_moved(
    tree, users, django_capture_on_commit_callbacks
):
    c, _code = s.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=tree["dept"],
        title="窗口拖延", content="多次往返", at=at(2026, 12, 11),
    )  # fmt: skip
    # 15 working days from Friday 11 December: 14-31 December (14), Monday 4 January
    assert c.deadline.date() == D(2027, 1, 4) and provisional(c)
    inspector = Client()
    inspector.force_login(users["inspector"])
    html = inspector.get(f"/office/complaints/{c.pk}/").content.decode()
    assert "2027-01-04" in html and '<span class="provisional">暂定</span>' in html
    _enter_2027(users, django_capture_on_commit_callbacks)
    c.refresh_from_db()
    assert c.deadline.date() == D(2027, 1, 5) and not provisional(c)
    assert DeadlineRecompute.objects.get().shifts.filter(kind="complaint", object_id=c.pk).exists()
