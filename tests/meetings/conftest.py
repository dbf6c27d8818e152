"""A county for the meetings tests: a party committee (root) with its government and a
department, a commission supervising the whole tree; a five-member leadership team of
the department (principal and four deputies), a clerk, an inspector; and a builder for
meetings walked through the real services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from tests import assertions
from tests.factories import SYSTEM, UserFactory
from yangguang.audit.models import AuditEntry
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.orgs import services as orgs

TZ = timezone.get_current_timezone()


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


MEETING_DAY = dt.date(2026, 7, 15)

COUNTED = (
    m.Meeting,
    m.MeetingMember,
    m.Topic,
    m.Notice,
    m.Speech,
    m.Vote,
    m.Recusal,
    m.Minutes,
    m.MeetingRecord,
    m.DecisionTask,
    m.IntegrityRecord,
    m.Vetting,
    m.AccountabilityCase,
    m.RecordedAction,
    AuditEntry,
)


def snapshot_rows() -> dict[str, list]:
    return assertions.snapshot_rows(COUNTED)


def refused(code: str, field: str | None):
    """The block raises a bilingual DomainError with this code and field and leaves every
    table of this app (the audit trail included) exactly as it was."""
    return assertions.refused(code, field, COUNTED)


one_audit = assertions.one_audit


@dataclass
class World:
    county: object
    gov: object
    dept: object
    other: object
    commission: object
    principal: object
    deputies: list
    clerk: object
    inspector: object
    outsider: object
    users: dict = field(default_factory=dict)

    @property
    def members(self) -> list:
        return [*self.deputies, self.principal]


@pytest.fixture
def world(db) -> World:
    region = orgs.region_create(actor=SYSTEM, code="350000", name="福建省", level="province")

    def org(code, name, kind, parent=None, **kw):
        return orgs.organisation_create(
            actor=SYSTEM, code=code, name=name, kind=kind, region=region, parent=parent, **kw
        )

    county = org("XW", "中共某县委员会", "party_committee")
    gov = org("ZF", "某县人民政府", "government", county)
    dept = org("CZJ", "某县财政局", "department", gov)
    other = org("JYJ", "某县教育局", "department", gov)
    commission = org("JW", "某县纪委监委", "commission", county, jurisdiction=county)
    principal = UserFactory(username="lead", full_name="王局长", organisation=dept, role="leader")
    orgs.leadership_appoint(
        actor=SYSTEM,
        organisation=dept,
        user=principal,
        role="principal",
        title="局长",
        start=dt.date(2024, 1, 1),
    )
    deputies = [
        UserFactory(username=f"dep{i}", full_name=f"副局长{i}", organisation=dept, role="leader")
        for i in range(1, 5)
    ]
    return World(
        county=county,
        gov=gov,
        dept=dept,
        other=other,
        commission=commission,
        principal=principal,
        deputies=deputies,
        clerk=UserFactory(username="clerk", full_name="李经办", organisation=dept, role="clerk"),
        inspector=UserFactory(
            username="insp", full_name="方监督", organisation=commission, role="inspector"
        ),
        outsider=UserFactory(
            username="other", full_name="外单位", organisation=other, role="clerk"
        ),
    )


def new_meeting(w: World, *, day: dt.date = MEETING_DAY, members=None, **kw) -> m.Meeting:
    return s.meeting_create(
        actor=SYSTEM,
        organisation=kw.pop("organisation", w.dept),
        body=kw.pop("body", m.Body.PARTY_COMMITTEE),
        title=kw.pop("title", "局党组会议"),
        convener=kw.pop("convener", w.principal),
        starts_at=at(day),
        members=members if members is not None else w.members,
        observers=kw.pop("observers", [w.inspector]),
        **kw,
    )


def agenda(w: World, meeting: m.Meeting, *, notice_days_before: int = 3, **topic_kw) -> m.Topic:
    """A topic added and notified to every member ahead of the meeting."""
    topic = s.topic_add(
        actor=SYSTEM,
        meeting=meeting,
        title=topic_kw.pop("title", "2026年部门预算调整"),
        proposer=topic_kw.pop("proposer", w.deputies[0]),
        **topic_kw,
    )
    s.notice_send(
        actor=SYSTEM,
        topic=topic,
        sent_at=meeting.starts_at - dt.timedelta(days=notice_days_before),
    )
    return topic


def hold(w: World, meeting: m.Meeting, absent=None) -> m.Meeting:
    return s.meeting_hold(actor=SYSTEM, meeting=meeting, held_at=meeting.starts_at, absent=absent)


def discuss(
    w: World,
    topic: m.Topic,
    *,
    speakers=None,
    votes=None,
    outcome: str | None = "passed",
    public: bool = False,
) -> m.Topic:
    """Open, speak (deputies first, the principal last, unless told), vote, decide."""
    meeting = topic.meeting
    present = [r.user for r in meeting.members.filter(role="member", present=True)]
    speakers = speakers if speakers is not None else [u for u in w.members if u in present]
    s.topic_open(actor=SYSTEM, topic=topic)
    for user in speakers:
        s.speech_record(actor=SYSTEM, topic=topic, member=user, summary=f"{user.full_name}: 同意")
    votes = votes if votes is not None else dict.fromkeys(present, "agree")
    for user, choice in votes.items():
        s.vote_record(actor=SYSTEM, topic=topic, member=user, choice=choice)
    if outcome:
        topic = s.topic_decide(
            actor=SYSTEM,
            topic=topic,
            outcome=outcome,
            public=public,
            public_summary="同意调整预算" if public else "",
            decided_at=meeting.starts_at + dt.timedelta(hours=1),
        )
    topic.refresh_from_db()
    return topic


def minutes(w: World, meeting: m.Meeting, *, approve: bool = True, **kw) -> m.Minutes:
    row = s.minutes_create(actor=SYSTEM, meeting=meeting, text="会议纪要正文", **kw)
    if approve:
        row = s.minutes_approve(
            actor=SYSTEM,
            minutes=row,
            approver=w.principal,
            approved_at=meeting.starts_at + dt.timedelta(days=1),
        )
    return row


def clean_meeting(w: World, *, day: dt.date = MEETING_DAY, **topic_kw) -> tuple[m.Meeting, m.Topic]:
    """A meeting that breaks no rule: notified, quorate, principal last, minutes."""
    meeting = new_meeting(w, day=day)
    topic = agenda(w, meeting, **topic_kw)
    hold(w, meeting)
    topic = discuss(w, topic)
    minutes(w, meeting)
    meeting.refresh_from_db()
    return meeting, topic
