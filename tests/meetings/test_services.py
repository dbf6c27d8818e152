"""Bad input refused (bilingual, naming the field, nothing half-written), minutes frozen
after approval (service and trigger), vetting, execution tracking and overdue alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from tests.factories import SYSTEM
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.meetings.triggers import disabled

from .conftest import (
    MEETING_DAY,
    agenda,
    at,
    discuss,
    hold,
    minutes,
    new_meeting,
    one_audit,
    refused,
)

# --- bad input ---------------------------------------------------------------------------


def test_meeting_without_a_convener(world):
    with refused("meeting_convener_required", "convener"):
        new_meeting(world, convener=None)


def test_meeting_with_a_naive_time(world):
    with refused("naive_datetime", "starts_at"):
        s.meeting_create(
            actor=SYSTEM,
            organisation=world.dept,
            body="party_committee",
            title="会议",
            convener=world.principal,
            starts_at=dt.datetime(2026, 7, 15, 9),  # noqa: DTZ001 (the bad input under test)
            members=world.members,
        )


def test_vote_from_a_non_member(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    s.topic_open(actor=SYSTEM, topic=topic)
    s.speech_record(actor=SYSTEM, topic=topic, member=world.deputies[0], summary="同意")
    with refused("not_a_member", "member"):
        s.vote_record(actor=SYSTEM, topic=topic, member=world.outsider, choice="agree")
    with refused("not_a_member", "member"):  # the commission's observer has no vote
        s.vote_record(actor=SYSTEM, topic=topic, member=world.inspector, choice="agree")


def test_vote_before_the_topic_was_discussed(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    with refused("vote_before_discussion", "topic"):  # not opened
        s.vote_record(actor=SYSTEM, topic=topic, member=world.principal, choice="agree")
    s.topic_open(actor=SYSTEM, topic=topic)
    with refused("vote_before_discussion", "topic"):  # opened, nobody has spoken
        s.vote_record(actor=SYSTEM, topic=topic, member=world.principal, choice="agree")


def test_minutes_for_a_meeting_that_did_not_take_place(world):
    meeting = new_meeting(world)
    agenda(world, meeting)
    with refused("meeting_not_held", "meeting"):
        s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")
    s.meeting_cancel(actor=SYSTEM, meeting=meeting, reason="改期")
    with refused("meeting_not_held", "meeting"):
        s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")


def test_dates_out_of_order(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    with refused("notice_after_meeting", "sent_at"):
        s.notice_send(actor=SYSTEM, topic=topic, sent_at=at(MEETING_DAY, 10))
    hold(world, meeting)
    topic = discuss(world, topic)
    with refused("due_before_meeting", "due"):
        s.task_assign(
            actor=SYSTEM,
            topic=topic,
            owner=world.deputies[0],
            description="落实",
            due=MEETING_DAY - dt.timedelta(days=1),
        )
    with refused("announced_before_meeting", "announced_at"):
        s.announcement_record(
            actor=SYSTEM,
            meeting=meeting,
            announced_at=at(MEETING_DAY, 8),
            scope="全局",
            text="通报",
        )
    row = s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")
    with refused("approved_before_meeting", "approved_at"):
        s.minutes_approve(
            actor=SYSTEM, minutes=row, approver=world.principal, approved_at=at(MEETING_DAY, 7)
        )
    with refused("end_before_start", "end"):
        s.integrity_record_create(
            actor=SYSTEM, person=world.clerk, kind="sanction", start=MEETING_DAY,
            end=MEETING_DAY - dt.timedelta(days=1), source="处分决定",
        )  # fmt: skip


def test_decided_before_the_meeting(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    topic = discuss(world, topic, outcome=None)
    with refused("decided_before_meeting", "decided_at"):
        s.topic_decide(actor=SYSTEM, topic=topic, outcome="passed", decided_at=at(MEETING_DAY, 7))


def test_material_limits(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    with refused("material_type", "name"):
        s.material_attach(actor=SYSTEM, topic=topic, name="run.exe", content=b"MZ")
    with refused("material_type", "content"):
        s.material_attach(actor=SYSTEM, topic=topic, name="a.pdf", content=b"not a pdf")
    with refused("material_too_large", "content"):
        s.material_attach(
            actor=SYSTEM, topic=topic, name="big.txt", content=b"x" * (10 * 1024 * 1024 + 1)
        )
    with one_audit("meetings.material_attach"):
        row = s.material_attach(actor=SYSTEM, topic=topic, name="预算.pdf", content=b"%PDF-1.7 x")
    assert row.size == 10 and len(row.sha256) == 64


def test_outsiders_cannot_record(world):
    from yangguang.core.context import Actor
    from yangguang.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        s.meeting_create(
            actor=Actor.person(world.outsider), organisation=world.dept, body="leadership",
            title="会", convener=world.principal, starts_at=at(MEETING_DAY), members=world.members,
        )  # fmt: skip
    meeting = new_meeting(world)
    with pytest.raises(PermissionDeniedError):  # inspectors read and supervise, not record
        s.topic_add(
            actor=Actor.person(world.inspector),
            meeting=meeting,
            title="x",
            proposer=world.principal,
        )


# --- tamper evidence ---------------------------------------------------------------------


def test_every_step_is_on_the_trail(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    with one_audit("meetings.topic_open"):
        s.topic_open(actor=SYSTEM, topic=topic)
    with one_audit("meetings.speech_record"):
        s.speech_record(actor=SYSTEM, topic=topic, member=world.deputies[0], summary="同意")
    with one_audit("meetings.vote_record"):
        s.vote_record(actor=SYSTEM, topic=topic, member=world.deputies[0], choice="agree")
    with one_audit("meetings.minutes_create"):
        s.minutes_create(actor=SYSTEM, meeting=meeting, text="纪要")


def test_approved_minutes_are_frozen_and_amended_by_a_linked_record(world):
    meeting = new_meeting(world)
    agenda(world, meeting)
    hold(world, meeting)
    draft = minutes(world, meeting, approve=False)
    s.minutes_update(actor=SYSTEM, minutes=draft, text="改过的草稿")
    approved = s.minutes_approve(
        actor=SYSTEM, minutes=draft, approver=world.principal, approved_at=at(MEETING_DAY, 18)
    )
    with refused("minutes_approved_immutable", "text"):
        s.minutes_update(actor=SYSTEM, minutes=approved, text="偷偷改")
    with refused("minutes_approved_immutable", "status"):
        s.minutes_approve(actor=SYSTEM, minutes=approved, approver=world.principal)
    with one_audit("meetings.minutes_amend"):
        amendment = s.minutes_amend(
            actor=SYSTEM, minutes=approved, text="更正第二项金额", reason="笔误"
        )
    assert amendment.amends == approved and amendment.label == approved.label == "〔2026〕1号"
    approved.refresh_from_db()
    assert approved.text == "改过的草稿"
    with refused("minutes_already_amended", "minutes"):
        s.minutes_amend(actor=SYSTEM, minutes=approved, text="再改", reason="再改")


def test_the_database_refuses_to_change_approved_minutes_votes_and_statements(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    discuss(world, topic)
    row = minutes(world, meeting)
    draft_meeting = new_meeting(world, day=MEETING_DAY + dt.timedelta(days=1))
    agenda(world, draft_meeting)
    hold(world, draft_meeting)
    draft = minutes(world, draft_meeting, approve=False)
    m.Minutes.objects.filter(pk=draft.pk).update(text="草稿可改")  # a draft is not guarded
    for qs, change in (
        (m.Minutes.objects.filter(pk=row.pk), {"text": "篡改"}),
        (m.Vote.objects.filter(topic=topic), {"choice": "disagree"}),
        (m.Speech.objects.filter(topic=topic), {"summary": "篡改"}),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            qs.update(**change)
    with disabled(connection):  # a DBA can lift the guard; the audit trail shows it
        m.Minutes.objects.filter(pk=row.pk).update(text="篡改")
    with pytest.raises(DatabaseError), transaction.atomic():
        m.Minutes.objects.filter(pk=row.pk).update(text="再改")


# --- vetting -----------------------------------------------------------------------------


def test_vetting_screens_the_integrity_records(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting, category="personnel", candidate=world.clerk, title="任命")
    rec = s.integrity_record_create(
        actor=SYSTEM, person=world.clerk, kind="investigation", start=MEETING_DAY - dt.timedelta(days=30),
        source="立案决定书",
    )  # fmt: skip
    row = s.vetting_request(actor=SYSTEM, topic=topic)
    with refused("vetting_veto_applies", "opinion"):
        s.vetting_opinion_record(actor=SYSTEM, vetting_row=row, opinion="clear")
    s.integrity_record_end(actor=SYSTEM, record=rec, end=MEETING_DAY - dt.timedelta(days=1))
    row = s.vetting_opinion_record(actor=SYSTEM, vetting_row=row, opinion="clear")
    assert row.opinion == "clear" and row.grounds == []


def test_vetting_configured_rule_and_open_case(world):
    s.veto_rule_create(actor=SYSTEM, code="audit_pending", name="离任审计未结束", effect="delay")
    meeting = new_meeting(world)
    a = agenda(world, meeting, category="personnel", candidate=world.clerk, title="A")
    b = agenda(world, meeting, category="personnel", candidate=world.deputies[0], title="B")
    s.integrity_record_create(
        actor=SYSTEM, person=world.clerk, kind="audit_pending", start=MEETING_DAY, source="审计局"
    )
    with refused("integrity_kind_unknown", "kind"):
        s.integrity_record_create(
            actor=SYSTEM, person=world.clerk, kind="gossip", start=MEETING_DAY, source="x"
        )
    s.case_open(
        actor=SYSTEM, organisation=world.dept, finding="x:1", rule="notice_late",
        summary="问责", persons=[world.deputies[0]], opened_on=MEETING_DAY - dt.timedelta(days=3),
    )  # fmt: skip
    for topic in (a, b):
        row = s.vetting_request(actor=SYSTEM, topic=topic)
        with refused("vetting_veto_applies", "opinion"):
            s.vetting_opinion_record(actor=SYSTEM, vetting_row=row, opinion="clear")
        done = s.vetting_opinion_record(actor=SYSTEM, vetting_row=row, opinion="delay")
        assert done.grounds[0]["code"] in {"audit_pending", "accountability"}


def test_vetting_only_for_personnel_topics_and_by_inspectors(world):
    from yangguang.core.context import Actor
    from yangguang.core.errors import PermissionDeniedError

    meeting = new_meeting(world)
    budget = agenda(world, meeting)
    with refused("vetting_not_personnel", "topic"):
        s.vetting_request(actor=SYSTEM, topic=budget)
    personnel = agenda(world, meeting, category="personnel", candidate=world.clerk)
    row = s.vetting_request(actor=Actor.person(world.clerk), topic=personnel)
    with pytest.raises(PermissionDeniedError):
        s.vetting_opinion_record(
            actor=Actor.person(world.principal), vetting_row=row, opinion="clear"
        )
    s.vetting_opinion_record(actor=Actor.person(world.inspector), vetting_row=row, opinion="clear")


# --- execution ---------------------------------------------------------------------------


def test_execution_tracking_and_overdue_alerts(world):
    from yangguang.core.schedule import JOBS
    from yangguang.meetings.tasks import overdue_alerts_task

    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    topic = discuss(world, topic)
    late = s.task_assign(
        actor=SYSTEM,
        topic=topic,
        owner=world.deputies[0],
        description="拨付",
        due=dt.date(2026, 8, 1),
    )
    done = s.task_assign(
        actor=SYSTEM,
        topic=topic,
        owner=world.deputies[1],
        description="公示",
        due=dt.date(2026, 8, 1),
    )
    s.progress_record(actor=SYSTEM, task=done, on=dt.date(2026, 7, 30), note="已公示", done=True)
    s.progress_record(actor=SYSTEM, task=late, on=dt.date(2026, 7, 30), note="资金未到位")
    assert s.overdue_alerts_raise(actor=SYSTEM, on=dt.date(2026, 8, 1)) == []
    with one_audit("meetings.alerts_raise"):
        (alert,) = s.overdue_alerts_raise(actor=SYSTEM, on=dt.date(2026, 8, 2))
    assert alert.task == late
    assert s.overdue_alerts_raise(actor=SYSTEM, on=dt.date(2026, 8, 3)) == []  # once per task
    assert overdue_alerts_task.module_path in JOBS
    with refused("task_done", "task"):
        s.progress_record(actor=SYSTEM, task=done, on=dt.date(2026, 8, 5), note="x")
    s.announcement_record(
        actor=SYSTEM, meeting=meeting, announced_at=at(MEETING_DAY, 17), scope="全局", text="通报"
    )


def test_only_passed_decisions_are_assigned(world):
    meeting = new_meeting(world)
    topic = agenda(world, meeting)
    hold(world, meeting)
    topic = discuss(world, topic, outcome="rejected", votes={world.principal: "disagree"})
    with refused("topic_not_passed", "topic"):
        s.task_assign(
            actor=SYSTEM, topic=topic, owner=world.clerk, description="x", due=MEETING_DAY
        )
