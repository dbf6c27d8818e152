"""Performance scores on hand-made data: the sheet, counts per department and person,
weights, grades, appeals upheld taking an alert out, the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from yangguang.cases import services as cs
from yangguang.cases.models import Alert
from yangguang.cases.scores.selectors import quarter_bounds, scores
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

from .conftest import at, open_step

pytestmark = pytest.mark.django_db
ITEMS = [
    {"category": "时效", "weight": 1, "kind": "alert_yellow", "points": -5},
    {"category": "时效", "weight": 1, "kind": "alert_red", "points": -10},
    {"category": "时效", "weight": "0.5", "kind": "step_late", "points": -2},
    {"category": "预警", "weight": 1, "kind": "alert_warning", "points": -1},
    {"category": "加分", "weight": 2, "kind": "case_on_time", "points": "0.5"},
]


def _dept(result, name="某县市场监督管理局"):
    return next(r for r in result["departments"] if r.name == name)


def test_quarters():
    start, end = quarter_bounds("2026q1")
    assert (start.month, end.month, end.year) == (1, 4, 2026)
    assert quarter_bounds("2025Q4")[1].year == 2026
    with pytest.raises(DomainError):
        quarter_bounds("2026Q5")


def test_scores_per_department_and_person(w, clock):
    clock.now = at(2026, 3, 20)
    inspector = Actor.person(w.u["inspector"])
    with pytest.raises(DomainError):
        cs.score_sheet_set(actor=inspector, organisation=w.gov, name="x", items=ITEMS,
                           excellent=80, good=90)  # fmt: skip
    sheet = cs.score_sheet_set(
        actor=inspector, organisation=w.gov, name="2026 办件绩效", items=ITEMS, excellent=99,
        good=95, passing=80,
    )  # fmt: skip
    win = Actor.person(w.u["win1"])
    late = cs.case_register(actor=win, power=w.food, applicant="甲", at=at(2026, 2, 2))
    done = cs.case_register(actor=win, power=w.food, applicant="乙", at=at(2026, 3, 16))
    for name, who, choice, t in (
        ("受理", "win1", "Flow_3", 10),
        ("审查", "biz1", "Flow_9", 11),
        ("决定", "lead1", None, 12),
        ("制证送达", "win2", None, 13),
    ):
        cs.step_complete(actor=Actor.person(w.u[who]), step=open_step(done, name),
                         at=at(2026, 3, 16, t), choices=[choice] if choice else [])  # fmt: skip
    cs.case_finish(actor=win, case=done, outcome="approved", at=at(2026, 3, 16, 14))
    counts = {
        r: Alert.objects.filter(case=late, rule=r).count() for r in ("yellow_card", "red_card")
    }
    assert counts == {"yellow_card": 1, "red_card": 1}
    result = scores(user=w.u["inspector"], sheet=sheet, quarter="2026Q1")
    dept = _dept(result)
    assert dept.sheet == sheet and dept.code == "D1"
    assert {r.name for r in result["departments"]} == {"某县市场监督管理局", "某县纪委监委"}
    graded = {g: Alert.objects.filter(grade=g).exclude(rule="step_late").count()
              for g in ("warning", "yellow", "red")}  # fmt: skip
    assert dept.counts.get("alert_yellow", 0) == graded["yellow"] >= 1
    assert dept.counts.get("alert_red", 0) == graded["red"] >= 1
    assert dept.counts.get("step_late", 0) == Alert.objects.filter(rule="step_late").count()
    assert dept.counts["case_on_time"] == 1
    weights = {i["kind"]: Decimal(str(i["weight"])) * Decimal(str(i["points"])) for i in ITEMS}
    expected = Decimal(100) + sum(weights[k] * n for k, n in dept.counts.items())
    assert dept.score == expected
    assert dept.grade_label == next(
        (g for g, line in (("优秀", 99), ("良好", 95), ("合格", 80)) if expected >= line), "不合格"
    )
    people = {r.name: r for r in result["people"]}
    assert people["win1"].counts["case_on_time"] == 1  # finished it in time
    earlier = scores(user=w.u["inspector"], quarter="2025Q4")
    assert earlier["people"] == [] and all(not r.counts for r in earlier["departments"])
    assert _dept(earlier).score == Decimal(100)  # scored all the same: the base

    red = Alert.objects.get(case=late, rule="red_card")
    appeal = cs.score_appeal_file(actor=win, alert=red, reason="系统故障停机两天")
    with pytest.raises(DomainError):
        cs.score_appeal_file(actor=win, alert=red, reason="再次")
    cs.score_appeal_decide(actor=inspector, appeal=appeal, upheld=True, decision="情况属实")
    with pytest.raises(DomainError):
        cs.score_appeal_decide(actor=inspector, appeal=appeal, upheld=False, decision="x")
    dept = _dept(scores(user=w.u["inspector"], quarter="2026Q1"))
    assert dept.counts.get("alert_red", 0) == graded["red"] - 1
    assert dept.score == expected + 10

    client = Client()
    client.force_login(w.u["inspector"])
    page = client.get("/office/cases/scores/?quarter=2026Q1")
    assert page.status_code == 200
    html = page.content.decode()
    assert "某县市场监督管理局" in html and f"{dept.score:.2f}" in html
    assert client.get("/office/cases/scores/?quarter=bad").status_code == 200
