"""The commission's side: veto rules, integrity records, vetting opinions on promotions
(纪委意见表) and accountability cases opened from findings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.meetings import actions, timing, vetting
from yangguang.meetings import models as m
from yangguang.meetings.services._base import _aware, _check, _choice, _error, _text
from yangguang.orgs.models import Organisation


def _require_supervisor(actor: Actor) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) not in {Role.INSPECTOR, Role.SYSADMIN}:
        raise PermissionDeniedError(
            zh="只有纪检监察人员可以执行此操作", en="only the commission's inspectors may do this"
        )


def veto_rule_create(*, actor: Actor, code: str, name: str, effect: str) -> m.VetoRule:
    """A further kind of integrity record that vetoes or delays promotion."""
    _require_supervisor(actor)
    code = _text(code, "code", "规则代码").lower()
    name = _text(name, "name", "规则名称")
    _choice(effect, m.RuleEffect, "effect", "效力")
    if code in vetting.BUILTIN or code == vetting.ACCOUNTABILITY.code:
        raise _error("veto_rule_builtin", "code", "该代码为内置规则", "the code is a built-in rule")
    with transaction.atomic():
        if m.VetoRule.objects.filter(code=code).exists():
            raise _error("veto_rule_exists", "code", "规则代码已存在", "the rule code exists")
        rule = m.VetoRule.objects.create(code=code, name=name, effect=effect)
        audit_record(
            actor=actor,
            action=actions.VETO_RULE_CREATE,
            obj=rule,
            extra={"code": code, "name": name, "effect": effect},
        )
    return rule


def integrity_record_create(
    *,
    actor: Actor,
    person: User,
    kind: str,
    start: datetime.date,
    source: str,
    end: datetime.date | None = None,
    note: str = "",
) -> m.IntegrityRecord:
    """Record what the commission holds on a person (kept in the person's organisation)."""
    org = person.organisation
    _require_supervisor(actor)
    _check(actor, "supervise", org)
    if kind not in vetting.kinds():
        raise _error(
            "integrity_kind_unknown",
            "kind",
            f"未知的廉政档案类别 {kind!r}",
            f"unknown kind of integrity record {kind!r}",
        )
    source = _text(source, "source", "来源")
    if end is not None and end < start:
        raise _error(
            "end_before_start",
            "end",
            f"结束日期 {end} 不能早于开始日期 {start}",
            f"the end date {end} is before the start date {start}",
        )
    with transaction.atomic():
        rec = m.IntegrityRecord.objects.create(
            person=person,
            organisation=org,
            kind=kind,
            start=start,
            end=end,
            source=source,
            note=note,
        )
        audit_record(
            actor=actor,
            action=actions.INTEGRITY_CREATE,
            obj=rec,
            org_id=org.pk if org else None,
            extra={"person": person.pk, "kind": kind, "start": start, "end": end},
        )
    return rec


def integrity_record_end(
    *, actor: Actor, record: m.IntegrityRecord, end: datetime.date
) -> m.IntegrityRecord:
    _require_supervisor(actor)
    _check(actor, "supervise", record.organisation)
    with transaction.atomic():
        record = m.IntegrityRecord.objects.select_for_update().get(pk=record.pk)
        if record.end is not None:
            raise _error("integrity_ended", "end", "该记录已结束", "the record has already ended")
        if end < record.start:
            raise _error(
                "end_before_start",
                "end",
                f"结束日期 {end} 不能早于开始日期 {record.start}",
                f"the end date {end} is before the start date {record.start}",
            )
        record.end = end
        record.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action=actions.INTEGRITY_END,
            obj=record,
            org_id=record.organisation_id,
            changes={"end": [None, end]},
        )
    return record


def vetting_request(*, actor: Actor, topic: m.Topic, candidate: User | None = None) -> m.Vetting:
    """Ask the commission for its opinion on the candidate of an appointment topic."""
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    candidate = candidate or topic.candidate
    if topic.category != m.Category.PERSONNEL:
        raise _error(
            "vetting_not_personnel",
            "topic",
            "只有干部任免议题需要征求纪委意见",
            "only an appointment topic needs the commission's opinion",
        )
    if candidate is None:
        raise _error("required", "candidate", "请填写拟任人选", "candidate is required")
    if topic.status == m.TopicStatus.DECIDED:
        raise _error(
            "topic_decided",
            "topic",
            "议题已决定，征求意见应在决定之前",
            "the topic is already decided; the opinion must come before",
        )
    with transaction.atomic():
        if m.Vetting.objects.filter(topic=topic, candidate=candidate).exists():
            raise _error("vetting_exists", "candidate", "已征求过意见", "already requested")
        row = m.Vetting.objects.create(
            topic=topic, candidate=candidate, requested_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=actions.VETTING_REQUEST,
            obj=row,
            org_id=meeting.organisation_id,
            extra={"topic": topic.pk, "candidate": candidate.pk},
        )
    return row


def vetting_opinion_record(
    *,
    actor: Actor,
    vetting_row: m.Vetting,
    opinion: str,
    note: str = "",
    inspector: User | None = None,
    opined_at: datetime.datetime | None = None,
) -> m.Vetting:
    """The commission's opinion, by an inspector. The integrity records held on the
    candidate are screened first: "no objection" is refused while a veto or delay applies."""
    meeting = vetting_row.topic.meeting
    _require_supervisor(actor)
    _check(actor, "supervise", meeting.organisation)
    _choice(opinion, m.Opinion, "opinion", "意见")
    inspector = inspector or actor.user
    opined_at = _aware(opined_at or timezone.now(), "opined_at")
    timing.require_not_future(opined_at, "opined_at", "意见时间", "opinion time")
    if opinion == m.Opinion.PENDING:
        raise _error("opinion_pending", "opinion", "请给出意见", "give an opinion")
    grounds = vetting.screen(vetting_row.candidate, timezone.localdate(meeting.starts_at))
    if opinion == m.Opinion.CLEAR and grounds:
        names = "、".join(g.zh for g in grounds)
        raise _error(
            "vetting_veto_applies",
            "opinion",
            f"拟任人选存在{names}情形，不能出具无不同意见",
            "the candidate is " + "; ".join(g.en for g in grounds) + ": no 'no objection'",
        )
    with transaction.atomic():
        row = m.Vetting.objects.select_for_update().get(pk=vetting_row.pk)
        if row.opinion != m.Opinion.PENDING:
            raise _error("opinion_given", "opinion", "意见已回复", "the opinion is already given")
        row.opinion = opinion
        row.grounds = [g.as_json() for g in grounds]
        row.note = note or ""
        row.inspector = inspector
        row.opined_at = opined_at
        row.save(update_fields=["opinion", "grounds", "note", "inspector", "opined_at"])
        audit_record(
            actor=actor,
            action=actions.VETTING_OPINION,
            obj=row,
            org_id=meeting.organisation_id,
            changes={"opinion": ["pending", opinion]},
            extra={"grounds": row.grounds, "candidate": row.candidate_id},
        )
    return row


def case_open(
    *,
    actor: Actor,
    organisation: Organisation,
    finding: str,
    rule: str,
    summary: str,
    persons: Iterable[User] = (),
    opened_on: datetime.date | None = None,
) -> m.AccountabilityCase:
    """Open an accountability case from a finding (its reference, e.g. the check's key)."""
    _require_supervisor(actor)
    _check(actor, "supervise", organisation)
    finding = _text(finding, "finding", "问题线索")
    summary = _text(summary, "summary", "事由")
    persons = list(persons)
    with transaction.atomic():
        if m.AccountabilityCase.objects.filter(finding=finding, status=m.CaseStatus.OPEN).exists():
            raise _error(
                "case_exists",
                "finding",
                "该问题线索已有办理中的问责案件",
                "an open case already exists for this finding",
            )
        case = m.AccountabilityCase.objects.create(
            organisation=organisation,
            finding=finding,
            rule=rule or "",
            summary=summary,
            opened_by=actor.user,
            opened_on=opened_on or timezone.localdate(),
        )
        case.persons.set(persons)
        audit_record(
            actor=actor,
            action=actions.CASE_OPEN,
            obj=case,
            org_id=organisation.pk,
            extra={"finding": finding, "rule": rule, "persons": [p.pk for p in persons]},
        )
    return case


def case_close(
    *,
    actor: Actor,
    case: m.AccountabilityCase,
    conclusion: str,
    closed_on: datetime.date | None = None,
) -> m.AccountabilityCase:
    _require_supervisor(actor)
    _check(actor, "supervise", case.organisation)
    conclusion = _text(conclusion, "conclusion", "办理结论")
    closed_on = closed_on or timezone.localdate()
    with transaction.atomic():
        case = m.AccountabilityCase.objects.select_for_update().get(pk=case.pk)
        if case.status != m.CaseStatus.OPEN:
            raise _error("case_closed", "status", "案件已办结", "the case is already closed")
        if closed_on < case.opened_on:
            raise _error(
                "closed_before_opened",
                "closed_on",
                "办结日期早于立案日期",
                "the closing date is before the opening date",
            )
        case.status = m.CaseStatus.CLOSED
        case.closed_on = closed_on
        case.conclusion = conclusion
        case.save(update_fields=["status", "closed_on", "conclusion"])
        audit_record(
            actor=actor,
            action=actions.CASE_CLOSE,
            obj=case,
            org_id=case.organisation_id,
            changes={"status": ["open", "closed"]},
        )
    return case
