"""Carrying out decisions (决定事项办理), overdue alerts, and the payments and
appointments recorded elsewhere that the checks match against decisions."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import PermissionDeniedError
from yangguang.meetings import actions
from yangguang.meetings import models as m
from yangguang.meetings.services._base import _amount, _check, _choice, _error, _text
from yangguang.orgs.models import Organisation


def task_assign(
    *, actor: Actor, topic: m.Topic, owner: User, description: str, due: datetime.date
) -> m.DecisionTask:
    """An owner and a due date for carrying out a passed decision."""
    topic = m.Topic.objects.select_related("meeting__organisation").get(pk=topic.pk)
    meeting = topic.meeting
    _check(actor, "operate", meeting.organisation)
    description = _text(description, "description", "办理事项")
    if owner is None:
        raise _error("required", "owner", "请填写责任人", "owner is required")
    if topic.status != m.TopicStatus.DECIDED or topic.outcome != m.Outcome.PASSED:
        raise _error(
            "topic_not_passed",
            "topic",
            "只有已通过的决定事项才能交办",
            "only a passed decision can be assigned for execution",
        )
    held_on = timezone.localdate(meeting.held_at)
    if due < held_on:
        raise _error(
            "due_before_meeting",
            "due",
            f"办结期限 {due} 早于会议日期 {held_on}",
            f"the due date {due} is before the meeting ({held_on})",
        )
    with transaction.atomic():
        task = m.DecisionTask.objects.create(
            topic=topic, owner=owner, description=description, due=due
        )
        audit_record(
            actor=actor,
            action=actions.TASK_ASSIGN,
            obj=task,
            org_id=meeting.organisation_id,
            extra={"topic": topic.pk, "owner": owner.pk, "due": due},
        )
    return task


def progress_record(
    *,
    actor: Actor,
    task: m.DecisionTask,
    on: datetime.date,
    note: str,
    done: bool = False,
) -> m.ProgressUpdate:
    """A progress note; ``done`` closes the task."""
    meeting = task.topic.meeting
    _check(actor, "operate", meeting.organisation)
    note = _text(note, "note", "办理进展")
    held_on = timezone.localdate(meeting.held_at)
    if on < held_on:
        raise _error(
            "progress_before_meeting",
            "on",
            f"进展日期 {on} 早于会议日期 {held_on}",
            f"the progress date {on} is before the meeting ({held_on})",
        )
    with transaction.atomic():
        task = m.DecisionTask.objects.select_for_update().get(pk=task.pk)
        if task.status == m.TaskStatus.DONE:
            raise _error("task_done", "task", "该事项已办结", "the task is already done")
        update = m.ProgressUpdate.objects.create(task=task, on=on, note=note, by=actor.user)
        if done:
            task.status = m.TaskStatus.DONE
            task.done_on = on
            task.save(update_fields=["status", "done_on"])
        audit_record(
            actor=actor,
            action=actions.PROGRESS_RECORD,
            obj=update,
            org_id=meeting.organisation_id,
            extra={"task": task.pk, "on": on, "done": bool(done)},
        )
    return update


def overdue_alerts_raise(*, actor: Actor, on: datetime.date | None = None) -> list[m.OverdueAlert]:
    """Raise an alert, once, for every open task past its due date (set-wise: one query
    to find them, one insert, one audit entry listing them; nothing written when none)."""
    if actor.kind != "system" and access.role_of(actor.user) != Role.SYSADMIN:
        raise PermissionDeniedError()
    from yangguang.meetings.selectors import overdue_tasks

    on = on or timezone.localdate()
    with transaction.atomic():
        due = list(overdue_tasks(on).filter(alert__isnull=True).select_for_update(of=("self",)))
        if not due:
            return []
        alerts = m.OverdueAlert.objects.bulk_create(
            [m.OverdueAlert(task=t, raised_on=on) for t in due]
        )
        audit_record(
            actor=actor,
            action=actions.ALERTS_RAISE,
            object_type="meetings.overduealert",
            object_id=on.isoformat(),
            extra={"on": on, "tasks": [t.pk for t in due]},
        )
    return alerts


def recorded_action_create(
    *,
    actor: Actor,
    kind: str,
    organisation: Organisation,
    on: datetime.date,
    reference: str,
    amount=None,
    person: User | None = None,
    description: str = "",
    decision: m.Topic | None = None,
) -> m.RecordedAction:
    """Record a payment (amount) or an appointment (person) made by the organisation;
    ``decision`` links it to the passed topic that authorised it, when known."""
    _check(actor, "operate", organisation)
    _choice(kind, m.ActionKind, "kind", "类别")
    reference = _text(reference, "reference", "凭证/文号")
    amount = _amount(amount)
    if kind == m.ActionKind.PAYMENT and amount is None:
        raise _error("required", "amount", "资金支付须填写金额", "a payment needs an amount")
    if kind == m.ActionKind.APPOINTMENT and person is None:
        raise _error("required", "person", "干部任用须填写人员", "an appointment needs a person")
    if decision is not None and (
        decision.meeting.organisation_id != organisation.pk or decision.outcome != m.Outcome.PASSED
    ):
        raise _error(
            "decision_invalid",
            "decision",
            "关联的决定须为本单位已通过的议题",
            "the linked decision must be a passed topic of the same organisation",
        )
    with transaction.atomic():
        row = m.RecordedAction.objects.create(
            kind=kind,
            organisation=organisation,
            on=on,
            reference=reference,
            amount=amount if kind == m.ActionKind.PAYMENT else None,
            person=person if kind == m.ActionKind.APPOINTMENT else None,
            description=description or "",
            decision=decision,
        )
        audit_record(
            actor=actor,
            action=actions.RECORDED_ACTION_CREATE,
            obj=row,
            org_id=organisation.pk,
            extra={"kind": kind, "amount": row.amount, "person": person and person.pk, "on": on},
        )
    return row
