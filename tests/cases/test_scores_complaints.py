"""Founded complaints (投诉属实) in the performance scores: a founded or partly founded
complaint about a case counts against the case's department and its responsible person in
the quarter of the reply; an unfounded one, one replied in another quarter and one out of
the user's scope do not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yangguang.cases import services as cs
from yangguang.cases.scores.selectors import scores
from yangguang.core.context import Actor
from yangguang.disclosure import services as ds

from .conftest import at

pytestmark = pytest.mark.django_db
ITEMS = [
    {"category": "群众监督", "weight": 2, "kind": "complaint_founded", "points": -5},
    {"category": "加分", "weight": 1, "kind": "case_on_time", "points": "0.5"},
]
SYSTEM = Actor.system("tests")


def _complaint(w, *, finding, replied, case=None, org=None):
    complaint, _code = ds.complaint_submit(
        actor=SYSTEM, kind="complaint", subject_kind="case" if case else "department",
        organisation=org or w.dept, title="办件拖延", content="多次补正", at=at(2026, 2, 20),
        case_number=case.number if case else "",
    )  # fmt: skip
    if case is not None:
        assert complaint.case_ref == case.pk
    return ds.complaint_reply(
        actor=SYSTEM, complaint=complaint, reply="已核查", finding=finding, at=replied
    )


@pytest.fixture
def sheet(w):
    return cs.score_sheet_set(
        actor=Actor.person(w.u["inspector"]), organisation=w.gov, name="绩效", items=ITEMS
    )


@pytest.fixture
def case(w, clock):
    clock.now = at(2026, 3, 25)
    return cs.case_register(actor=Actor.person(w.u["win1"]), power=w.food, applicant="甲",
                            at=at(2026, 2, 2))  # fmt: skip


def _rows(user, sheet, quarter="2026Q1"):
    result = scores(user=user, quarter=quarter)
    assert all(r.sheet == sheet for r in result["departments"])
    return (
        {r.name: r for r in result["departments"]},
        {r.name: r for r in result["people"]},
    )


def test_a_founded_complaint_about_a_case_lowers_department_and_responsible(w, sheet, case):
    inspector = w.u["inspector"]
    depts, people = _rows(inspector, sheet)
    before = depts.get("某县市场监督管理局")
    base = before.score if before else sheet.base
    assert "complaint_founded" not in (before.counts if before else {})

    _complaint(w, finding="founded", case=case, replied=at(2026, 3, 10))
    _complaint(w, finding="partly", case=case, replied=at(2026, 3, 11))
    _complaint(w, finding="unfounded", case=case, replied=at(2026, 3, 12))
    _complaint(w, finding="founded", case=case, replied=at(2026, 4, 2))  # next quarter
    depts, people = _rows(inspector, sheet)
    dept = depts["某县市场监督管理局"]
    assert dept.counts["complaint_founded"] == 2
    assert dept.score == base - 2 * 2 * 5
    win1 = people["win1"]  # registered it: the responsible person (首问负责)
    assert win1.counts["complaint_founded"] == 2
    assert win1.score <= sheet.base - 20
    assert all("complaint_founded" not in r.counts for n, r in people.items() if n != "win1")

    depts, people = _rows(inspector, sheet, "2026Q2")
    assert depts["某县市场监督管理局"].counts["complaint_founded"] == 1
    assert people["win1"].counts["complaint_founded"] == 1


def test_a_complaint_about_a_department_counts_for_it_only(w, sheet, clock):
    clock.now = at(2026, 3, 25)
    _complaint(w, finding="partly", org=w.other, replied=at(2026, 3, 10))
    _complaint(w, finding="unfounded", org=w.dept, replied=at(2026, 3, 10))
    depts, people = _rows(w.u["inspector"], sheet)
    assert depts["某县自然资源局"].counts == {"complaint_founded": 1}
    assert depts["某县自然资源局"].score == sheet.base - 10
    assert depts["某县市场监督管理局"].counts == {}  # listed (it handles cases), unscathed
    assert depts["某县市场监督管理局"].score == sheet.base
    assert people == {}


def test_out_of_scope_users_do_not_see_founded_complaints(w, sheet, case):
    _complaint(w, finding="founded", case=case, replied=at(2026, 3, 10))
    _complaint(w, finding="founded", org=w.other, replied=at(2026, 3, 10))
    depts, people = _rows(w.u["other_clerk"], sheet)  # staff of 某县自然资源局
    assert set(depts) == {"某县自然资源局"} and people == {}
    depts, people = _rows(w.u["win1"], sheet)  # staff of 某县市场监督管理局
    assert set(depts) == {"某县市场监督管理局"}
    assert depts["某县市场监督管理局"].counts["complaint_founded"] == 1
    assert people["win1"].counts["complaint_founded"] == 1


def test_counted_set_wise(w, sheet, case):
    for day in range(1, 9):
        _complaint(w, finding="founded", case=case, replied=at(2026, 3, day))
    with CaptureQueriesContext(connection) as few:
        _rows(w.u["inspector"], sheet)
    for day in range(9, 29):
        _complaint(w, finding="partly", case=case, replied=at(2026, 3, day))
    with CaptureQueriesContext(connection) as many:
        depts, _people = _rows(w.u["inspector"], sheet)
    assert len(many) == len(few)
    assert depts["某县市场监督管理局"].counts["complaint_founded"] == 28


def test_the_scores_page_shows_founded_complaints(w, sheet, case):
    _complaint(w, finding="founded", case=case, replied=at(2026, 3, 10))
    client = Client()
    client.force_login(w.u["inspector"])
    html = client.get("/office/cases/scores/?quarter=2026Q1").content.decode()
    assert "投诉属实" in html and "群众监督" in html
    depts, _people = _rows(w.u["inspector"], sheet)
    assert f"{depts['某县市场监督管理局'].score:.2f}" in html
    assert depts["某县市场监督管理局"].score < Decimal(100)
