"""The command line, the report, the portal's public decisions, the back-office pages and
access scoping."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import Client

from tests.factories import SYSTEM, UserFactory
from yangguang.core import access, fonts
from yangguang.meetings import models as m
from yangguang.meetings import report
from yangguang.meetings import services as s

from .conftest import MEETING_DAY, agenda, clean_meeting, discuss, hold, minutes, new_meeting


def _breach(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting, notice_days_before=1, title="迟告知\t议题")
    hold(world, meeting)
    discuss(world, topic, public=True)
    minutes(world, meeting)
    return meeting, topic


def run(*args) -> str:
    out = io.StringIO()
    call_command("meetings", *args, stdout=out)
    return out.getvalue()


def test_check_prints_one_finding_a_line_tab_separated(world):
    _breach(world)
    text = run("check", "--org", "XW", "--from", "2026-07-01", "--to", "2026-07-31")
    (line,) = text.splitlines()
    rule, meeting, topic, detail = line.split("\t")
    assert rule == "notice_late"
    assert meeting == "CZJ 2026-07-15 局党组会议"
    assert topic == "1. 迟告知 议题"  # a tab inside a value is replaced
    assert "未在会前 2 天告知" in detail and "not notified" in detail
    assert run("check", "--org", "JYJ", "--from", "2026-07-01", "--to", "2026-07-31") == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE", "--from", "2026-07-01", "--to", "2026-07-31"], "unknown organisation"),
        (["--org", "XW", "--from", "2026-13-01", "--to", "2026-07-31"], "YYYY-MM-DD"),
        (["--org", "XW", "--from", "2026-08-01", "--to", "2026-07-31"], "before --from"),
    ],
)
def test_check_refuses_bad_arguments(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("check", *args)


def test_report_is_a_pdf(world, tmp_path):
    _breach(world)
    out = tmp_path / "q3.pdf"
    text = run("report", "--org", "XW", "--quarter", "2026Q3", "--out", str(out))
    assert "q3.pdf" in text
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert (b"/FontFile2" in data) == fonts.embedded()  # its Chinese font inside (core.fonts)
    with pytest.raises(CommandError, match="2026Q3"):
        run("report", "--org", "XW", "--quarter", "2026-3", "--out", str(out))
    assert report.quarter_bounds("2026q4") == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))


def test_portal_shows_only_public_decisions(world, client):
    _meeting, public = _breach(world)
    _m2, private = clean_meeting(world, title="内部议题")
    html = client.get("/decisions/").content.decode()
    assert public.title in html and "〔2026〕1号" in html and "通过" in html
    assert private.title not in html
    assert "<script" not in html.split("<body")[1].split("</footer>")[0]
    assert client.get(f"/decisions/{public.pk}/").status_code == 200
    assert client.get(f"/decisions/{private.pk}/").status_code == 404
    detail = client.get(f"/decisions/{public.pk}/").content.decode()
    assert "同意调整预算" in detail and "王局长" not in detail  # no speeches or votes


def test_public_scope(world):
    _meeting, public = _breach(world)
    anonymous = AnonymousUser()
    assert list(access.restrict(m.Topic.objects.all(), anonymous)) == [public]
    for model in (m.Meeting, m.Vote, m.Speech, m.Minutes, m.MeetingMember):
        assert not access.restrict(model.objects.all(), anonymous).exists()


def test_staff_see_their_subtree_inspectors_their_jurisdiction(world):
    meeting, _topic = clean_meeting(world)
    other_staff = UserFactory(organisation=world.other, role="clerk")
    for user, sees in ((world.clerk, True), (world.inspector, True), (other_staff, False)):
        assert access.restrict(m.Meeting.objects.all(), user).exists() is sees
        assert access.restrict(m.Vote.objects.all(), user).exists() is sees
    assert access.can(world.inspector, "supervise", meeting)
    assert not access.can(world.inspector, "operate", meeting)
    assert not access.can(world.clerk, "supervise", meeting)
    record = s.integrity_record_create(
        actor=SYSTEM, person=world.clerk, kind="sanction", start=MEETING_DAY, source="处分"
    )
    assert not access.can(world.clerk, "view", record)  # the commission's records
    assert access.can(world.inspector, "view", record)


def test_office_pages(world):
    meeting, _topic = _breach(world)
    clerk = Client()
    clerk.force_login(world.clerk)
    assert "局党组会议" in clerk.get("/office/meetings/").content.decode()
    page = clerk.get(f"/office/meetings/{meeting.pk}/").content.decode()
    assert "发言顺序" in page and "〔2026〕1号" in page
    assert clerk.get("/office/meetings/checks/").status_code == 403
    assert clerk.get("/office/meetings/decisions/").status_code == 200
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(f"/office/meetings/{meeting.pk}/").status_code == 404

    inspector = Client()
    inspector.force_login(world.inspector)
    page = inspector.get("/office/meetings/checks/?from=2026-07-01&to=2026-07-31").content.decode()
    assert "notice_late" in page
    pdf = inspector.get("/office/meetings/report/?quarter=2026Q3")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    finding = f"notice_late:meeting-{meeting.pk}:topic-{meeting.topics.get().pk}"
    response = inspector.post(
        "/office/meetings/checks/cases/",
        {"org": "CZJ", "finding": finding, "rule": "notice_late", "summary": "议题未按时告知",
         "persons": [world.principal.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    case = m.AccountabilityCase.objects.get()
    assert case.finding == finding and case.opened_by == world.inspector
    assert list(case.persons.all()) == [world.principal]


def test_api_public_decisions_and_findings(world):
    _meeting, public = _breach(world)
    client = Client()
    rows = client.get("/api/v1/meetings/decisions").json()
    assert [r["id"] for r in rows] == [public.pk] and rows[0]["number"] == "〔2026〕1号"
    url = "/api/v1/meetings/findings?org=XW&start=2026-07-01&end=2026-07-31"
    assert client.get(url).status_code in (401, 403)
    inspector = Client()
    inspector.force_login(world.inspector)
    (row,) = inspector.get(url).json()
    assert row["rule"] == "notice_late"
