"""Minutes (会议纪要, numbered per organisation and year), the verbatim record and the
commission secretary's record, and the announcement after the meeting (会后通报)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.meetings import actions, timing
from yangguang.meetings import models as m
from yangguang.meetings.services._base import (
    MINUTES_FIELDS,
    _aware,
    _check,
    _choice,
    _error,
    _text,
)
from yangguang.orgs.models import Organisation


def _require_held(meeting: m.Meeting, what_zh: str, what_en: str) -> m.Meeting:
    meeting = m.Meeting.objects.select_related("organisation").get(pk=meeting.pk)
    if meeting.status != m.MeetingStatus.HELD:
        raise _error(
            "meeting_not_held",
            "meeting",
            f"会议“{meeting.title}”未召开（{meeting.get_status_display()}），不能{what_zh}",
            f"the meeting “{meeting.title}” did not take place ({meeting.status}); no {what_en}",
        )
    timing.require_not_future(meeting.held_at, "meeting", "会议召开时间", "meeting's holding time")
    return meeting


def minutes_create(
    *, actor: Actor, meeting: m.Meeting, text: str, number: int | None = None
) -> m.Minutes:
    """Draft the minutes of a held meeting with the year's next number in the
    organisation's sequence (``number`` only to take over paper minutes: never a number
    already used)."""
    _check(actor, "operate", meeting.organisation)
    text = _text(text, "text", "纪要内容")
    meeting = _require_held(meeting, "形成会议纪要", "minutes")
    year = timezone.localtime(meeting.held_at).year
    with transaction.atomic():
        # the organisation row serialises numbering
        Organisation.objects.select_for_update().get(pk=meeting.organisation_id)
        if m.Minutes.objects.filter(meeting=meeting, amends__isnull=True).exists():
            raise _error(
                "minutes_exist",
                "meeting",
                "该会议已有会议纪要，请修改草稿或修订",
                "the meeting already has minutes; edit the draft or amend them",
            )
        numbers = m.Minutes.objects.filter(
            organisation_id=meeting.organisation_id, year=year, amends__isnull=True
        )
        if number is None:
            number = (numbers.aggregate(n=Max("number"))["n"] or 0) + 1
        elif not isinstance(number, int) or number < 1 or numbers.filter(number=number).exists():
            raise _error(
                "minutes_number_taken",
                "number",
                f"纪要编号〔{year}〕{number}号不可用",
                f"minutes number {number} of {year} is not available",
            )
        minutes = m.Minutes.objects.create(
            meeting=meeting,
            organisation_id=meeting.organisation_id,
            year=year,
            number=number,
            text=text,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=actions.MINUTES_CREATE,
            obj=minutes,
            org_id=meeting.organisation_id,
            changes=diff(None, snapshot(minutes, MINUTES_FIELDS)),
        )
    return minutes


def _locked_draft(minutes: m.Minutes, field: str = "text") -> m.Minutes:
    minutes = m.Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != m.MinutesStatus.DRAFT:
        raise _error(
            "minutes_approved_immutable",
            field,
            f"会议纪要{minutes.label}已签发，不能修改，只能另行修订",
            f"the minutes {minutes.label} are approved: they cannot be changed, only amended "
            "by a new linked record",
        )
    return minutes


def minutes_update(*, actor: Actor, minutes: m.Minutes, text: str) -> m.Minutes:
    """Edit a draft (never approved minutes)."""
    _check(actor, "operate", minutes.meeting.organisation)
    text = _text(text, "text", "纪要内容")
    with transaction.atomic():
        minutes = _locked_draft(minutes)
        before = minutes.text
        minutes.text = text
        minutes.save(update_fields=["text"])
        audit_record(
            actor=actor,
            action=actions.MINUTES_UPDATE,
            obj=minutes,
            org_id=minutes.organisation_id,
            changes={"text": [before, text]},
        )
    return minutes


def minutes_approve(
    *,
    actor: Actor,
    minutes: m.Minutes,
    approver: User | None = None,
    approved_at: datetime.datetime | None = None,
) -> m.Minutes:
    """Sign the minutes (签发); from then on they are frozen."""
    _check(actor, "operate", minutes.meeting.organisation)
    approver = approver or actor.user
    if approver is None:
        raise _error("required", "approver", "请填写签发人", "approver is required")
    approved_at = _aware(approved_at or timezone.now(), "approved_at")
    timing.require_not_future(approved_at, "approved_at", "签发时间", "approval time")
    with transaction.atomic():
        minutes = _locked_draft(minutes, "status")
        if approved_at < minutes.meeting.held_at:
            raise _error(
                "approved_before_meeting",
                "approved_at",
                "签发时间早于会议召开时间",
                "the approval time is before the meeting was held",
            )
        minutes.status = m.MinutesStatus.APPROVED
        minutes.approved_by = approver
        minutes.approved_at = approved_at
        minutes.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action=actions.MINUTES_APPROVE,
            obj=minutes,
            org_id=minutes.organisation_id,
            changes={"status": ["draft", "approved"]},
            extra={"approver": approver.pk, "approved_at": approved_at, "text": minutes.text},
        )
    return minutes


def minutes_amend(*, actor: Actor, minutes: m.Minutes, text: str, reason: str) -> m.Minutes:
    """Amend approved minutes: a new draft record linked to them (``amends``), keeping
    their number; the approved text stays as it was."""
    _check(actor, "operate", minutes.meeting.organisation)
    text = _text(text, "text", "修订后的纪要内容")
    reason = _text(reason, "reason", "修订理由")
    with transaction.atomic():
        minutes = m.Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status != m.MinutesStatus.APPROVED:
            raise _error(
                "minutes_not_approved",
                "minutes",
                "纪要尚未签发，请直接修改草稿",
                "the minutes are not approved yet: edit the draft instead",
            )
        if minutes.amendments.exists():
            raise _error(
                "minutes_already_amended",
                "minutes",
                "该纪要已有修订记录，请修订最新版本",
                "these minutes have been amended already: amend the latest version",
            )
        amendment = m.Minutes.objects.create(
            meeting_id=minutes.meeting_id,
            organisation_id=minutes.organisation_id,
            year=minutes.year,
            number=minutes.number,
            text=text,
            amends=minutes,
            reason=reason,
            created_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=actions.MINUTES_AMEND,
            obj=amendment,
            org_id=minutes.organisation_id,
            changes=diff(None, snapshot(amendment, MINUTES_FIELDS)),
        )
    return amendment


def record_write(
    *,
    actor: Actor,
    meeting: m.Meeting,
    kind: str,
    text: str,
    recorder: User | None = None,
) -> m.MeetingRecord:
    """The verbatim record (会议记录, by the office) or the commission secretary's own
    record (by the observing 纪委书记 / 派驻纪检组, an inspector)."""
    _choice(kind, m.RecordKind, "kind", "记录类别")
    recorder = recorder or actor.user
    if recorder is None:
        raise _error("required", "recorder", "请填写记录人", "recorder is required")
    if kind == m.RecordKind.COMMISSION:
        if actor.kind != "system":
            if access.role_of(actor.user) not in {Role.INSPECTOR, Role.SYSADMIN}:
                raise PermissionDeniedError(
                    zh="纪委书记(派驻纪检组)记录只能由纪检监察人员填写",
                    en="only the commission may write its own record",
                )
            _check(actor, "supervise", meeting.organisation)
        if not m.MeetingMember.objects.filter(
            meeting=meeting, user=recorder, role=m.MemberRole.OBSERVER
        ).exists() and not (recorder.organisation and recorder.organisation.kind == "commission"):
            raise _error(
                "recorder_not_commission",
                "recorder",
                f"{recorder} 不是列席会议的纪委(派驻纪检组)人员",
                f"{recorder.username} is not the commission's observer at this meeting",
            )
    else:
        _check(actor, "operate", meeting.organisation)
    text = _text(text, "text", "记录内容")
    meeting = _require_held(meeting, "填写会议记录", "record")
    with transaction.atomic():
        if m.MeetingRecord.objects.filter(meeting=meeting, kind=kind).exists():
            raise _error("record_exists", "kind", "该记录已存在", "this record already exists")
        record = m.MeetingRecord.objects.create(
            meeting=meeting, kind=kind, recorder=recorder, text=text, recorded_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=actions.RECORD_WRITE,
            obj=record,
            org_id=meeting.organisation_id,
            extra={"kind": kind, "recorder": recorder.pk, "text": text},
        )
    return record


def announcement_record(
    *,
    actor: Actor,
    meeting: m.Meeting,
    announced_at: datetime.datetime,
    scope: str,
    text: str,
) -> m.Announcement:
    """会后通报: the decisions made known after the meeting, to whom and when."""
    _check(actor, "operate", meeting.organisation)
    announced_at = _aware(announced_at, "announced_at")
    timing.require_not_future(announced_at, "announced_at", "通报时间", "announcement time")
    scope = _text(scope, "scope", "通报范围")
    text = _text(text, "text", "通报内容")
    meeting = _require_held(meeting, "通报", "announcement")
    if announced_at < meeting.held_at:
        raise _error(
            "announced_before_meeting",
            "announced_at",
            "通报时间早于会议召开时间",
            "the announcement time is before the meeting was held",
        )
    with transaction.atomic():
        item = m.Announcement.objects.create(
            meeting=meeting, announced_at=announced_at, scope=scope, text=text
        )
        audit_record(
            actor=actor,
            action=actions.ANNOUNCEMENT_RECORD,
            obj=item,
            org_id=meeting.organisation_id,
            extra={"announced_at": announced_at, "scope": scope},
        )
    return item
