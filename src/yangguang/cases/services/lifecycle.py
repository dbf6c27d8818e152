"""Registering a case, completing its steps (the token game), finishing it.

Each service is a batch of one through the machinery of pushed events
(``yangguang.cases.batch``): it reads and locks what the event touches (``World``),
applies the event in memory with the checks of ``batch/sim.py`` (the one place they
are written), stores the changes, judges the case by the clock after the event (the
set-wise sweep, for this case; under ``cases.common.replaying`` the clock reads the time
replayed) and writes its audit entry, all in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from yangguang.accounts.models import User
from yangguang.audit.services import audit_record_many
from yangguang.cases import penalty
from yangguang.cases.batch import write
from yangguang.cases.batch.sim import Outcome, Simulation
from yangguang.cases.common import error, moment, require_open, text
from yangguang.cases.models import Case, Channel, Step, StepStatus
from yangguang.cases.outcomes import OUTCOMES
from yangguang.core.context import Actor
from yangguang.powers.models import PowerItem
from yangguang.workdays.core import SHANGHAI

__all__ = ["OUTCOMES", "case_finish", "case_register", "step_complete"]


def _settle(actor: Actor, sim: Simulation, outcome: Outcome) -> None:
    """Store what the event changed, judge its case by the clock, write its entry."""
    write.store(sim)
    write.sweep([outcome])
    audit_record_many(actor=actor, records=write.audit_records([outcome]))


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
    contact = text(applicant_contact, "applicant_contact", "联系方式", required=False, limit=100)
    subject = text(subject, "subject", "申请事项", required=False, limit=300)
    power = PowerItem.objects.select_related("power_list__organisation").get(pk=power.pk)
    year = at.astimezone(SHANGHAI).year
    with transaction.atomic():
        sim = Simulation.for_power(
            actor, power, year, people=[received_by], external_id=external_id
        )
        outcome = sim.register(
            "", power, at=at, applicant=applicant, subject=subject, contact=contact,
            received_by=received_by, choices=list(choices), external_id=external_id,
            channel=channel,
        )  # fmt: skip
        _settle(actor, sim, outcome)
    case = outcome.case
    case.query_code = outcome.extra["query_code"]
    return case


def step_complete(
    *,
    actor: Actor,
    step: Step | int,
    by: User | None = None,
    at: datetime.datetime | None = None,
    choices: Iterable[str] = (),
    note: str = "",
    grade: str | None = None,
    amount: Decimal | int | str | None = None,
    deviation_reason: str = "",
) -> Step:
    """Complete an open step: by a person holding its post at that time, not against a
    separation of duties, with a branch chosen at each exclusive gateway that follows
    (``choices``: flow ids). The 决定 step of a penalty case records the circumstance
    ``grade`` and the fine ``amount`` (yuan), checked against the discretion benchmark in
    force; a fine outside it needs ``deviation_reason`` and raises the
    ``benchmark_deviation`` alert (``cases.penalty``). The case row is locked, so of two
    concurrent attempts one completes the step and the other is refused. Opens the steps
    that follow."""
    at = moment(at, "at")
    step_id = step.pk if isinstance(step, Step) else step
    with transaction.atomic():
        case_id = Step.objects.filter(pk=step_id).values_list("case_id", flat=True).first()
        if case_id is None:
            raise error("unknown_step", "step", "办理环节不存在", "no such step")
        by = by or actor.user
        sim = Simulation.for_case(actor, case_id, people=[by])
        case = sim.by_pk.get(case_id)
        if case is None:  # deleted meanwhile
            raise error("unknown_case", "case", "办件不存在", "no such case")
        sim.require_operate(case)
        require_open(case)
        step = next(s for s in case._b_steps if s.pk == step_id)
        if step.status != StepStatus.OPEN:
            raise error(
                "step_done",
                "step",
                f"「{step.name}」已由他人办理或已终止",
                f"\u201c{step.name}\u201d has already been completed or cancelled",
            )
        if by is None:
            raise error("by_required", "by", "须指明办理人", "the person who did it is required")
        fine = penalty.input_of(
            {"grade": grade, "amount": amount, "deviation_reason": deviation_reason}
        )
        outcome = sim.complete_step(
            "", case, step, by=by, at=at, choices=choices, note=note, fine=fine
        )
        _settle(actor, sim, outcome)
    return step


def case_finish(
    *,
    actor: Actor,
    case: Case | int,
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
    case_id = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        sim = Simulation.for_case(actor, case_id)
        found = sim.by_pk.get(case_id)
        if found is None:
            raise error("unknown_case", "case", "办件不存在", "no such case")
        done = sim.finish_case("", found, outcome=outcome, reasons=reasons, at=at, strict=strict)
        _settle(actor, sim, done)
    return found
