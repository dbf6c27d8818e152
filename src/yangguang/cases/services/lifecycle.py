"""Registering a case, completing its steps (the token game), finishing it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record
from yangguang.cases import actions, alerts
from yangguang.cases.common import (
    before_activation,
    case_late,
    engine_of,
    error,
    format_number,
    locked_case,
    moment,
    new_query_code,
    no_published_process,
    post_required,
    query_hash,
    refresh_deadlines,
    require,
    require_open,
    sod_breach,
    steps_open,
    text,
)
from yangguang.cases.common import (
    now as clock_now,
)
from yangguang.cases.models import (
    Case,
    CaseNumberSequence,
    CaseStatus,
    Channel,
    Pause,
    Rule,
    Step,
    StepStatus,
)
from yangguang.core.context import Actor
from yangguang.flows.compiled import CompiledProcess
from yangguang.flows.models import ProcessModel, ProcessStatus
from yangguang.orgs.models import PostHolding
from yangguang.powers.models import PowerItem
from yangguang.workdays.core import SHANGHAI

# --- numbers and query codes ------------------------------------------------------------


def _next_number(org, power: PowerItem, at: datetime.datetime) -> str:
    """The next number of ``org`` in the year of ``at`` (Asia/Shanghai), from a row locked
    until the transaction ends: gap-free (a rolled-back case gives its number back) and
    safe under concurrency."""
    year = at.astimezone(SHANGHAI).year
    CaseNumberSequence.objects.get_or_create(organisation=org, year=year)
    seq = CaseNumberSequence.objects.select_for_update().get(organisation=org, year=year)
    number = format_number(org, power, year, seq.last + 1)
    seq.last += 1
    seq.save(update_fields=["last"])
    return number


# --- steps ----------------------------------------------------------------------------


def _activate(
    case: Case, compiled: CompiledProcess, tasks: Iterable[str], at: datetime.datetime
) -> list[Step]:
    """Open a step for each task that received a token (a new occurrence in a loop)."""
    tasks = list(tasks)
    if not tasks:
        return []
    last = dict(
        Step.objects.filter(case=case, node_key__in=tasks)
        .values("node_key")
        .annotate(n=Max("occurrence"))
        .values_list("node_key", "n")
    )
    rows = []
    for key in tasks:
        node = compiled.nodes[key]
        last[key] = last.get(key, 0) + 1
        step = Step(
            case=case, organisation_id=case.organisation_id, node_key=key,
            name=node.label[:100], occurrence=last[key], post_id=node.post_id,
            pauses_clock=node.pauses_clock, activated_at=at, limit_days=node.limit or None,
            limit_unit=node.limit_unit,
        )  # fmt: skip
        rows.append(step)
    for row in rows:
        row.save()
        if row.pauses_clock:
            Pause.objects.create(case=case, step=row, kind=row.name, begin=at)
    if any(r.pauses_clock for r in rows) and case.paused_since is None:
        case.paused_since = at
        case.save(update_fields=["paused_since"])
    return rows


def _arrival(case: Case, now: datetime.datetime, unknown) -> list[str]:
    """Alerts for the event just applied: unknown deadlines, then whatever the sweep
    would raise for this case now (an event arriving late is judged by the clock)."""
    raised = []
    for scope, row in unknown:
        a = alerts.raise_alert(
            case, Rule.DEADLINE_UNKNOWN, now=now, scope=scope,
            step=row if isinstance(row, Step) else None,
        )  # fmt: skip
        if a:
            raised.append(a.rule)
    for rule, n in alerts.sweep(max(now, clock_now()), case_id=case.pk).items():
        raised += [rule] * n
    return raised


def case_register(
    *,
    actor: Actor,
    power: PowerItem,
    applicant: str,
    channel: str = Channel.WINDOW,
    subject: str = "",
    applicant_contact: str = "",
    at: datetime.datetime | None = None,
    received_by: User | None = None,
    choices: Iterable[str] = (),
    external_id: str = "",
) -> Case:
    """Open a case for a published power on its current published process model. The
    person who receives it (``received_by``, default the acting person) is its first
    responsible (首问负责). The query code is set on the returned case as
    ``case.query_code`` (shown once; only its hash is stored)."""
    at = moment(at, "at")
    applicant = text(applicant, "applicant", "申请人", limit=200)
    if channel not in Channel.values:
        raise error("channel", "channel", "受理渠道无效", "unknown channel")
    power = PowerItem.objects.select_related("power_list__organisation").get(pk=power.pk)
    org = power.power_list.organisation
    require(actor, "operate", org)
    process = (
        ProcessModel.objects.filter(power=power, status=ProcessStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    if process is None:
        raise no_published_process(power)
    compiled, engine = engine_of(process)
    fired = engine.initial(choices)
    responsible = received_by or actor.user
    with transaction.atomic():
        number = _next_number(org, power, at)
        code = new_query_code()
        case = Case.objects.create(
            number=number, query_hash=query_hash(number, code), external_id=external_id,
            organisation=org, power=power, process=process, applicant=applicant,
            applicant_contact=text(applicant_contact, "applicant_contact", "联系方式",
                                   required=False, limit=100),
            subject=text(subject, "subject", "申请事项", required=False, limit=300),
            channel=channel, registered_at=at, registered_by=actor.user,
            responsible=responsible, marking=fired.marking,
            promised_limit=process.promised_limit, statutory_limit=process.statutory_limit,
        )  # fmt: skip
        steps = _activate(case, compiled, fired.enabled, at)
        unknown = refresh_deadlines(case, steps)
        raised = _arrival(case, at, unknown)
        audit_record(
            actor=actor,
            action=actions.CASE_REGISTER,
            obj=case,
            org_id=org.pk,
            extra={
                "number": number, "power": power.code, "process": process.pk,
                "version": process.version, "channel": channel, "at": at.isoformat(),
                "responsible": responsible.pk if responsible else None,
                "steps": [s.node_key for s in steps], "alerts": raised,
            },
        )  # fmt: skip
    case.query_code = code
    return case


def _holds_post(user: User, post_id: int, at: datetime.datetime) -> bool:
    day = at.astimezone(SHANGHAI).date()
    return (
        PostHolding.objects.filter(post_id=post_id, user=user, start__lte=day)
        .exclude(end__lt=day)
        .exists()
    )


def _check_sod(case: Case, compiled: CompiledProcess, step: Step, user: User) -> None:
    tasks = {t for g in compiled.sod_groups if step.node_key in g.tasks for t in g.tasks}
    if not tasks:
        return
    done = Step.objects.filter(
        case=case, node_key__in=tasks, completed_by=user, status=StepStatus.DONE
    ).order_by("activated_at", "pk")
    sod_breach(compiled, step, user, done)


def step_complete(
    *,
    actor: Actor,
    step: Step | int,
    by: User | None = None,
    at: datetime.datetime | None = None,
    choices: Iterable[str] = (),
    note: str = "",
) -> Step:
    """Complete an open step: by a person holding its post at that time, not against a
    separation of duties, with a branch chosen at each exclusive gateway that follows
    (``choices``: flow ids). The case row is locked, so of two concurrent attempts one
    completes the step and the other is refused. Opens the steps that follow."""
    at = moment(at, "at")
    step_id = step.pk if isinstance(step, Step) else step
    choices = [c for c in choices if c]
    with transaction.atomic():
        row = Step.objects.filter(pk=step_id).values_list("case_id", flat=True).first()
        if row is None:
            raise error("unknown_step", "step", "办理环节不存在", "no such step")
        case = locked_case(row)
        require(actor, "operate", case.organisation)
        require_open(case)
        step = Step.objects.get(pk=step_id)
        if step.status != StepStatus.OPEN:
            raise error(
                "step_done",
                "step",
                f"「{step.name}」已由他人办理或已终止",
                f"\u201c{step.name}\u201d has already been completed or cancelled",
            )
        by = by or actor.user
        if by is None:
            raise error("by_required", "by", "须指明办理人", "the person who did it is required")
        if at < step.activated_at:
            raise before_activation()
        if step.post_id is None or not _holds_post(by, step.post_id, at):
            raise post_required(by, step.name)
        compiled, engine = engine_of(case.process)
        _check_sod(case, compiled, step, by)
        fired = engine.fire(case.marking, step.node_key, choices)
        step.status = StepStatus.DONE
        step.completed_at, step.completed_by = at, by
        step.choice = ",".join(fired.chosen)[:300]
        step.note = note
        step.save(update_fields=["status", "completed_at", "completed_by", "choice", "note"])
        case.marking = fired.marking
        fields = ["marking"]
        raised = []
        if case.accepted_at is None:
            case.accepted_at = at
            fields.append("accepted_at")
            if case.acceptance_deadline and at > case.acceptance_deadline:
                a = alerts.raise_alert(
                    case, Rule.ACCEPTANCE_LATE, now=at, deadline=case.acceptance_deadline
                )
                raised += [a.rule] if a else []
        resumed = False
        if step.pauses_clock:
            Pause.objects.filter(step=step, end__isnull=True).update(end=at)
            still = Pause.objects.filter(case=case, end__isnull=True).exists()
            if not still:
                case.paused_since = None
                fields.append("paused_since")
                resumed = True
        case.save(update_fields=fields)
        new = _activate(case, compiled, fired.enabled, at)
        unknown = refresh_deadlines(case)
        if step.deadline and at > step.deadline and not case_late(case, at):
            a = alerts.raise_alert(
                case, Rule.STEP_LATE, now=at, step=step, deadline=step.deadline,
                limit_days=step.limit_days,
            )  # fmt: skip
            raised += [a.rule] if a else []
        raised += _arrival(case, at, unknown)
        audit_record(
            actor=actor,
            action=actions.STEP_COMPLETE,
            obj=step,
            org_id=case.organisation_id,
            extra={
                "case": case.number, "task": step.node_key, "occurrence": step.occurrence,
                "by": by.pk, "post": step.post_id, "at": at.isoformat(),
                "chosen": list(fired.chosen), "opened": [s.node_key for s in new],
                "ended": fired.ended, "resumed": resumed, "alerts": raised,
            },
        )  # fmt: skip
    return step


OUTCOMES = (CaseStatus.APPROVED, CaseStatus.REFUSED, CaseStatus.WITHDRAWN)


def case_finish(
    *,
    actor: Actor,
    case: Case,
    outcome: str,
    reasons: str = "",
    at: datetime.datetime | None = None,
    strict: bool = True,
) -> Case:
    """End a case: approved (only once the flowchart has reached its end), refused (with
    reasons; refused at any point, open steps are cancelled) or withdrawn. ``strict=False``
    (events imported from other systems) records a refusal without reasons and raises the
    "refused without reasons" alert instead of refusing it. A case finished after its
    promised or statutory limit gets its yellow or red card now."""
    at = moment(at, "at")
    if outcome not in OUTCOMES:
        raise error("outcome", "outcome", "办结结果无效", "unknown outcome")
    reasons = (reasons or "").strip()
    if outcome == CaseStatus.REFUSED and not reasons and strict:
        raise error(
            "reasons_required",
            "reasons",
            "不予许可/不予办理必须说明理由",
            "a refusal must state its reasons",
        )
    with transaction.atomic():
        case = locked_case(case)
        require(actor, "operate", case.organisation)
        require_open(case)
        if at < case.registered_at:
            raise error("before_registration", "at", "办结时间早于登记时间", "before registration")
        if outcome == CaseStatus.APPROVED and case.marking:
            open_names = "、".join(
                Step.objects.filter(case=case, status=StepStatus.OPEN).values_list(
                    "name", flat=True
                )
            )
            raise steps_open(open_names)
        cancelled = Step.objects.filter(case=case, status=StepStatus.OPEN).update(
            status=StepStatus.CANCELLED
        )
        Pause.objects.filter(case=case, end__isnull=True).update(end=at)
        raised = []
        # late finishing: the cards are raised now (the sweep only sees open cases)
        if case.promised_deadline and at > case.promised_deadline:
            a = alerts.raise_alert(
                case, Rule.YELLOW_CARD, now=at, deadline=case.promised_deadline,
                limit_days=case.promised_limit,
            )  # fmt: skip
            raised += [a.rule] if a else []
        if case.statutory_deadline and at > case.statutory_deadline:
            a = alerts.raise_alert(
                case, Rule.RED_CARD, now=at, deadline=case.statutory_deadline,
                limit_days=case.statutory_limit,
            )  # fmt: skip
            raised += [a.rule] if a else []
        if outcome == CaseStatus.REFUSED and not reasons:
            a = alerts.raise_alert(case, Rule.NO_REASONS, now=at)
            raised += [a.rule] if a else []
        case.status, case.reasons, case.finished_at = outcome, reasons, at
        case.finished_by = actor.user
        case.paused_since = None
        case.marking = {}
        case.save(
            update_fields=["status", "reasons", "finished_at", "finished_by", "paused_since",
                           "marking"]
        )  # fmt: skip
        audit_record(
            actor=actor,
            action=actions.CASE_FINISH,
            obj=case,
            org_id=case.organisation_id,
            changes={"status": [CaseStatus.OPEN.value, outcome]},
            extra={
                "case": case.number, "at": at.isoformat(), "reasons": reasons,
                "cancelled_steps": cancelled, "alerts": raised,
            },
        )  # fmt: skip
    return case
