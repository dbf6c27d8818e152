"""The commission's dashboard: figures (scoped), JSON and the page with its charts'
data and tables."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from yangguang.cases import services as cs
from yangguang.cases.dashboard import figures
from yangguang.cases.models import Alert
from yangguang.core.context import Actor

from .conftest import at, open_step

pytestmark = pytest.mark.django_db


def setup_cases(w, clock):
    clock.now = at(2026, 3, 20)
    win = Actor.person(w.u["win1"])
    late = cs.case_register(actor=win, power=w.food, applicant="甲", at=at(2026, 2, 2))
    fresh = cs.case_register(actor=win, power=w.food, applicant="乙", at=at(2026, 3, 19))
    done = cs.case_register(actor=win, power=w.food, applicant="丙", at=at(2026, 3, 16))
    cs.step_complete(actor=win, step=open_step(done, "受理"), at=at(2026, 3, 16, 10),
                     choices=["Flow_3"])  # fmt: skip
    cs.case_finish(actor=win, case=done, outcome="withdrawn", at=at(2026, 3, 17))
    cs.supervision_sweep(actor=Actor.system("t"), now=at(2026, 3, 20))
    return late, fresh, done


def test_figures_scoped(w, clock):
    setup_cases(w, clock)
    data = figures(w.u["inspector"], now=at(2026, 3, 20))
    assert data["open"] == 2 and data["finished"] == 1 and data["overdue"] == 1
    assert data["on_time"] == {"finished": 1, "on_time": 1, "rate": 100.0}
    grades = {r["grade"]: r["total"] for r in data["alerts"]["by_grade"]}
    assert grades["yellow"] >= 1 and grades["red"] >= 1
    assert sum(grades.values()) == Alert.objects.count()
    assert data["alerts"]["by_org"][0]["name"] == "某县市场监督管理局"
    assert data["alerts"]["by_power"][0]["name"] == "食品经营许可"
    assert sum(data["trend"]["registered"]) == 3 and sum(data["trend"]["finished"]) == 1
    outsider = figures(w.u["other_clerk"], now=at(2026, 3, 20))
    assert outsider["open"] == 0 and outsider["alerts"]["by_grade"] == []


def test_page_and_json(w, clock):
    setup_cases(w, clock)
    client = Client()
    assert client.get("/office/cases/dashboard/").status_code == 302  # sign in first
    client.force_login(w.u["inspector"])
    page = client.get("/office/cases/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "cases/dashboard.js" in html
    assert 'id="dashboard-data"' in html and "<table>" in html
    assert "<script>" not in html  # no inline script
    start = html.index('id="dashboard-data" type="application/json">') + 44
    embedded = json.loads(html[start : html.index("</script>", start)])
    assert embedded["open"] == 2
    body = client.get("/office/cases/dashboard/?format=json").json()
    assert body["open"] == 2 and body["alerts"]["live"] >= 2


def test_figures_are_shared_per_scope_for_a_few_seconds(
    w, clock, settings, django_assert_max_num_queries
):
    """issue 25 point 8: under load the figures are computed once per scope, not per
    request; a scope of its own gets its own; 0 seconds turns the sharing off."""
    from django.core.cache import cache

    from yangguang.cases.dashboard import shared_figures

    setup_cases(w, clock)
    cache.clear()
    settings.YANGGUANG_DASHBOARD_SECONDS = 30
    client = Client()
    client.force_login(w.u["inspector"])
    first = client.get("/office/cases/dashboard/?format=json").json()
    assert first["open"] == 2
    cs.case_register(actor=Actor.person(w.u["win1"]), power=w.food, applicant="丁",
                     at=at(2026, 3, 19, 11))  # fmt: skip
    with django_assert_max_num_queries(8):  # the session and the user, no aggregates
        again = client.get("/office/cases/dashboard/?format=json").json()
    assert again == first  # kept: a few seconds old at most
    assert "数据截至" in client.get("/office/cases/dashboard/").content.decode()
    assert shared_figures(w.u["other_clerk"])["open"] == 0  # another scope, its own figures
    settings.YANGGUANG_DASHBOARD_SECONDS = 0
    assert client.get("/office/cases/dashboard/?format=json").json()["open"] == 3
    cache.clear()
