"""The office home is a to-do list per role: the things themselves (a case's step with its
deadline, an alert, a request, a complaint), not only counts, each linked to where it is
acted on; an empty list says why. The registering form without a power says why too,
and links to where that is put right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from yangguang.cases import services as cs
from yangguang.cases.models import Alert, AlertStatus
from yangguang.core import worklist
from yangguang.core.context import Actor
from yangguang.disclosure import services as ds
from yangguang.powers import services as ps

SYSTEM = Actor.system("tests")


@pytest.fixture
def w(db):
    from tests.cases.conftest import build

    return build()


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/office/")
    assert response.status_code == 200
    return response.content.decode()


def _todo(html: str) -> str:
    return html.split('id="tasks"')[1].split('id="counts"')[0]


def _labels(user) -> dict[str, worklist.Task]:
    return {t.label: t for t in worklist.tasks_for(user)}


def test_a_clerk_sees_the_steps_of_his_posts_with_their_deadlines(w):
    case = cs.case_register(actor=Actor.person(w.u["win1"]), power=w.food, applicant="申请人甲")
    tasks = _labels(w.u["win1"])
    steps = tasks["待您办理的办件环节"]
    assert steps.count == 1
    entry = steps.entries[0]
    assert case.number in entry.label and w.food.name in entry.label
    assert entry.url == f"/office/cases/{case.pk}/"
    html = _todo(_home(w.u["win1"]))
    assert case.number in html and f'href="/office/cases/{case.pk}/"' in html
    assert "申请人甲" not in html  # the applicant is not shown on the home page
    if entry.due_text:
        assert entry.due_text in html and "到期" in html
    # who does not hold the step's post is not asked to do it
    assert "待您办理的办件环节" not in _labels(w.u["biz2"])
    assert "待您办理的办件环节" not in _labels(w.u["other_clerk"])


def test_overdue_steps_come_first_and_are_marked(w):
    start = timezone.now() - dt.timedelta(days=60)
    case = cs.case_register(
        actor=Actor.person(w.u["win1"]), power=w.food, applicant="申请人乙", at=start
    )
    steps = _labels(w.u["win1"])["待您办理的办件环节"]
    assert steps.entries[0].overdue, steps.entries
    html = _todo(_home(w.u["win1"]))
    assert 'class="overdue"' in html and case.number in html
    assert worklist.tasks_for(w.u["win1"])[0].label == "待您办理的办件环节"


def test_alerts_wait_for_the_inspector_then_for_the_department(w):
    start = timezone.now() - dt.timedelta(days=60)
    cs.case_register(actor=Actor.person(w.u["win1"]), power=w.food, applicant="丙", at=start)
    cs.supervision_sweep(actor=SYSTEM)
    alerts = Alert.objects.filter(organisation=w.dept)
    assert alerts.exists()
    pending = alerts.filter(status=AlertStatus.PENDING)
    inspector = _labels(w.u["inspector"])
    if pending.exists():
        task = inspector["待确认的预警"]
        assert task.count == pending.count()
        assert task.entries[0].url.startswith("/office/cases/alerts/")
        for alert in pending:
            cs.alert_confirm(actor=Actor.person(w.u["inspector"]), alert=alert)
    open_ = alerts.filter(status=AlertStatus.OPEN).count()
    assert open_
    dept = _labels(w.u["lead1"])
    assert dept["待说明纠正的预警"].count == open_
    assert "待确认的预警" not in dept
    assert "待说明纠正的预警" not in _labels(w.u["other_clerk"])  # another department's
    assert "待说明纠正的预警" in _todo(_home(w.u["win2"]))


def test_requests_and_complaints_due(w):
    submitted = ds.info_request_submit(
        actor=SYSTEM, organisation=w.dept, subject="食品抽检结果", description="请公开",
        requester_name="申请人丁", requester_contact="13600000009", publish_consent=False,
    )  # fmt: skip
    req = submitted[0] if isinstance(submitted, tuple) else submitted
    complaint, _code = ds.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="department", organisation=w.dept,
        title="窗口态度", content="排队两小时", anonymous=True,
    )  # fmt: skip
    tasks = _labels(w.u["win2"])
    assert tasks["待答复的依申请公开"].entries[0].url == f"/office/disclosure/requests/{req.pk}/"
    assert tasks["待办理的投诉举报"].entries[0].url == f"/office/complaints/{complaint.pk}/"
    html = _todo(_home(w.u["win2"]))
    assert req.number in html and complaint.number in html
    assert "申请人丁" not in html and "13600000009" not in html
    other = _labels(w.u["other_clerk"])
    assert "待答复的依申请公开" not in other and "待办理的投诉举报" not in other
    # the system administrator handles neither
    admin = _labels(w.u["sysadmin"])
    assert "待答复的依申请公开" not in admin and "待办理的投诉举报" not in admin


def test_an_empty_list_says_why(w):
    html = _todo(_home(w.u["other_clerk"]))
    assert "目前没有等待您办理的事项" in html
    assert 'class="empty-why"' in html and "岗位任职" in html
    assert "系统管理员维护平台本身" in _todo(_home(w.u["sysadmin"]))


def test_register_without_a_flowchart_says_so_and_links_to_it(w):
    """The README's czj.clerk: the organisation's powers have no published flowchart."""
    client = Client()
    client.force_login(w.u["other_clerk"])
    html = client.get("/office/cases/new/").content.decode()
    assert "暂时不能登记办件" in html and "还没有职权事项" in html
    assert f'href="/office/powers/{w.other.code}/"' in html
    assert 'name="applicant"' not in html  # no form that cannot be sent
    plist = ps.power_list_create(actor=SYSTEM, organisation=w.other)
    ps.power_item_create(actor=SYSTEM, power_list=plist, code="XK00009000", name="采矿许可",
                         type="XK")  # fmt: skip
    html = client.get("/office/cases/new/").content.decode()
    assert "暂时不能登记办件" in html and "XK00009000 采矿许可" in html
    assert "尚无已发布的流程图" in html and 'href="/office/flows/"' in html
    # where a power has one, the form is there and the explanation is not
    client.force_login(w.u["win1"])
    html = client.get("/office/cases/new/").content.decode()
    assert 'name="applicant"' in html and "暂时不能登记办件" not in html


def test_an_empty_case_list_says_why(w):
    client = Client()
    client.force_login(w.u["other_clerk"])
    html = client.get("/office/cases/").content.decode()
    assert "范围内还没有办件" in html and 'href="/office/cases/new/"' in html
    html = client.get("/office/cases/", {"q": "不存在"}).content.decode()
    assert "没有符合条件的办件" in html and "清除筛选条件" in html
