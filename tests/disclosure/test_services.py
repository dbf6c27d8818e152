from __future__ import annotations

import datetime

import pytest

from tests.disclosure.conftest import SYSTEM, at, person
from yangguang.audit.models import AuditEntry
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.disclosure import models as m
from yangguang.disclosure import selectors
from yangguang.disclosure import services as s

pytestmark = pytest.mark.django_db


def _actions(since: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(seq__gt=since).order_by("seq").values_list("action", flat=True)
    )


def _head() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize(
    ("period", "due"),
    [
        ("2026Q1", datetime.date(2026, 4, 15)),
        ("2026Q2", datetime.date(2026, 7, 15)),
        ("2026q3", datetime.date(2026, 10, 15)),
        ("2026Q4", datetime.date(2027, 1, 15)),
    ],
)
def test_quarterly_items_are_due_on_the_15th_of_the_next_quarter(period, due):
    assert s.quarterly_due(period) == due


@pytest.mark.parametrize("period", ["2026Q5", "Q3", "2026-3", ""])
def test_bad_periods_are_refused(period):
    with pytest.raises(DomainError) as exc:
        s.quarterly_due(period)
    assert exc.value.error_code == "invalid_period"


def test_four_steps_with_a_reviewer_who_is_not_the_preparer(tree, users):
    clerk, lead = person(users["clerk"]), person(users["lead"])
    item = s.disclosure_item_create(
        actor=clerk, organisation=tree["dept"], category="budget", title="2026年部门预算",
        content="预算全文", schedule="quarterly", period="2026Q2",
    )  # fmt: skip
    assert item.due_date == datetime.date(2026, 7, 15) and item.status == "preparing"
    assert not selectors.public_items(user=None).filter(pk=item.pk).exists()
    item = s.disclosure_item_submit(actor=clerk, item=item)
    with pytest.raises(PermissionDeniedError):  # a clerk is no reviewer
        s.disclosure_item_review(actor=clerk, item=item, approve=True)
    with pytest.raises(DomainError) as exc:  # not reviewed yet
        s.disclosure_item_publish(actor=clerk, item=item)
    assert exc.value.error_code == "not_reviewed"
    item = s.disclosure_item_review(actor=lead, item=item, approve=True)
    item = s.disclosure_item_publish(actor=clerk, item=item, on=datetime.date(2026, 7, 10))
    assert item.status == "published" and item.on_time is True
    item = s.disclosure_item_feedback(actor=clerk, item=item, feedback="群众无异议")
    assert item.status == "feedback"
    assert selectors.public_items(user=None).filter(pk=item.pk).exists()


def test_the_preparer_may_not_review_own_item(tree, users):
    lead = person(users["lead"])
    item = s.disclosure_item_create(
        actor=lead, organisation=tree["dept"], category="duties", title="职责", content="x",
        due_date=datetime.date(2026, 3, 1),
    )  # fmt: skip
    item = s.disclosure_item_submit(actor=lead, item=item)
    with pytest.raises(PermissionDeniedError):
        s.disclosure_item_review(actor=lead, item=item, approve=True)


def test_staff_of_another_department_may_not_prepare(tree, users):
    with pytest.raises(PermissionDeniedError):
        s.disclosure_item_create(
            actor=person(users["other_clerk"]), organisation=tree["dept"], category="budget",
            title="x", content="x", due_date=datetime.date(2026, 3, 1),
        )  # fmt: skip


def test_overdue_alerts_are_raised_once_set_wise(tree, users):
    clerk = person(users["clerk"])
    late = [
        s.disclosure_item_create(
            actor=clerk,
            organisation=tree["dept"],
            category="subsidies",
            title=f"补贴{i}",
            content="x",
            due_date=datetime.date(2026, 3, 1),
        )
        for i in range(3)
    ]
    s.disclosure_item_create(
        actor=clerk, organisation=tree["dept"], category="land", title="征地", content="x",
        due_date=datetime.date(2026, 12, 1),
    )  # fmt: skip
    before = _head()
    alerts = s.disclosure_alerts_raise(actor=SYSTEM, on=datetime.date(2026, 3, 2))
    assert sorted(a.item_id for a in alerts) == sorted(i.pk for i in late)
    assert _actions(before) == ["disclosure.alerts_raise"]
    assert s.disclosure_alerts_raise(actor=SYSTEM, on=datetime.date(2026, 3, 3)) == []
    assert _actions(before) == ["disclosure.alerts_raise"]
    with pytest.raises(PermissionDeniedError):
        s.disclosure_alerts_raise(actor=clerk)


def test_the_alert_job_is_scheduled():
    from yangguang.core.schedule import JOBS

    assert any(name.endswith("disclosure_alerts_task") for name in JOBS)


# --- information requests ---------------------------------------------------------------


def _request(tree, when=None, **kw):
    kw.setdefault("publish_consent", True)
    req, _code = s.info_request_submit(
        actor=SYSTEM, organisation=tree["dept"], subject="2025年专项资金使用情况",
        description="请公开明细", requester_name="王五", requester_contact="13800000000",
        at=when or at(2026, 3, 2), **kw,
    )  # fmt: skip
    return req


def test_a_request_is_due_in_20_working_days_by_the_calendar(tree):
    req = _request(tree)  # Monday 2 March 2026
    # 20 working days after 2 March 2026: 30 March (no holidays in between)
    assert req.deadline.date() == datetime.date(2026, 3, 30)
    # received before Qingming (Monday 6 April 2026 off): one working day later than
    # plain weekdays would give (29 April)
    req2 = _request(tree, when=at(2026, 4, 1))
    assert req2.deadline.date() == datetime.date(2026, 4, 30)
    assert req.number.startswith("YS2026-")


def test_clarification_stops_the_clock_and_the_extension_is_approved_once(tree, users):
    clerk, lead = person(users["clerk"]), person(users["lead"])
    req = _request(tree)
    req = s.info_request_clarify(actor=clerk, request=req, question="请说明年份", at=at(2026, 3, 4))
    assert req.status == "clarification" and req.deadline is None
    req = s.info_request_resume(actor=clerk, request=req, at=at(2026, 3, 9))
    # paused 4, 5, 6 March (Wednesday to Friday): three working days later
    assert req.deadline.date() == datetime.date(2026, 4, 2)
    with pytest.raises(PermissionDeniedError):
        s.info_request_extend(actor=clerk, request=req, reason="需要汇总")
    req = s.info_request_extend(actor=lead, request=req, reason="需要汇总多个科室")
    assert req.extended and req.extension_approved_by == users["lead"]
    assert req.deadline.date() > datetime.date(2026, 4, 28)
    with pytest.raises(DomainError) as exc:
        s.info_request_extend(actor=lead, request=req, reason="再延")
    assert exc.value.error_code == "already_extended"


def test_answers_need_a_legal_ground_to_refuse_and_count_working_days(tree, users):
    clerk = person(users["clerk"])
    req = _request(tree)
    with pytest.raises(DomainError) as exc:
        s.info_request_answer(actor=clerk, request=req, outcome="refused", answer="不予公开")
    assert exc.value.field == "refusal_ground"
    req = s.info_request_answer(
        actor=clerk, request=req, outcome="refused", answer="涉及个人隐私",
        refusal_ground="privacy", at=at(2026, 3, 13),
    )  # fmt: skip
    assert req.working_days_taken == 9
    assert req.answer_published
    with pytest.raises(DomainError):
        s.info_request_withdraw(actor=clerk, request=req)


def test_answers_are_public_unless_the_requester_or_the_law_says_otherwise(tree, users):
    clerk = person(users["clerk"])
    public = s.info_request_answer(
        actor=clerk,
        request=_request(tree),
        outcome="answered_full",
        answer="见附表",
        at=at(2026, 3, 5),
    )
    private = s.info_request_answer(
        actor=clerk, request=_request(tree, publish_consent=False), outcome="answered_full",
        answer="见附表", at=at(2026, 3, 5),
    )  # fmt: skip
    withheld = s.info_request_answer(
        actor=clerk, request=_request(tree), outcome="answered_part", answer="部分",
        refusal_ground="process", law_withholds=True, at=at(2026, 3, 5),
    )  # fmt: skip
    shown = set(selectors.public_requests(user=None).values_list("pk", flat=True))
    assert shown == {public.pk}
    assert not private.answer_published and not withheld.answer_published


def test_withdrawn_and_not_held(tree, users):
    clerk = person(users["clerk"])
    req = s.info_request_withdraw(actor=clerk, request=_request(tree), note="申请人电话撤回")
    assert req.status == "withdrawn"
    req = s.info_request_answer(
        actor=clerk, request=_request(tree), outcome="not_held", answer="本机关未制作该信息",
        at=at(2026, 3, 5),
    )  # fmt: skip
    assert req.status == "not_held"


def test_statistics_per_organisation(tree, users):
    clerk = person(users["clerk"])
    s.info_request_answer(
        actor=clerk, request=_request(tree), outcome="answered_full", answer="a", at=at(2026, 3, 12)
    )
    s.info_request_answer(
        actor=clerk, request=_request(tree), outcome="not_held", answer="b", at=at(2026, 3, 6)
    )
    _request(tree)
    rows = selectors.statistics(user=None, today=datetime.date(2026, 4, 1))
    row = next(r for r in rows if r["org"] == tree["dept"])
    assert row["requests_total"] == 3 and row["answered"] == 2
    assert row["requests"] == {"answered_full": 1, "not_held": 1, "received": 1}
    assert row["mean_days"] == 6.0  # 8 and 4 working days
    assert m.InfoRequest.objects.count() == 3
