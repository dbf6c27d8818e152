"""Meetings: scheduling, topics and materials, notices, attendance, recusal, the speaking
order, votes and the outcome of each topic."""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core.context import Actor
from yangguang.meetings import actions, timing
from yangguang.meetings import models as m
from yangguang.meetings.services._base import (
    MEETING_FIELDS,
    TOPIC_FIELDS,
    _amount,
    _aware,
    _check,
    _choice,
    _clean,
    _error,
    _member,
    _text,
)
from yangguang.orgs.models import LeadershipRole, LeadershipTerm, Organisation

MATERIAL_MAX_BYTES = 10 * 1024 * 1024
MATERIAL_TYPES = {
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_MAGIC = {".pdf": b"%PDF", ".png": b"\x89PNG", ".docx": b"PK", ".xlsx": b"PK", ".jpg": b"\xff\xd8"}


def _serving_principal(org: Organisation, day: datetime.date) -> User | None:
    term = (
        LeadershipTerm.objects.filter(
            organisation=org, role=LeadershipRole.PRINCIPAL, start__lte=day
        )
        .exclude(end__lt=day)
        .select_related("user")
        .first()
    )
    return term.user if term else None


def meeting_create(
    *,
    actor: Actor,
    organisation: Organisation,
    body: str,
    title: str,
    convener: User | None,
    starts_at: datetime.datetime,
    members: Iterable[User],
    observers: Iterable[User] = (),
    principal: User | None = None,
    location: str = "",
) -> m.Meeting:
    """Schedule a meeting of a deciding body with its members (who vote) and the
    commission's observers (纪委书记 / 派驻纪检组, who attend and record). The principal
    (for 末位表态) is the organisation's serving principal when he or she is a member."""
    _check(actor, "operate", organisation)
    _choice(body, m.Body, "body", "会议类型")
    title = _text(title, "title", "会议名称")
    if convener is None:
        raise _error(
            "meeting_convener_required",
            "convener",
            "会议必须有召集人",
            "a meeting needs a convener",
        )
    starts_at = _aware(starts_at, "starts_at")
    members = list(dict.fromkeys(members))
    observers = [u for u in dict.fromkeys(observers) if u not in members]
    if not members:
        raise _error(
            "meeting_members_required", "members", "会议必须有成员", "a meeting needs members"
        )
    if convener not in members:
        raise _error(
            "convener_not_member",
            "convener",
            f"召集人 {convener} 不是会议成员",
            f"the convener {convener.username} is not a member of the meeting",
        )
    if principal is None:
        principal = _serving_principal(organisation, timezone.localdate(starts_at))
        if principal not in members:
            principal = None
    elif principal not in members:
        raise _error(
            "principal_not_member",
            "principal",
            f"主要负责人 {principal} 不是会议成员",
            f"the principal {principal.username} is not a member of the meeting",
        )
    meeting = m.Meeting(
        organisation=organisation,
        body=body,
        title=title,
        convener=convener,
        principal=principal,
        starts_at=starts_at,
        location=location or "",
    )
    _clean(meeting)
    with transaction.atomic():
        meeting.save()
        m.MeetingMember.objects.bulk_create(
            [m.MeetingMember(meeting=meeting, user=u, role=m.MemberRole.MEMBER) for u in members]
            + [
                m.MeetingMember(meeting=meeting, user=u, role=m.MemberRole.OBSERVER)
                for u in observers
            ]
        )
        audit_record(
            actor=actor,
            action=actions.MEETING_CREATE,
            obj=meeting,
            org_id=organisation.pk,
            changes=diff(None, snapshot(meeting, MEETING_FIELDS)),
            extra={"members": [u.pk for u in members], "observers": [u.pk for u in observers]},
        )
    return meeting


def _locked_meeting(meeting: m.Meeting) -> m.Meeting:
    return m.Meeting.objects.select_for_update().get(pk=meeting.pk)


def meeting_hold(
    *,
    actor: Actor,
    meeting: m.Meeting,
    held_at: datetime.datetime,
    absent: Mapping[User, str] | None = None,
) -> m.Meeting:
    """The meeting takes place: record who attended, and why the others did not. It is
    held after its topics were notified (timing.require_held_after_notices), not in the
    future."""
    _check(actor, "operate", meeting.organisation)
    held_at = _aware(held_at, "held_at")
    absent = dict(absent or {})
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status != m.MeetingStatus.PLANNED:
            raise _error(
                "meeting_not_planned",
                "status",
                f"会议状态为“{meeting.get_status_display()}”，不能再召开",
                f"the meeting is {meeting.status}, not planned",
            )
        rows = {r.user_id: r for r in meeting.members.all()}
        for user, reason in absent.items():
            if user.pk not in rows:
                raise _error(
                    "not_a_member",
                    "absent",
                    f"{user} 不是会议成员",
                    f"{user.username} is not a member of the meeting",
                )
            if not (reason or "").strip():
                raise _error(
                    "absence_reason_required",
                    "absent",
                    f"请填写 {user} 的缺席原因",
                    f"give the reason for {user.username}'s absence",
                )
        timing.require_held_after_notices(
            held_at,
            list(m.Notice.objects.filter(topic__meeting=meeting).values_list("sent_at", flat=True)),
        )
        absent_ids = {u.pk: r.strip() for u, r in absent.items()}
        for row in rows.values():
            row.present = row.user_id not in absent_ids
            row.absence_reason = absent_ids.get(row.user_id, "")
        m.MeetingMember.objects.bulk_update(rows.values(), ["present", "absence_reason"])
        meeting.status = m.MeetingStatus.HELD
        meeting.held_at = held_at
        meeting.save(update_fields=["status", "held_at"])
        audit_record(
            actor=actor,
            action=actions.MEETING_HOLD,
            obj=meeting,
            org_id=meeting.organisation_id,
            changes={"status": ["planned", "held"], "held_at": [None, held_at]},
            extra={"absent": {str(k): v for k, v in absent_ids.items()}},
        )
    return meeting


def meeting_cancel(*, actor: Actor, meeting: m.Meeting, reason: str) -> m.Meeting:
    _check(actor, "operate", meeting.organisation)
    reason = _text(reason, "reason", "取消原因")
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status != m.MeetingStatus.PLANNED:
            raise _error(
                "meeting_not_planned",
                "status",
                "只有拟召开的会议可以取消",
                "only a planned meeting can be cancelled",
            )
        meeting.status = m.MeetingStatus.CANCELLED
        meeting.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=actions.MEETING_CANCEL,
            obj=meeting,
            org_id=meeting.organisation_id,
            changes={"status": ["planned", "cancelled"]},
            extra={"reason": reason},
        )
    return meeting


def topic_add(
    *,
    actor: Actor,
    meeting: m.Meeting,
    title: str,
    proposer: User,
    matter: m.CatalogueMatter | None = None,
    category: str = "",
    amount=None,
    candidate: User | None = None,
) -> m.Topic:
    """Put a topic on the agenda. A topic added once the meeting is under way is an ad-hoc
    motion (临时动议), marked so whoever adds it."""
    _check(actor, "operate", meeting.organisation)
    title = _text(title, "title", "议题名称")
    if proposer is None:
        raise _error("required", "proposer", "请填写议题提出人", "proposer is required")
    if matter is not None:
        if matter.organisation_id != meeting.organisation_id or not matter.active:
            raise _error(
                "matter_foreign",
                "matter",
                "该事项不在本单位有效的三重一大目录中",
                "the matter is not in the organisation's active catalogue",
            )
        if category and category != matter.category:
            raise _error(
                "category_mismatch",
                "category",
                "议题类别与目录事项类别不一致",
                "the category differs from the catalogue matter's",
            )
        category = matter.category
    elif category:
        _choice(category, m.Category, "category", "类别")
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status == m.MeetingStatus.CANCELLED:
            raise _error(
                "meeting_cancelled", "meeting", "会议已取消", "the meeting has been cancelled"
            )
        number = (meeting.topics.aggregate(n=Max("number"))["n"] or 0) + 1
        topic = m.Topic(
            meeting=meeting,
            number=number,
            title=title,
            matter=matter,
            category=category or "",
            proposer=proposer,
            amount=_amount(amount),
            candidate=candidate,
            ad_hoc=meeting.status == m.MeetingStatus.HELD,
        )
        _clean(topic)
        topic.save()
        audit_record(
            actor=actor,
            action=actions.TOPIC_ADD,
            obj=topic,
            org_id=meeting.organisation_id,
            changes=diff(None, snapshot(topic, TOPIC_FIELDS)),
        )
    return topic


def material_attach(
    *, actor: Actor, topic: m.Topic, name: str, content: bytes, uploaded_by: User | None = None
) -> m.Material:
    """A document for a topic: at most 10 MiB, of an allowed type (checked by extension
    and, where it has one, by the file's signature)."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    name = PurePath(_text(name, "name", "文件名")).name
    ext = PurePath(name).suffix.lower()
    if ext not in MATERIAL_TYPES:
        raise _error(
            "material_type",
            "name",
            f"不支持的文件类型 {ext or '(无扩展名)'}，允许: {' '.join(MATERIAL_TYPES)}",
            f"file type {ext or '(none)'} not allowed; allowed: {' '.join(MATERIAL_TYPES)}",
        )
    if not content:
        raise _error("material_empty", "content", "文件为空", "the file is empty")
    if len(content) > MATERIAL_MAX_BYTES:
        raise _error(
            "material_too_large",
            "content",
            f"文件超过 {MATERIAL_MAX_BYTES // 1024 // 1024} MB",
            f"the file is larger than {MATERIAL_MAX_BYTES // 1024 // 1024} MB",
        )
    magic = _MAGIC.get(ext)
    if magic and not content.startswith(magic):
        raise _error(
            "material_type",
            "content",
            f"文件内容与扩展名 {ext} 不符",
            f"the file's content does not match its extension {ext}",
        )
    material = m.Material(
        topic=topic,
        name=name,
        content_type=MATERIAL_TYPES[ext] or mimetypes.guess_type(name)[0] or "",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=uploaded_by or actor.user,
        uploaded_at=timezone.now(),
    )
    with transaction.atomic():
        material.save()
        audit_record(
            actor=actor,
            action=actions.MATERIAL_ATTACH,
            obj=material,
            org_id=meeting.organisation_id,
            extra={
                "topic": topic.pk,
                "name": name,
                "size": material.size,
                "sha256": material.sha256,
            },
        )
    return material


def notice_send(
    *,
    actor: Actor,
    topic: m.Topic,
    sent_at: datetime.datetime,
    members: Iterable[User] | None = None,
) -> list[m.Notice]:
    """Record that the topic was sent to members (all not yet told, by default)."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    sent_at = _aware(sent_at, "sent_at")
    with transaction.atomic():
        topic = m.Topic.objects.select_for_update().get(pk=topic.pk)
        meeting = m.Meeting.objects.get(pk=meeting.pk)
        timing.require_notice_in_time(sent_at, meeting)
        rows = list(meeting.members.all())
        if members is not None:
            wanted = [_member(meeting, u, "members", voting=False) for u in members]
            rows = [r for r in rows if r in wanted]
        told = set(topic.notices.values_list("member_id", flat=True))
        rows = [r for r in rows if r.pk not in told]
        if not rows:
            raise _error(
                "notice_already_sent",
                "members",
                "这些成员均已告知",
                "every one of these members has already been notified",
            )
        notices = m.Notice.objects.bulk_create(
            [m.Notice(topic=topic, member=r, sent_at=sent_at) for r in rows]
        )
        audit_record(
            actor=actor,
            action=actions.NOTICE_SEND,
            obj=topic,
            org_id=meeting.organisation_id,
            extra={"sent_at": sent_at, "members": [r.user_id for r in rows]},
        )
    return notices


def _open_topic(topic: m.Topic, field: str = "topic") -> m.Topic:
    topic = m.Topic.objects.select_for_update().select_related("meeting").get(pk=topic.pk)
    if topic.status != m.TopicStatus.OPEN:
        raise _error(
            "topic_not_open",
            field,
            f"议题“{topic.title}”尚未开始讨论或已决定",
            f"the topic “{topic.title}” is not under discussion",
        )
    return topic


def recusal_record(*, actor: Actor, topic: m.Topic, member: User, reason: str) -> m.Recusal:
    """An interested member stands aside from a topic (回避)."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    reason = _text(reason, "reason", "回避事由")
    row = _member(meeting, member)
    with transaction.atomic():
        topic = m.Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.status == m.TopicStatus.DECIDED:
            raise _error("topic_decided", "topic", "议题已决定", "the topic is already decided")
        if m.Recusal.objects.filter(topic=topic, member=row).exists():
            raise _error(
                "recusal_exists", "member", "该成员已登记回避", "the member has already recused"
            )
        recusal = m.Recusal.objects.create(topic=topic, member=row, reason=reason)
        audit_record(
            actor=actor,
            action=actions.RECUSAL_RECORD,
            obj=recusal,
            org_id=meeting.organisation_id,
            extra={"topic": topic.pk, "member": member.pk, "reason": reason},
        )
    return recusal


def topic_open(
    *, actor: Actor, topic: m.Topic, opened_at: datetime.datetime | None = None
) -> m.Topic:
    """Discussion of the topic begins (the meeting must be held). ``opened_at``, when
    known, is when it began (not before the holding, not in the future); the decision
    cannot come before it."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    opened_at = _aware(opened_at, "opened_at", required=False)
    with transaction.atomic():
        topic = m.Topic.objects.select_for_update().select_related("meeting").get(pk=topic.pk)
        if topic.meeting.status != m.MeetingStatus.HELD:
            raise _error(
                "meeting_not_held",
                "meeting",
                "会议尚未召开，不能讨论议题",
                "the meeting has not taken place; its topics cannot be discussed",
            )
        if topic.status != m.TopicStatus.PENDING:
            raise _error("topic_not_pending", "topic", "议题已讨论", "the topic was already opened")
        if opened_at is not None:
            timing.require_opened_in_order(opened_at, topic.meeting.held_at)
        topic.status = m.TopicStatus.OPEN
        topic.opened_at = opened_at
        topic.save(update_fields=["status", "opened_at"])
        audit_record(
            actor=actor,
            action=actions.TOPIC_OPEN,
            obj=topic,
            org_id=meeting.organisation_id,
            changes={"status": ["pending", "open"], "opened_at": [None, opened_at]},
        )
    return topic


def speech_record(*, actor: Actor, topic: m.Topic, member: User, summary: str) -> m.Speech:
    """The next statement on the topic, in the order spoken, with a summary of the opinion."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    summary = _text(summary, "summary", "意见摘要")
    with transaction.atomic():
        topic = _open_topic(topic)
        row = _member(topic.meeting, member)
        if not row.present:
            raise _error(
                "member_absent", "member", f"{member} 未出席会议", f"{member.username} was absent"
            )
        if m.Speech.objects.filter(topic=topic, member=row).exists():
            raise _error(
                "speech_exists",
                "member",
                f"{member} 已就该议题发言",
                f"{member.username} has spoken",
            )
        order = (topic.speeches.aggregate(n=Max("order"))["n"] or 0) + 1
        speech = m.Speech.objects.create(
            topic=topic, member=row, order=order, summary=summary, recorded_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=actions.SPEECH_RECORD,
            obj=speech,
            org_id=meeting.organisation_id,
            extra={"topic": topic.pk, "member": member.pk, "order": order, "summary": summary},
        )
    return speech


def vote_record(*, actor: Actor, topic: m.Topic, member: User, choice: str) -> m.Vote:
    """One member's vote (同意/不同意/弃权/回避). Only voting members who attended, only
    on a topic under discussion on which at least one member has spoken."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    _choice(choice, m.Choice, "choice", "表决意见")
    with transaction.atomic():
        topic = m.Topic.objects.select_for_update().select_related("meeting").get(pk=topic.pk)
        if topic.status != m.TopicStatus.OPEN or not topic.speeches.exists():
            raise _error(
                "vote_before_discussion",
                "topic",
                f"议题“{topic.title}”尚未讨论（无发言记录），不能表决",
                f"the topic “{topic.title}” has not been discussed (no statement recorded); "
                "no vote yet",
            )
        row = _member(topic.meeting, member)
        if not row.present:
            raise _error(
                "member_absent", "member", f"{member} 未出席会议", f"{member.username} was absent"
            )
        if m.Vote.objects.filter(topic=topic, member=row).exists():
            raise _error(
                "vote_exists", "member", f"{member} 已表决", f"{member.username} has already voted"
            )
        vote = m.Vote.objects.create(
            topic=topic, member=row, choice=choice, recorded_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=actions.VOTE_RECORD,
            obj=vote,
            org_id=meeting.organisation_id,
            extra={"topic": topic.pk, "member": member.pk, "choice": choice},
        )
    return vote


def topic_decide(
    *,
    actor: Actor,
    topic: m.Topic,
    outcome: str,
    public: bool = False,
    public_summary: str = "",
    decided_at: datetime.datetime | None = None,
) -> m.Topic:
    """Record the outcome as the meeting declared it (passed / rejected / deferred) and
    whether the decision is published. Whether the outcome follows from the votes is
    what the ``outcome_inconsistent`` check looks at; the record keeps what was declared."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    _choice(outcome, m.Outcome, "outcome", "结果")
    decided_at = _aware(decided_at or timezone.now(), "decided_at")
    if public:
        public_summary = _text(public_summary, "public_summary", "公开内容")
    with transaction.atomic():
        topic = m.Topic.objects.select_for_update().select_related("meeting").get(pk=topic.pk)
        if public:  # only what has happened is published
            timing.require_publishable(topic.meeting, decided_at)
        allowed = {m.TopicStatus.OPEN} | (
            {m.TopicStatus.PENDING} if outcome == m.Outcome.DEFERRED else set()
        )
        if topic.status not in allowed or topic.meeting.status != m.MeetingStatus.HELD:
            raise _error(
                "topic_not_open",
                "topic",
                f"议题“{topic.title}”不在讨论中，不能作出决定",
                f"the topic “{topic.title}” is not under discussion; it cannot be decided",
            )
        if outcome != m.Outcome.DEFERRED and not topic.votes.exists():
            raise _error(
                "decision_without_vote",
                "outcome",
                "议题尚无表决记录，不能作出通过或不通过的决定",
                "no vote is recorded; the topic cannot be passed or rejected",
            )
        timing.require_decided_in_order(decided_at, topic.meeting.held_at, topic.opened_at)
        before = topic.status
        topic.status = m.TopicStatus.DECIDED
        topic.outcome = outcome
        topic.decided_at = decided_at
        topic.public = bool(public)
        topic.public_summary = public_summary or ""
        topic.save(update_fields=["status", "outcome", "decided_at", "public", "public_summary"])
        audit_record(
            actor=actor,
            action=actions.TOPIC_DECIDE,
            obj=topic,
            org_id=meeting.organisation_id,
            changes={"status": [before, "decided"], "outcome": ["", outcome]},
            extra={"public": topic.public, "decided_at": decided_at},
        )
    return topic
