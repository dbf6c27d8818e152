"""The review report, the discretion check and the ``powers`` command."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from yangguang.core.errors import DomainError
from yangguang.powers import selectors as sel
from yangguang.powers import services as s

from .helpers import SYSTEM, as_


def test_reduction_sentence_matches_the_published_example():
    # "取消49项、下放69项、合并减少8项,共减少126项,占总数的26.6%" of 474 declared
    figures = sel.figures_of(
        ["cancel"] * 49 + ["delegate"] * 69 + ["merge"] * 8 + ["keep"] * 340 + ["adjust"] * 8
    )
    assert (figures.declared, figures.reduced) == (474, 126)
    assert figures.share_reduced == Decimal("26.6")
    assert (
        figures.reduction_sentence() == "取消49项、下放69项、合并减少8项,共减少126项,占总数的26.6%"
    )
    assert "共梳理职权474项,保留348项(其中调整8项)" in figures.text_zh()
    assert sel.figures_of([]).share_reduced == Decimal("0.0")


def test_report_per_organisation_and_overall(plist, items, people, org):
    clerk = as_(people["clerk"])
    s.decision_record(actor=clerk, item=items["cf1"], decision="cancel", reason="r", basis="b")
    s.decision_record(
        actor=clerk,
        item=items["cf2"],
        decision="delegate",
        delegate_level="township",
        reason="r",
        basis="b",
    )
    s.power_list_submit(actor=clerk, power_list=plist)
    s.power_list_first_approve(actor=as_(people["leader"]), power_list=plist)
    s.power_list_second_approve(actor=as_(people["gov_leader"]), power_list=plist)
    s.power_list_publish(actor=as_(people["leader"]), power_list=plist)
    other = s.power_list_create(actor=SYSTEM, organisation=org["other"])
    s.power_item_create(
        actor=SYSTEM, power_list=other, code="XK00001000", name="建设工程规划许可证核发", type="XK"
    )
    s.power_list_submit(actor=SYSTEM, power_list=other, by=people["other_clerk"])
    s.power_list_first_approve(actor=SYSTEM, power_list=other, by=people["other_leader"])
    s.power_list_second_approve(actor=SYSTEM, power_list=other, by=people["legal_office"])
    s.power_list_publish(actor=SYSTEM, power_list=other)

    report = sel.review_report()
    rows = {r.organisation: r for r in report.rows}
    dept = rows["某县市场监督管理局"]
    assert (dept.declared, dept.kept, dept.cancelled, dept.delegated, dept.reduced) == (
        5,
        3,
        1,
        1,
        2,
    )
    assert dept.share_reduced == Decimal("40.0")
    assert (report.total.declared, report.total.reduced) == (6, 2)
    assert report.total.share_reduced == Decimal("33.3")
    assert len(sel.review_report(organisation=org["other"]).rows) == 1
    # the catalogue's Chinese substring search
    assert [i.code for i in sel.published_items(keyword="规划许可")] == ["XK00001000"]

    out = io.StringIO()
    call_command("powers", "report", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0].startswith("单位代码\t单位")
    assert "D1\t某县市场监督管理局\t1\t5\t3\t1\t1\t0\t0\t0\t2\t40.0" in text
    assert "合计共梳理职权6项" in text
    out = io.StringIO()
    call_command("powers", "report", "--org", "D2", stdout=out)
    assert "某县市场监督管理局" not in out.getvalue()
    with pytest.raises(CommandError):
        call_command("powers", "report", "--org", "NOPE")


@pytest.fixture
def penalty(items):
    cf = items["cf1"]
    s.benchmark_add(
        actor=SYSTEM, power=cf, grade="slight", description="首次轻微", other_penalties="警告"
    )
    s.benchmark_add(
        actor=SYSTEM, power=cf, grade="ordinary", description="一般", fine_min=50000, fine_max=65000
    )
    s.benchmark_add(
        actor=SYSTEM,
        power=cf,
        grade="grave",
        description="严重",
        fine_min=85000,
        fine_max=100000,
        quantified=False,
    )
    return cf


@pytest.mark.parametrize(
    ("grade", "amount", "inside", "phrase"),
    [
        ("ordinary", 50000, True, "幅度内"),
        ("ordinary", "65000.00", True, "幅度内"),
        ("ordinary", 49999, False, "低于"),
        ("ordinary", 70000, False, "高于"),
        ("grave", 85000, True, "一律按下限执行"),
        ("grave", 90000, False, "一律按下限执行"),
        ("slight", 0, True, "不处罚款"),
        ("slight", 100, False, "超出基准"),
    ],
)
def test_penalty_check(penalty, grade, amount, inside, phrase):
    result = sel.penalty_check(power=penalty, circumstance=grade, amount=amount)
    assert result.inside is inside
    assert phrase in result.zh and result.en and result.message.endswith(")")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"circumstance": "medium", "amount": 1}, "circumstance"),
        ({"circumstance": "serious", "amount": 1}, "circumstance"),  # no benchmark for it
        ({"circumstance": "ordinary", "amount": -1}, "amount"),
        ({"circumstance": "ordinary", "amount": "abc"}, "amount"),
    ],
)
def test_penalty_check_bad_input(penalty, kwargs, field):
    with pytest.raises(DomainError) as exc:
        sel.penalty_check(power=penalty, **kwargs)
    assert exc.value.field == field


def test_penalty_check_only_for_penalties(items):
    with pytest.raises(DomainError) as exc:
        sel.penalty_check(power=items["xk"], circumstance="ordinary", amount=1)
    assert exc.value.error_code == "benchmark_not_penalty"
