"""API: the published decisions (public), the compliance findings (inspectors), and
recording a meeting (the organisation's staff)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.api import STAFF_AUTH, request_actor, request_user
from yangguang.core import access
from yangguang.core.api_types import Day, Days, Id, Moment, Money
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.meetings import checks, selectors
from yangguang.meetings import models as m
from yangguang.meetings import services as s
from yangguang.orgs.models import Organisation

router = Router(tags=["meetings"])


class DecisionOut(Schema):
    id: int
    organisation: str
    title: str
    number: str
    date: datetime.date | None
    outcome: str
    summary: str


class FindingOut(Schema):
    rule: str
    key: str
    organisation: str
    meeting: str
    topic: str
    message_zh: str
    message_en: str


@router.get("/decisions", response=list[DecisionOut])
def decisions(request):
    """Decisions marked public (the portal's /decisions/): nothing else of the meeting."""
    return [
        DecisionOut(
            id=t.pk,
            organisation=t.meeting.organisation.code,
            title=t.title,
            number=selectors.minutes_label(t),
            date=timezone.localdate(t.decided_at) if t.decided_at else None,
            outcome=t.outcome,
            summary=t.public_summary,
        )
        for t in selectors.public_decisions()[:500]
    ]


@router.get("/findings", response=list[FindingOut])
def findings(request, org: str, start: Day, end: Day):
    """The compliance findings for an organisation's subtree (inspectors of its
    jurisdiction and administrators), from ``start`` to ``end`` (at most 400 days)."""
    if end < start:
        raise DomainError(
            code="invalid_period", field="end", zh="结束日期早于开始日期", en="end is before start"
        )
    user = request_user(request)
    organisation = Organisation.objects.filter(code=org).first()
    if organisation is None:
        raise Http404
    if not access.can_in_org(user, "supervise", organisation):
        raise PermissionDeniedError()
    return [
        FindingOut(
            rule=f.rule,
            key=f.key,
            organisation=f.organisation.code,
            meeting=f.meeting_label,
            topic=f.topic_label,
            message_zh=f.zh,
            message_en=f.en,
        )
        for f in checks.run(organisation, start, min(end, start + datetime.timedelta(days=400)))
    ]


# --- recording a meeting (staff of the organisation: token or session) ------------------
#
# Every endpoint is one service call. A meeting, topic, minutes or task out of the
# caller's scope is a 404; a caller who may see but not record it (an inspector) gets
# 403 from the service; the service's refusals are 400 with code, field and both
# languages. People are named by their username. Times are ISO 8601 with an offset
# (a time without one is refused: ``naive_datetime``).


class MemberOut(Schema):
    username: str
    name: str
    role: str
    present: bool | None
    absence_reason: str


class SpeechOut(Schema):
    id: int
    member: str
    order: int
    summary: str


class VoteOut(Schema):
    id: int
    member: str
    choice: str


class TopicOut(Schema):
    id: int
    number: int
    title: str
    category: str
    ad_hoc: bool
    status: str
    outcome: str
    public: bool
    speeches: list[SpeechOut]
    votes: list[VoteOut]


class MinutesOut(Schema):
    id: int
    label: str
    status: str
    text: str
    amends: int | None
    reason: str


class MeetingOut(Schema):
    id: int
    organisation: str
    body: str
    title: str
    convener: str
    principal: str | None
    starts_at: datetime.datetime
    held_at: datetime.datetime | None
    status: str
    members: list[MemberOut]
    topics: list[TopicOut]
    minutes: list[MinutesOut]


class CreatedOut(Schema):
    id: int
    kind: str


class MeetingIn(Schema):
    organisation: str
    body: str
    title: str
    convener: str | None = None
    members: list[str]
    observers: list[str] = []
    principal: str | None = None
    starts_at: Moment
    location: str = ""


class TopicIn(Schema):
    title: str
    proposer: str | None = None
    matter: Id | None = None
    category: str = ""
    amount: Money | None = None
    candidate: str | None = None


class NoticeIn(Schema):
    sent_at: Moment
    members: list[str] | None = None


class AbsenceIn(Schema):
    member: str
    reason: str


class HoldIn(Schema):
    """The meeting took place; its attendance: everybody present but those listed."""

    held_at: Moment
    absent: list[AbsenceIn] = []


class OpenIn(Schema):
    """When discussion began, when known (not before the holding, not in the future)."""

    opened_at: Moment | None = None


class RecusalIn(Schema):
    member: str
    reason: str


class SpeechIn(Schema):
    member: str
    summary: str


class VoteIn(Schema):
    member: str
    choice: str


class OutcomeIn(Schema):
    outcome: str
    decided_at: Moment | None = None
    public: bool = False
    public_summary: str = ""


class MinutesIn(Schema):
    text: str


class ApproveIn(Schema):
    approver: str | None = None
    approved_at: Moment | None = None


class AmendIn(Schema):
    text: str
    reason: str


class AnnouncementIn(Schema):
    announced_at: Moment
    scope: str
    text: str


class TaskIn(Schema):
    owner: str | None = None
    description: str
    due: Day


class ProgressIn(Schema):
    on: Day
    note: str
    done: bool = False


def _person(user, username: str | None, field: str, meeting: m.Meeting | None = None):
    """The account named ``username`` among those the caller may name: the caller's
    scope, the meeting's own people and the commission's inspectors."""
    if username is None:
        return None
    qs = User.objects.filter(username=username, is_active=True)
    if access.role_of(user) != Role.SYSADMIN:
        root = access.scope_root(user)
        scope = Q(role=Role.INSPECTOR)
        if root is not None:
            scope |= Q(organisation__path__startswith=root.path)
        if meeting is not None:
            scope |= Q(pk__in=meeting.members.values("user_id"))
        qs = qs.filter(scope)
    found = qs.first()
    if found is None:
        raise DomainError(
            code="not_found",
            field=field,
            zh=f"找不到人员 {username}",
            en=f"no such person: {username}",
        )
    return found


def _people(user, usernames, field: str, meeting: m.Meeting | None = None) -> list:
    return [_person(user, u, field, meeting) for u in usernames]


def _scoped(user, model, pk: int, *related: str):
    found = access.restrict(model.objects.select_related(*related), user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _meeting_out(meeting: m.Meeting) -> MeetingOut:
    meeting = m.Meeting.objects.select_related("organisation", "convener", "principal").get(
        pk=meeting.pk
    )
    topics = meeting.topics.prefetch_related(
        Prefetch("speeches", queryset=m.Speech.objects.select_related("member__user")),
        Prefetch("votes", queryset=m.Vote.objects.select_related("member__user")),
    )
    return MeetingOut(
        id=meeting.pk,
        organisation=meeting.organisation.code,
        body=meeting.body,
        title=meeting.title,
        convener=meeting.convener.username,
        principal=meeting.principal.username if meeting.principal_id else None,
        starts_at=meeting.starts_at,
        held_at=meeting.held_at,
        status=meeting.status,
        members=[
            MemberOut(
                username=r.user.username,
                name=str(r.user),
                role=r.role,
                present=r.present,
                absence_reason=r.absence_reason,
            )
            for r in meeting.members.select_related("user")
        ],
        topics=[_topic_out(t) for t in topics],
        minutes=[_minutes_out(x) for x in meeting.minutes.order_by("pk")],
    )


def _topic_out(t: m.Topic) -> TopicOut:
    return TopicOut(
        id=t.pk,
        number=t.number,
        title=t.title,
        category=t.category,
        ad_hoc=t.ad_hoc,
        status=t.status,
        outcome=t.outcome,
        public=t.public,
        speeches=[
            SpeechOut(id=x.pk, member=x.member.user.username, order=x.order, summary=x.summary)
            for x in t.speeches.all()
        ],
        votes=[
            VoteOut(id=v.pk, member=v.member.user.username, choice=v.choice) for v in t.votes.all()
        ],
    )


def _minutes_out(x: m.Minutes) -> MinutesOut:
    return MinutesOut(
        id=x.pk, label=x.label, status=x.status, text=x.text, amends=x.amends_id, reason=x.reason
    )


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=STAFF_AUTH)
def meeting_detail(request, meeting_id: Id):
    """A meeting as recorded: members and attendance, topics with speeches and votes,
    minutes."""
    return _meeting_out(_scoped(request_user(request), m.Meeting, meeting_id))


@router.post("/meetings", response={201: MeetingOut}, auth=STAFF_AUTH)
def meeting_create(request, payload: MeetingIn):
    """Schedule a meeting (``meeting_create``): body, convener, members (who vote),
    observers (the commission's), start time."""
    user = request_user(request)
    actor = request_actor(request)
    org = Organisation.objects.filter(code=payload.organisation).first()
    if org is None:
        raise DomainError(
            code="not_found",
            field="organisation",
            zh="找不到该单位",
            en=f"no such organisation: {payload.organisation}",
        )
    meeting = s.meeting_create(
        actor=actor,
        organisation=org,
        body=payload.body,
        title=payload.title,
        convener=_person(user, payload.convener, "convener"),
        starts_at=payload.starts_at,
        members=_people(user, payload.members, "members"),
        observers=_people(user, payload.observers, "observers"),
        principal=_person(user, payload.principal, "principal"),
        location=payload.location,
    )
    return Status(201, _meeting_out(meeting))


@router.post("/meetings/{meeting_id}/topics", response={201: TopicOut}, auth=STAFF_AUTH)
def topic_add(request, meeting_id: Id, payload: TopicIn):
    """Put a topic on the agenda (``topic_add``; once the meeting is held it is an
    ad-hoc motion)."""
    user = request_user(request)
    meeting = _scoped(user, m.Meeting, meeting_id, "organisation")
    matter = None
    if payload.matter is not None:
        matter = access.restrict(m.CatalogueMatter.objects.all(), user).filter(pk=payload.matter)
        matter = matter.first()
        if matter is None:
            raise DomainError(
                code="not_found", field="matter", zh="找不到该事项", en="no such matter"
            )
    topic = s.topic_add(
        actor=request_actor(request),
        meeting=meeting,
        title=payload.title,
        proposer=_person(user, payload.proposer, "proposer", meeting),
        matter=matter,
        category=payload.category,
        amount=payload.amount,
        candidate=_person(user, payload.candidate, "candidate", meeting),
    )
    return Status(201, _topic_out(topic))


@router.post("/topics/{topic_id}/notices", response={201: list[CreatedOut]}, auth=STAFF_AUTH)
def notice_send(request, topic_id: Id, payload: NoticeIn):
    """Record that the topic was sent to members (all not yet told, when none is named)."""
    user = request_user(request)
    topic = _scoped(user, m.Topic, topic_id, "meeting__organisation")
    members = None
    if payload.members is not None:
        members = _people(user, payload.members, "members", topic.meeting)
    rows = s.notice_send(
        actor=request_actor(request), topic=topic, sent_at=payload.sent_at, members=members
    )
    return Status(201, [CreatedOut(id=n.pk, kind="notice") for n in rows])


@router.post("/meetings/{meeting_id}/hold", response=MeetingOut, auth=STAFF_AUTH)
def meeting_hold(request, meeting_id: Id, payload: HoldIn):
    """The meeting took place, with its attendance: every member present except those
    listed in ``absent``, each with the reason."""
    user = request_user(request)
    meeting = _scoped(user, m.Meeting, meeting_id, "organisation")
    absent = {_person(user, a.member, "absent", meeting): a.reason for a in payload.absent}
    meeting = s.meeting_hold(
        actor=request_actor(request), meeting=meeting, held_at=payload.held_at, absent=absent
    )
    return _meeting_out(meeting)


def _topic_call(request, topic_id: int):
    user = request_user(request)
    return user, _scoped(user, m.Topic, topic_id, "meeting__organisation")


@router.post("/topics/{topic_id}/recusals", response={201: CreatedOut}, auth=STAFF_AUTH)
def recusal_record(request, topic_id: Id, payload: RecusalIn):
    """An interested member stands aside from the topic (回避)."""
    user, topic = _topic_call(request, topic_id)
    row = s.recusal_record(
        actor=request_actor(request),
        topic=topic,
        member=_person(user, payload.member, "member", topic.meeting),
        reason=payload.reason,
    )
    return Status(201, CreatedOut(id=row.pk, kind="recusal"))


@router.post("/topics/{topic_id}/open", response=TopicOut, auth=STAFF_AUTH)
def topic_open(request, topic_id: Id, payload: OpenIn | None = None):
    """Discussion of the topic begins (the meeting must be held); ``opened_at`` is
    optional, and the decision cannot come before it."""
    _user, topic = _topic_call(request, topic_id)
    opened_at = payload.opened_at if payload is not None else None
    return _topic_out(s.topic_open(actor=request_actor(request), topic=topic, opened_at=opened_at))


@router.post("/topics/{topic_id}/speeches", response={201: SpeechOut}, auth=STAFF_AUTH)
def speech_record(request, topic_id: Id, payload: SpeechIn):
    """The next statement on the topic, in the order spoken."""
    user, topic = _topic_call(request, topic_id)
    row = s.speech_record(
        actor=request_actor(request),
        topic=topic,
        member=_person(user, payload.member, "member", topic.meeting),
        summary=payload.summary,
    )
    return Status(
        201, SpeechOut(id=row.pk, member=payload.member, order=row.order, summary=row.summary)
    )


@router.post("/topics/{topic_id}/votes", response={201: VoteOut}, auth=STAFF_AUTH)
def vote_record(request, topic_id: Id, payload: VoteIn):
    """One member's vote: agree, disagree, abstain or recused."""
    user, topic = _topic_call(request, topic_id)
    row = s.vote_record(
        actor=request_actor(request),
        topic=topic,
        member=_person(user, payload.member, "member", topic.meeting),
        choice=payload.choice,
    )
    return Status(201, VoteOut(id=row.pk, member=payload.member, choice=row.choice))


@router.post("/topics/{topic_id}/outcome", response=TopicOut, auth=STAFF_AUTH)
def topic_decide(request, topic_id: Id, payload: OutcomeIn):
    """The outcome as declared (passed, rejected, deferred) and whether it is published."""
    _user, topic = _topic_call(request, topic_id)
    topic = s.topic_decide(
        actor=request_actor(request),
        topic=topic,
        outcome=payload.outcome,
        public=payload.public,
        public_summary=payload.public_summary,
        decided_at=payload.decided_at,
    )
    return _topic_out(topic)


@router.post("/meetings/{meeting_id}/minutes", response={201: MinutesOut}, auth=STAFF_AUTH)
def minutes_create(request, meeting_id: Id, payload: MinutesIn):
    """Draft the minutes of a held meeting, with the year's next number."""
    meeting = _scoped(request_user(request), m.Meeting, meeting_id, "organisation")
    row = s.minutes_create(actor=request_actor(request), meeting=meeting, text=payload.text)
    return Status(201, _minutes_out(row))


@router.post("/minutes/{minutes_id}/approve", response=MinutesOut, auth=STAFF_AUTH)
def minutes_approve(request, minutes_id: Id, payload: ApproveIn):
    """Sign the draft minutes (签发); from then on they are frozen."""
    user = request_user(request)
    row = _scoped(user, m.Minutes, minutes_id, "meeting__organisation")
    row = s.minutes_approve(
        actor=request_actor(request),
        minutes=row,
        approver=_person(user, payload.approver, "approver", row.meeting),
        approved_at=payload.approved_at,
    )
    return _minutes_out(row)


@router.post("/minutes/{minutes_id}/amend", response={201: MinutesOut}, auth=STAFF_AUTH)
def minutes_amend(request, minutes_id: Id, payload: AmendIn):
    """Amend approved minutes: a new draft linked to them, with their number."""
    row = _scoped(request_user(request), m.Minutes, minutes_id, "meeting__organisation")
    row = s.minutes_amend(
        actor=request_actor(request), minutes=row, text=payload.text, reason=payload.reason
    )
    return Status(201, _minutes_out(row))


@router.post("/meetings/{meeting_id}/announcements", response={201: CreatedOut}, auth=STAFF_AUTH)
def announcement_record(request, meeting_id: Id, payload: AnnouncementIn):
    """会后通报: to whom and when the decisions were made known."""
    meeting = _scoped(request_user(request), m.Meeting, meeting_id, "organisation")
    row = s.announcement_record(
        actor=request_actor(request),
        meeting=meeting,
        announced_at=payload.announced_at,
        scope=payload.scope,
        text=payload.text,
    )
    return Status(201, CreatedOut(id=row.pk, kind="announcement"))


@router.post("/topics/{topic_id}/tasks", response={201: CreatedOut}, auth=STAFF_AUTH)
def task_assign(request, topic_id: Id, payload: TaskIn):
    """An owner and a due date for carrying out a passed decision."""
    user, topic = _topic_call(request, topic_id)
    row = s.task_assign(
        actor=request_actor(request),
        topic=topic,
        owner=_person(user, payload.owner, "owner", topic.meeting),
        description=payload.description,
        due=payload.due,
    )
    return Status(201, CreatedOut(id=row.pk, kind="task"))


@router.post("/tasks/{task_id}/progress", response={201: CreatedOut}, auth=STAFF_AUTH)
def progress_record(request, task_id: Id, payload: ProgressIn):
    """A progress note on a decision task; ``done`` closes it."""
    task = _scoped(request_user(request), m.DecisionTask, task_id, "topic__meeting__organisation")
    row = s.progress_record(
        actor=request_actor(request), task=task, on=payload.on, note=payload.note, done=payload.done
    )
    return Status(201, CreatedOut(id=row.pk, kind="progress"))


# --- an organisation's rules of procedure (议事规则) ------------------------------------


class DecisionRulesIn(Schema):
    """Only the fields given change."""

    personnel_quorum: str | None = None
    notice_days: Days | None = None
    minutes_days: Days | None = None
    decision_window_days: Days | None = None


class DecisionRulesOut(Schema):
    organisation: str
    personnel_quorum: str
    notice_days: int
    minutes_days: int
    decision_window_days: int


def _rules_out(org: Organisation) -> DecisionRulesOut:
    rules = m.DecisionRules.objects.filter(organisation=org).first() or m.DecisionRules(
        organisation=org
    )
    return DecisionRulesOut(
        organisation=org.code,
        personnel_quorum=rules.personnel_quorum,
        notice_days=rules.notice_days,
        minutes_days=rules.minutes_days,
        decision_window_days=rules.decision_window_days,
    )


def _rules_org(request, code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None or not access.can_in_org(request_user(request), "view", org):
        raise Http404
    return org


@router.get("/organisations/{code}/decision-rules", response=DecisionRulesOut, auth=STAFF_AUTH)
def decision_rules(request, code: str):
    """The organisation's rules of procedure (the defaults while none is set)."""
    return _rules_out(_rules_org(request, code))


@router.put("/organisations/{code}/decision-rules", response=DecisionRulesOut, auth=STAFF_AUTH)
def decision_rules_set(request, code: str, payload: DecisionRulesIn):
    """Set the organisation's rules (its administrators)."""
    org = _rules_org(request, code)
    s.decision_rules_set(actor=request_actor(request), organisation=org, **payload.dict())
    return _rules_out(org)
