"""Every compliance rule: a hand-made case that triggers it and one that does not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.factories import SYSTEM
from yangguang.meetings import checks
from yangguang.meetings import models as m
from yangguang.meetings import services as s

from .conftest import MEETING_DAY, agenda, at, clean_meeting, discuss, hold, minutes, new_meeting

Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
LATER = dt.date(2026, 10, 15)


def found(w, rule: str, org=None) -> list[checks.Finding]:
    return checks.run(org or w.county, *Q3, today=LATER, rules=[rule])


def test_a_clean_meeting_has_no_finding(world):
    clean_meeting(world)
    assert checks.run(world.county, *Q3, today=LATER) == []


def test_notice_late(world):
    clean_meeting(world, title="按时告知")
    meeting = new_meeting(world, day=MEETING_DAY + dt.timedelta(days=7))
    topic = agenda(world, meeting, notice_days_before=1, title="迟告知")
    hold(world, meeting)
    discuss(world, topic)
    minutes(world, meeting)
    (finding,) = found(world, "notice_late")
    assert finding.topic == topic and "5 名成员" in finding.zh
    # an organisation may set a shorter notice period
    s.decision_rules_set(actor=SYSTEM, organisation=world.dept, notice_days=1)
    assert found(world, "notice_late") == []


def test_ad_hoc_motion_on_a_large_spending(world):
    matter = s.matter_create(
        actor=SYSTEM,
        organisation=world.dept,
        category="funds",
        name="50万元以上资金使用",
        body="party_committee",
        threshold="500000",
    )
    meeting, _ = clean_meeting(world)
    ordinary = s.topic_add(
        actor=SYSTEM, meeting=meeting, title="通报工作", proposer=world.principal
    )
    assert ordinary.ad_hoc  # added at the meeting, but not a 三重一大 matter
    assert found(world, "ad_hoc_motion") == []
    motion = s.topic_add(
        actor=SYSTEM,
        meeting=meeting,
        title="追加办公楼维修资金",
        proposer=world.principal,
        matter=matter,
        amount=Decimal("1200000"),
    )
    (finding,) = found(world, "ad_hoc_motion")
    assert finding.topic == motion and "1,200,000.00" in finding.zh


def test_principal_not_last(world):
    clean_meeting(world)
    assert found(world, "principal_not_last") == []
    meeting = new_meeting(world, day=MEETING_DAY + dt.timedelta(days=1))
    topic = agenda(world, meeting)
    hold(world, meeting)
    discuss(world, topic, speakers=[world.deputies[0], world.principal, *world.deputies[1:]])
    (finding,) = found(world, "principal_not_last")
    assert finding.topic == topic and "第 2 个" in finding.zh
    assert finding.persons == (world.principal.pk,)


def test_principal_absent_is_not_a_breach(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting, absent={world.principal: "出差"})
    discuss(world, topic, speakers=world.deputies)
    assert found(world, "principal_not_last") == []


def test_quorum_not_met(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    absent = dict.fromkeys(world.deputies[:3], "出差")  # 2 of 5 present
    hold(world, meeting, absent=absent)
    discuss(
        world,
        topic,
        votes={world.deputies[3]: "agree", world.principal: "agree"},
        outcome="rejected",
    )
    (finding,) = found(world, "quorum_not_met")
    assert "实到 2 人" in finding.zh


def test_quorum_two_thirds_for_personnel_when_the_rules_say_so(world):
    meeting = new_meeting(world)
    personnel = agenda(world, meeting, title="任免科长", category="personnel")
    budget = agenda(world, meeting, title="预算")
    hold(world, meeting, absent={world.deputies[0]: "病假", world.deputies[1]: "学习"})  # 3 of 5
    discuss(world, personnel)
    discuss(world, budget)
    assert found(world, "quorum_not_met") == []  # more than half: enough by default
    s.decision_rules_set(actor=SYSTEM, organisation=world.dept, personnel_quorum="two_thirds")
    (finding,) = found(world, "quorum_not_met")
    assert finding.topic == personnel and "三分之二" in finding.zh


def test_recused_member_voted(world):
    meeting = new_meeting(world)
    voted = agenda(world, meeting, title="采购")
    stood_aside = agenda(world, meeting, title="采购二")
    hold(world, meeting)
    s.recusal_record(actor=SYSTEM, topic=voted, member=world.deputies[0], reason="亲属参与投标")
    s.recusal_record(actor=SYSTEM, topic=stood_aside, member=world.deputies[1], reason="利害关系")
    discuss(world, voted)  # everyone votes "agree", the recused member too
    votes = dict.fromkeys(world.members, "agree")
    votes[world.deputies[1]] = "recused"
    discuss(world, stood_aside, votes=votes)
    (finding,) = found(world, "recused_member_voted")
    assert finding.topic == voted and finding.persons == (world.deputies[0].pk,)


def test_outcome_inconsistent(world):
    meeting = new_meeting(world)
    passed_ok = agenda(world, meeting, title="三票同意")
    passed_bad = agenda(world, meeting, title="两票同意")
    rejected_bad = agenda(world, meeting, title="多数同意却未通过")
    hold(world, meeting)
    d = world.deputies
    three = {
        d[0]: "agree",
        d[1]: "agree",
        world.principal: "agree",
        d[2]: "disagree",
        d[3]: "abstain",
    }
    two = {
        d[0]: "agree",
        d[1]: "disagree",
        world.principal: "agree",
        d[2]: "abstain",
        d[3]: "abstain",
    }
    discuss(world, passed_ok, votes=three)
    discuss(world, passed_bad, votes=two)
    discuss(world, rejected_bad, votes=three, outcome="rejected")
    codes = {f.topic.title for f in found(world, "outcome_inconsistent")}
    assert codes == {"两票同意", "多数同意却未通过"}


def test_recused_members_do_not_count_towards_the_majority(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    d = world.deputies
    s.recusal_record(actor=SYSTEM, topic=topic, member=d[0], reason="利害关系")
    # 4 entitled; 3 agree: passed
    votes = {
        d[0]: "recused",
        d[1]: "agree",
        d[2]: "agree",
        world.principal: "agree",
        d[3]: "disagree",
    }
    discuss(world, topic, votes=votes)
    assert found(world, "outcome_inconsistent") == []


def test_minutes_missing(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    discuss(world, topic)
    # within the 7 days allowed: not yet a finding
    assert checks.run(world.county, *Q3, today=MEETING_DAY, rules=["minutes_missing"]) == []
    (finding,) = found(world, "minutes_missing")
    assert finding.meeting == meeting and finding.topic is None
    minutes(world, meeting, approve=False)
    assert found(world, "minutes_missing") == []


def test_minutes_out_of_sequence(world):
    first, _ = clean_meeting(world)
    second = new_meeting(world, day=MEETING_DAY + dt.timedelta(days=10))
    agenda(world, second)  # a meeting is held once its topics were notified
    hold(world, second)
    assert found(world, "minutes_out_of_sequence") == []
    minutes(world, second, number=3)  # number 2 skipped
    (finding,) = found(world, "minutes_out_of_sequence")
    assert finding.meeting == second and "〔2026〕2号" in finding.zh
    assert first.minutes.get().label == "〔2026〕1号"


def _funds(w, threshold="500000"):
    return s.matter_create(
        actor=SYSTEM,
        organisation=w.dept,
        category="funds",
        name="大额资金使用",
        body="party_committee",
        threshold=threshold,
    )


def test_undecided_payment(world):
    matter = _funds(world)
    _, decided = clean_meeting(world, matter=matter, amount="800000")
    pay = {"actor": SYSTEM, "kind": "payment", "organisation": world.dept}
    s.recorded_action_create(**pay, on=dt.date(2026, 8, 1), reference="ZF-01", amount="800000")
    s.recorded_action_create(**pay, on=dt.date(2026, 8, 2), reference="ZF-02", amount="100000")
    assert found(world, "undecided_payment_or_appointment") == []  # covered; below threshold
    big = s.recorded_action_create(
        **pay, on=dt.date(2026, 8, 3), reference="ZF-03", amount="2000000"
    )
    (finding,) = found(world, "undecided_payment_or_appointment")
    assert finding.ref == f"action-{big.pk}" and "2,000,000.00" in finding.zh
    assert finding.line().split("\t")[1:3] == ["CZJ -", "-"]
    s.recorded_action_create(
        **pay, on=dt.date(2026, 8, 4), reference="ZF-04", amount="3000000", decision=decided
    )
    assert len(found(world, "undecided_payment_or_appointment")) == 1  # linked: covered


def test_undecided_appointment(world):
    candidate = world.clerk
    meeting = new_meeting(world)
    topic = agenda(world, meeting, category="personnel", candidate=candidate, title="任命李经办")
    hold(world, meeting)
    discuss(world, topic)
    act = {"actor": SYSTEM, "kind": "appointment", "organisation": world.dept}
    s.recorded_action_create(**act, on=dt.date(2026, 7, 20), reference="任-1", person=candidate)
    assert found(world, "undecided_payment_or_appointment") == []
    s.recorded_action_create(
        **act, on=dt.date(2026, 7, 21), reference="任-2", person=world.outsider
    )
    (finding,) = found(world, "undecided_payment_or_appointment")
    assert "任-2" in finding.zh


def test_promotion_without_opinion_or_against_veto(world):
    meeting = new_meeting(world)
    vetted = agenda(world, meeting, category="personnel", candidate=world.deputies[3], title="A")
    vetoed = agenda(world, meeting, category="personnel", candidate=world.clerk, title="B")
    unasked = agenda(world, meeting, category="personnel", candidate=world.outsider, title="C")
    inspector = s.vetting_request(actor=SYSTEM, topic=vetted)
    s.vetting_opinion_record(
        actor=SYSTEM,
        vetting_row=inspector,
        opinion="clear",
        inspector=world.inspector,
        opined_at=at(MEETING_DAY, 8),
    )
    s.integrity_record_create(
        actor=SYSTEM,
        person=world.clerk,
        kind="sanction",
        start=dt.date(2026, 1, 10),
        end=dt.date(2027, 1, 9),
        source="县纪委处分决定〔2026〕1号",
    )
    v = s.vetting_request(actor=SYSTEM, topic=vetoed)
    s.vetting_opinion_record(
        actor=SYSTEM,
        vetting_row=v,
        opinion="veto",
        inspector=world.inspector,
        opined_at=at(MEETING_DAY, 8),
    )
    hold(world, meeting)
    for t in (vetted, vetoed, unasked):
        discuss(world, t)
    rows = {f.topic.title: f for f in found(world, "promotion_against_veto")}
    assert set(rows) == {"B", "C"}
    assert "否决" in rows["B"].zh and "未取得纪委意见" in rows["C"].zh


def test_findings_are_scoped_to_the_subtree(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting, notice_days_before=0)
    hold(world, meeting)
    discuss(world, topic)
    minutes(world, meeting)
    assert len(found(world, "notice_late", org=world.gov)) == 1
    assert found(world, "notice_late", org=world.other) == []
    assert at(MEETING_DAY).tzinfo is not None
    assert m.Meeting.objects.count() == 1
