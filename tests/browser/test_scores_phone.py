"""The scores pages on a 390 px phone: the tables scroll inside their boxes, the page
itself never sideways; no errors, no foreign requests, no WCAG A/AA violations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yangguang.cases import services as cs
from yangguang.cases.common import _compiled
from yangguang.cases.scores.selectors import current_quarter
from yangguang.core.context import Actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_scores_pages_fit_a_phone(page, live_server, check):
    from tests.cases.conftest import build

    _compiled.cache_clear()
    w = build()
    inspector = Actor.person(w.u["inspector"])
    cs.score_sheet_set(
        actor=inspector, organisation=w.gov, name="县通用评分表",
        items=[
            {"category": "办件时效", "kind": "alert_red", "points": -5, "cap": 20},
            {"category": "办件时效", "kind": "alert_yellow", "points": -3, "cap": 15},
            {"category": "预警", "kind": "alert_warning", "points": -1},
        ],
    )  # fmt: skip
    win = Actor.person(w.u["win1"])
    start = timezone.now() - dt.timedelta(days=80)
    for n in range(3):
        cs.case_register(actor=win, power=w.food, applicant=f"申请人{n}", at=start)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("inspector")
    page.get_by_label("密码").fill("x-Passw0rd-long")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    quarter = current_quarter(timezone.now())
    page.goto(f"{live_server.url}/office/cases/scores/?quarter={quarter}")
    assert "某县市场监督管理局" in page.content()
    check(page, "scores")
    page.get_by_role("link", name="某县市场监督管理局").first.click()
    page.wait_for_load_state()
    assert "#alert-" in page.content()
    check(page, "scores-org")
    page.goto(f"{live_server.url}/office/cases/scores/sheets/{w.dept.code}/")
    check(page, "scores-sheet")
    _compiled.cache_clear()
