"""Supervision: rule settings, the deadline sweep, and the correction workflow (纠错) of
alerts: confirmed (when a rule needs an inspector's confirmation) → explained and
corrected by the department → reviewed by an inspector, closed or escalated to
accountability (问责, a ``meetings.AccountabilityCase``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record
from yangguang.cases import actions, alerts
from yangguang.cases.common import error, require, text
from yangguang.cases.models import Alert, AlertStatus, Rule, SupervisionRule
from yangguang.core.context import Actor
from yangguang.orgs.models import Organisation
from yangguang.powers.models import PowerItem


def supervision_rule_set(
    *,
    actor: Actor,
    organisation: Organisation,
    rule: str,
    power: PowerItem | None = None,
    enabled: bool = True,
    automatic: bool = True,
    threshold: int | None = None,
) -> SupervisionRule:
    """Set a rule for an organisation (all its powers) or one of its powers."""
    if rule not in Rule.values:
        raise error("rule", "rule", "监察规则无效", "unknown rule")
    if threshold is not None and (not isinstance(threshold, int) or threshold < 0):
        raise error("threshold", "threshold", "阈值须为非负整数", "a non-negative whole number")
    if power is not None and power.power_list.organisation_id != organisation.pk:
        raise error("power", "power", "事项不属于该单位", "the power is not this organisation's")
    require(actor, "supervise", organisation)
    with transaction.atomic():
        row = (
            SupervisionRule.objects.select_for_update()
            .filter(rule=rule, organisation=organisation, power=power)
            .order_by("pk")
            .first()
        )
        before = None if row is None else [row.enabled, row.automatic, row.threshold]
        if row is None:
            row = SupervisionRule(rule=rule, organisation=organisation, power=power)
        row.enabled, row.automatic, row.threshold = enabled, automatic, threshold
        row.save()
        audit_record(
            actor=actor,
            action=actions.RULE_SET,
            obj=row,
            org_id=organisation.pk,
            changes={"setting": [before, [enabled, automatic, threshold]]},
            extra={"rule": rule, "power": power.pk if power else None},
        )
    return row


def supervision_sweep(*, actor: Actor, now: datetime.datetime | None = None) -> dict[str, int]:
    """Evaluate the deadlines of all open cases and steps set-wise and raise the alerts
    due (each once). One audit entry when it raised any. Returns new alerts per rule."""
    now = now or timezone.now()
    if now.tzinfo is None:
        raise error("naive_datetime", "now", "时间必须带时区", "the time must carry a time zone")
    with transaction.atomic():
        counts = alerts.sweep(now)
        if counts:
            audit_record(
                actor=actor,
                action=actions.SWEEP,
                object_type="cases.alert",
                object_id="sweep",
                extra={"now": now.isoformat(), "raised": counts},
            )
    return counts


def _locked_alert(alert: Alert, *statuses: str) -> Alert:
    row = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=alert.pk)
        .order_by("pk")
        .first()
    )
    if row is None:
        raise error("unknown_alert", "alert", "预警不存在", "no such alert")
    if statuses and row.status not in statuses:
        raise error(
            "alert_state",
            "alert",
            f"该预警当前状态为「{row.get_status_display()}」, 不能执行此操作",
            f"the alert is {row.status}; this action is not possible now",
        )
    return row


def _move(actor: Actor, alert: Alert, action, before: str, **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=alert,
        org_id=alert.organisation_id,
        changes={"status": [before, alert.status]},
        extra={"case": alert.case.number, "rule": alert.rule, **extra},
    )


def alert_confirm(*, actor: Actor, alert: Alert) -> Alert:
    """An inspector confirms an alert of a rule that needs confirmation."""
    with transaction.atomic():
        alert = _locked_alert(alert, AlertStatus.PENDING)
        require(actor, "supervise", alert.organisation)
        alert.status = AlertStatus.OPEN
        alert.save(update_fields=["status"])
        _move(actor, alert, actions.ALERT_CONFIRM, AlertStatus.PENDING)
    return alert


#: the states an inspector may still withdraw an alert from (and assign it in)
WITHDRAWABLE = (AlertStatus.PENDING, AlertStatus.OPEN, AlertStatus.EXPLAINED)


def alert_withdraw(*, actor: Actor, alert: Alert, reason: str) -> Alert:
    """An inspector withdraws an alert still open (awaiting confirmation, awaiting
    correction or explained; say, a card caused by a calendar error), with the reason.
    A withdrawn alert (已撤销) no longer counts in the scores; the trail keeps the alert's
    earlier entries and this one."""
    reason = text(reason, "reason", "撤回理由", limit=2000)
    with transaction.atomic():
        alert = _locked_alert(alert, *WITHDRAWABLE)
        require(actor, "supervise", alert.organisation)
        before = alert.status
        alert.status, alert.review = AlertStatus.DISMISSED, reason
        alert.reviewed_by, alert.reviewed_at = actor.user, timezone.now()
        alert.save(update_fields=["status", "review", "reviewed_by", "reviewed_at"])
        _move(actor, alert, actions.ALERT_WITHDRAW, before, reason=reason)
    return alert


def _colleague(assignee: User | None, alert: Alert) -> User:
    """``assignee`` if an active inspector whose jurisdiction covers the alert."""
    from yangguang.accounts.roles import Role
    from yangguang.core import access

    if not isinstance(assignee, User):
        raise error("unknown_user", "username", "没有该账号", "no such account")
    if (
        not assignee.is_active
        or access.role_of(assignee) != Role.INSPECTOR
        or not access.can_in_org(assignee, "supervise", alert.organisation)
    ):
        raise error(
            "assignee_not_inspector",
            "username",
            f"{assignee.full_name or assignee.get_username()} 不是负责该单位的纪检监察人员, "
            "不能指派",
            f"{assignee.get_username()} is not a discipline inspector covering this "
            "organisation and cannot be assigned the alert",
        )
    return assignee


def alert_assign(*, actor: Actor, alert: Alert, assignee: User | None) -> Alert:
    """An inspector assigns an open alert to a colleague (an active inspector whose
    jurisdiction covers the alert's organisation), who then follows it up."""
    with transaction.atomic():
        alert = _locked_alert(alert, *WITHDRAWABLE)
        require(actor, "supervise", alert.organisation)
        assignee = _colleague(assignee, alert)
        if alert.assignee_id == assignee.pk:
            raise error(
                "already_assigned",
                "username",
                f"该预警已指派给 {assignee.full_name or assignee.get_username()}",
                "the alert is assigned to this person already",
            )
        before = alert.assignee_id
        alert.assignee, alert.assigned_at = assignee, timezone.now()
        alert.save(update_fields=["assignee", "assigned_at"])
        audit_record(
            actor=actor,
            action=actions.ALERT_ASSIGN,
            obj=alert,
            org_id=alert.organisation_id,
            changes={"assignee": [before, assignee.pk]},
            extra={"case": alert.case.number, "rule": alert.rule, "assignee": assignee.pk},
        )
    return alert


def alert_explain(*, actor: Actor, alert: Alert, explanation: str, correction: str) -> Alert:
    """The department explains what happened and how it was corrected."""
    explanation = text(explanation, "explanation", "情况说明", limit=4000)
    correction = text(correction, "correction", "纠正措施", limit=4000)
    with transaction.atomic():
        alert = _locked_alert(alert, AlertStatus.OPEN)
        require(actor, "operate", alert.organisation)
        alert.status = AlertStatus.EXPLAINED
        alert.explanation, alert.correction = explanation, correction
        alert.explained_by, alert.explained_at = actor.user, timezone.now()
        alert.save(
            update_fields=["status", "explanation", "correction", "explained_by", "explained_at"]
        )
        _move(actor, alert, actions.ALERT_EXPLAIN, AlertStatus.OPEN)
    return alert


def alert_close(*, actor: Actor, alert: Alert, review: str) -> Alert:
    """An inspector accepts the explanation and correction and closes the alert."""
    review = text(review, "review", "审核意见", limit=4000)
    with transaction.atomic():
        alert = _locked_alert(alert, AlertStatus.EXPLAINED)
        require(actor, "supervise", alert.organisation)
        alert.status, alert.review = AlertStatus.CLOSED, review
        alert.reviewed_by, alert.reviewed_at = actor.user, timezone.now()
        alert.save(update_fields=["status", "review", "reviewed_by", "reviewed_at"])
        _move(actor, alert, actions.ALERT_CLOSE, AlertStatus.EXPLAINED)
    return alert


def alert_escalate(
    *, actor: Actor, alert: Alert, review: str, persons: Iterable[User] = ()
) -> Alert:
    """An inspector escalates an alert (open or explained) to accountability: opens a
    ``meetings`` accountability case (its own audit entry) and links it."""
    from yangguang.meetings.services import case_open

    review = text(review, "review", "问责理由", limit=4000)
    with transaction.atomic():
        alert = _locked_alert(alert, AlertStatus.OPEN, AlertStatus.EXPLAINED)
        require(actor, "supervise", alert.organisation)
        persons = list(persons) or ([alert.responsible] if alert.responsible_id else [])
        before = alert.status
        acc = case_open(
            actor=actor,
            organisation=alert.organisation,
            finding=f"cases.alert:{alert.pk}",
            rule=alert.rule,
            summary=f"办件 {alert.case.number}: {alert.get_rule_display()}。{review}",
            persons=persons,
        )
        alert.status, alert.review, alert.accountability = AlertStatus.ESCALATED, review, acc
        alert.reviewed_by, alert.reviewed_at = actor.user, timezone.now()
        alert.save(
            update_fields=["status", "review", "accountability", "reviewed_by", "reviewed_at"]
        )
        _move(actor, alert, actions.ALERT_ESCALATE, before, accountability=acc.pk)
    return alert
