"""A penalty decided at the 决定 step (自由裁量权基准 applied): grade and fine recorded
through the service, the case page and the events API; a fine outside the benchmark
needs its written reason and raises the ``benchmark_deviation`` alert; the case page
shows the check; other steps refuse a grade or a fine."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from yangguang.audit.models import AuditEntry
from yangguang.cases import services as cs
from yangguang.cases.models import Alert, PenaltyDecision, Rule, Step
from yangguang.cases.selectors import alert_text
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers.models import PowerType

from .conftest import FIXTURES, SYSTEM, at
from .test_ingest import iso, push, token_client

pytestmark = pytest.mark.django_db

LANES = {"案件承办岗": "biz1", "法制审核岗": "biz2", "主要负责人": "lead1"}


@pytest.fixture
def fine(w):
    """A penalty power on the hearing flowchart (立案 … 决定 … 执行) with its benchmarks,
    and the case taken up to its 决定 step."""
    from yangguang.flows import services as fs
    from yangguang.orgs import services as orgs
    from yangguang.powers import services as ps

    PowerType.objects.get_or_create(code="CF", defaults={"name": "行政处罚"})
    for i, (name, who) in enumerate(LANES.items()):
        post = orgs.post_create(
            actor=SYSTEM, organisation=w.dept, code=f"F{i}", name=name, risk_grade="low"
        )
        orgs.post_assign(actor=SYSTEM, post=post, user=w.u[who], start=dt.date(2024, 1, 1))
    power = ps.power_item_create(
        actor=SYSTEM, power_list=w.plist, code="CF00001000", name="对生产经营超过保质期食品的处罚",
        type="CF",
    )  # fmt: skip
    ps.benchmark_add(
        actor=SYSTEM, power=power, grade="slight", description="初次且轻微",
        other_penalties="警告",
    )  # fmt: skip
    ps.benchmark_add(
        actor=SYSTEM, power=power, grade="ordinary", description="一般", fine_min=5000,
        fine_max=20000,
    )  # fmt: skip
    ps.benchmark_add(
        actor=SYSTEM, power=power, grade="grave", description="严重", fine_min=50000,
        fine_max=100000, quantified=False,
    )  # fmt: skip
    process = fs.import_bpmn(
        actor=SYSTEM, power=power, xml_bytes=(FIXTURES / "penalty-hearing.bpmn").read_bytes()
    )
    fs.process_publish(actor=SYSTEM, process=process)
    case = cs.case_register(actor=Actor.person(w.u["biz1"]), power=power, applicant="某超市")
    for task, who, choices in (
        ("立案", "biz1", []),
        ("调查取证", "biz1", []),
        ("法制审核", "biz2", []),
        ("告知陈述申辩和听证权利", "biz1", ["Flow_8"]),
    ):
        step = Step.objects.get(case=case, name=task, status="open")
        cs.step_complete(actor=Actor.person(w.u[who]), step=step, choices=choices)
    return case


def decision_step(case):
    return Step.objects.get(case=case, name="决定", status="open")


def lead(w):
    return Actor.person(w.u["lead1"])


def test_within_the_benchmark_is_recorded_without_an_alert(w, fine):
    step = cs.step_complete(actor=lead(w), step=decision_step(fine), grade="ordinary",
                            amount="8000")  # fmt: skip
    decided = PenaltyDecision.objects.get(step=step)
    assert decided.within and decided.amount == Decimal("8000")
    assert (decided.fine_min, decided.fine_max, decided.grade) == (5000, 20000, "ordinary")
    assert "幅度内" in decided.message_zh and decided.message_en and decided.version is None
    assert not Alert.objects.filter(case=fine, rule=Rule.BENCHMARK_DEVIATION).exists()
    entry = AuditEntry.objects.filter(action="cases.step_complete").order_by("-seq").first()
    payload = json.loads(entry.payload)
    assert '"penalty"' in entry.payload and '"grade":"ordinary"' in entry.payload, payload


def test_outside_needs_a_reason_and_raises_the_alert(w, fine):
    step = decision_step(fine)
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=lead(w), step=step, grade="ordinary", amount=30000)
    assert exc.value.error_code == "deviation_reason_required"
    assert exc.value.field == "deviation_reason" and "高于" in exc.value.zh and exc.value.en
    assert not PenaltyDecision.objects.exists()
    assert Step.objects.get(pk=step.pk).status == "open"
    cs.step_complete(actor=lead(w), step=step, grade="ordinary", amount=30000,
                     deviation_reason="当事人多次违法, 经集体讨论从重处罚")  # fmt: skip
    decided = PenaltyDecision.objects.get(step=step)
    assert not decided.within and decided.deviation_reason.startswith("当事人")
    alert = Alert.objects.get(case=fine, rule=Rule.BENCHMARK_DEVIATION)
    assert alert.step_id == step.pk and alert.amount == 30000 and alert.standard == 20000
    assert alert.status == "open" and alert.grade == "yellow"
    zh, en = alert_text(alert)
    assert "处罚偏离裁量基准" in zh and "罚款 30000.00 元" in zh and "5000.00–20000.00 元" in zh
    assert "集体讨论" in zh and "fine 30000.00 yuan" in en


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({}, "penalty_required", "grade"),
        ({"grade": "ordinary"}, "penalty_required", "amount"),
        ({"grade": "medium", "amount": 1}, "grade_unknown", "circumstance"),
        ({"grade": "serious", "amount": 1}, "benchmark_missing", "circumstance"),
        ({"grade": "ordinary", "amount": "abc"}, "amount_invalid", "amount"),
        ({"grade": "ordinary", "amount": -1}, "amount_invalid", "amount"),
        ({"grade": "ordinary", "amount": "8000.005"}, "amount_invalid", "amount"),
        ({"grade": "grave", "amount": "1e12", "deviation_reason": "x"}, "amount_invalid", "amount"),
        ({"grade": "ordinary", "amount": True}, "invalid", "amount"),
        (
            {"grade": "ordinary", "amount": 1, "deviation_reason": "x" * 4001},
            "too_long",
            "deviation_reason",
        ),
    ],
)
def test_the_decision_step_refuses_bad_input(w, fine, kwargs, code, field):
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=lead(w), step=decision_step(fine), **kwargs)
    assert (exc.value.error_code, exc.value.field) == (code, field)
    assert exc.value.zh and exc.value.en
    assert not PenaltyDecision.objects.exists()


def test_other_steps_refuse_a_grade_or_a_fine(w, fine):
    send = Step.objects.filter(case=fine, name="决定").first()
    cs.step_complete(actor=lead(w), step=send, grade="slight", amount=0)
    deliver = Step.objects.get(case=fine, name="送达", status="open")
    with pytest.raises(DomainError) as exc:
        cs.step_complete(actor=Actor.person(w.u["biz1"]), step=deliver, amount=100)
    assert exc.value.error_code == "penalty_not_expected"
    # a licence's 决定 step decides no penalty either
    case = cs.case_register(actor=Actor.person(w.u["win1"]), power=w.food, applicant="张三")
    assert PenaltyDecision.objects.count() == 1
    assert case.power.type.code == "XK"


def test_the_case_page_form_and_check(w, fine):
    c = Client()
    c.force_login(w.u["lead1"])
    url = f"/office/cases/{fine.pk}/"
    html = c.get(url).content.decode()
    assert "自由裁量权基准" in html and "5000–20000 元" in html and "未细化" in html
    assert 'name="grade"' in html and 'name="amount"' in html and 'name="deviation_reason"' in html
    step = decision_step(fine)
    # outside, without a reason: refused with the message, nothing recorded
    response = c.post(url + "step/", {"step": step.pk, "grade": "grave", "amount": "60000"},
                      follow=True)  # fmt: skip
    assert "偏离裁量基准须书面说明理由" in response.content.decode()
    assert not PenaltyDecision.objects.exists()
    c.post(url + "step/", {"step": step.pk, "grade": "grave", "amount": "60000",
                           "deviation_reason": "情节特别严重"})  # fmt: skip
    html = c.get(url).content.decode()
    assert "处罚决定与裁量基准核对" in html and "超出裁量基准" in html
    assert "60000 元" in html and "50000–100000 元" in html and "情节特别严重" in html
    assert "处罚偏离裁量基准" in html  # the alert on the case page
    assert Alert.objects.filter(case=fine, rule=Rule.BENCHMARK_DEVIATION).count() == 1


def test_the_inspector_sees_the_finding(w, fine):
    cs.step_complete(actor=lead(w), step=decision_step(fine), grade="slight", amount=500,
                     deviation_reason="x")  # fmt: skip
    c = Client()
    c.force_login(w.u["inspector"])
    html = c.get("/office/cases/alerts/?rule=benchmark_deviation").content.decode()
    assert "处罚偏离裁量基准" in html and fine.number in html


def test_the_events_api_records_the_penalty(w, fine):
    client = token_client(w.u["lead1"])
    Step.objects.filter(case=fine).update(activated_at=at(2026, 1, 5))
    fine.external_id = "P-1"
    fine.save(update_fields=["external_id"])
    event = {"id": "p1", "type": "step", "case": "P-1", "task": "Task_10", "by": "lead1",
             "at": iso(2026, 1, 6, 9)}  # fmt: skip
    refused = push(client, [{**event, "grade": "ordinary", "amount": 100}])["results"][0]
    assert refused["status"] == "rejected" and refused["code"] == "deviation_reason_required"
    assert refused["message_zh"] and refused["message_en"]
    missing = push(client, [event])["results"][0]
    assert missing["code"] == "penalty_required"
    done = push(client, [{**event, "grade": "ordinary", "amount": 100,
                          "deviation_reason": "依法减轻处罚"}])["results"][0]  # fmt: skip
    assert done["status"] == "accepted" and "benchmark_deviation" in done["alerts"]
    assert PenaltyDecision.objects.get(case=fine).deviation_reason == "依法减轻处罚"


def test_a_decimal_fine_and_the_english_case_page(w, fine):
    cs.step_complete(actor=lead(w), step=decision_step(fine), grade="ordinary",
                     amount=Decimal("8000.50"))  # fmt: skip
    assert PenaltyDecision.objects.get(case=fine).amount == Decimal("8000.50")
    c = Client()
    c.force_login(w.u["lead1"])
    c.cookies["django_language"] = "en"
    html = c.get(f"/office/cases/{fine.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Penalty decisions checked against the benchmark" in html
    assert "within the benchmark" in html and "8000.5 yuan" in html
    assert "5000–20000 yuan" in html and "within the 5000.00–20000.00 yuan range" in html
    assert "处罚决定与裁量基准核对" not in html and "符合裁量基准" not in html
