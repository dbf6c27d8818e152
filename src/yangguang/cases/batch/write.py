"""Storing what a simulated batch changed: a few set-wise statements per table, then the
deadline sweep over the batch's open cases (judged by the clock once, after their last
event), the idempotency rows and the results."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max

from yangguang.audit.services import AuditRecord
from yangguang.cases import actions, alerts
from yangguang.cases.batch.sim import Outcome, Simulation
from yangguang.cases.common import CASE_DEADLINE_FIELDS, STEP_DEADLINE_FIELDS
from yangguang.cases.common import now as clock_now
from yangguang.cases.models import (
    Alert,
    Case,
    CaseNumberSequence,
    CaseStatus,
    Pause,
    Step,
)
from yangguang.cases.models_ingest import IngestedEvent
from yangguang.cases.models_penalty import PenaltyDecision
from yangguang.core import bulk

CASE_FIELDS = [
    "marking", "accepted_at", "paused_since", *CASE_DEADLINE_FIELDS, "status", "reasons",
    "finished_at", "finished_by",
]  # fmt: skip
INGESTED = ("source", "event_id", "kind", "case_id", "at", "received_at", "result")
STEP_FIELDS = ["status", "completed_at", "completed_by", "choice", "note", *STEP_DEADLINE_FIELDS]


def store(sim: Simulation) -> None:
    """Insert the new rows and update the changed ones (parents first: the new rows'
    keys are filled in from the objects they refer to)."""
    if sim.changed_sequences:
        CaseNumberSequence.objects.bulk_update(list(sim.changed_sequences.values()), ["last"])
    if sim.new_cases:
        bulk.insert(Case, sim.new_cases)
    if sim.changed_cases:
        Case.objects.bulk_update(list(sim.changed_cases.values()), CASE_FIELDS)
    if sim.new_steps:
        bulk.insert(Step, sim.new_steps)
    if sim.changed_steps:
        Step.objects.bulk_update(list(sim.changed_steps.values()), STEP_FIELDS)
    if sim.new_pauses:
        bulk.insert(Pause, sim.new_pauses)
    if sim.new_penalties:
        PenaltyDecision.objects.bulk_create(sim.new_penalties)
    if sim.changed_pauses:
        Pause.objects.bulk_update(list(sim.changed_pauses.values()), ["end"])
    if sim.new_alerts:
        for alert in sim.new_alerts:
            alert.scope = "case" if alert.step is None else f"step:{alert.step.pk}"
        # a sweep running meanwhile may have raised one of them: it stays as it is
        Alert.objects.bulk_create(sim.new_alerts, ignore_conflicts=True)


def sweep(outcomes: list[Outcome]) -> None:
    """Judge the batch's open cases by the clock (after their last event) and add what
    that raised to the last event of each case."""
    last_of: dict[int, Outcome] = {}
    latest = None
    for o in outcomes:
        last_of[o.case.pk] = o
        latest = o.at if latest is None or o.at > latest else latest
    open_ids = [pk for pk, o in last_of.items() if o.case.status == CaseStatus.OPEN]
    if not open_ids:
        return
    before = Alert.objects.aggregate(m=Max("pk"))["m"] or 0
    alerts.sweep(max(latest, clock_now()), case_ids=open_ids)
    for case_id, rule in (
        Alert.objects.filter(case_id__in=open_ids, pk__gt=before)
        .order_by("pk")
        .values_list("case_id", "rule")
    ):
        last_of[case_id].alerts.append(rule)


def _answer(o: Outcome) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answer to an accepted event and the result its idempotency row keeps."""
    case = o.case
    result: dict[str, Any] = {
        "case": case.number, "external_id": case.external_id, "alerts": o.alerts,
    }  # fmt: skip
    if o.warning:
        result["warning"] = o.warning
    stored = {**result, **{k: v for k, v in o.extra.items() if k != "query_code"}}
    return {**result, **o.extra}, stored


def results(
    outcomes: list[Outcome], *, source: str, received: datetime.datetime, stored: bool = False
) -> dict[int, dict[str, Any]]:
    """Each accepted event's answer (by ``id(outcome)``), with its idempotency row stored
    (``stored``: the rows are there already, written event by event, and are brought up
    to date with what the sweep added)."""
    out: dict[int, dict[str, Any]] = {}
    rows = []
    for o in outcomes:
        answer, kept = _answer(o)
        out[id(o)] = answer
        if not stored:
            rows.append((source, o.event_id, o.kind, o.case.pk, o.at, received, kept))
        elif len(o.alerts) != o.stored_alerts:
            IngestedEvent.objects.filter(source=source, event_id=o.event_id).update(result=kept)
    if rows:
        bulk.copy_values(IngestedEvent, INGESTED, rows)
    return out


def result_row(o: Outcome, *, source: str, received: datetime.datetime) -> None:
    """The idempotency row of one event, stored at once (the path after a clash: a
    concurrent writer's row with the same event id makes this the event's clash)."""
    _, kept = _answer(o)
    o.stored_alerts = len(o.alerts)
    bulk.copy_values(IngestedEvent, INGESTED, [(source, o.event_id, o.kind, o.case.pk, o.at,
                                                received, kept)])  # fmt: skip


def audit_records(outcomes: list[Outcome]) -> list[AuditRecord]:
    """The entries of the events' services (``cases.register``, ``cases.step_complete``,
    ``cases.finish``), one per accepted event that changed something (a pause event only
    confirms the clock stopped)."""
    records = []
    for o in outcomes:
        if o.audit is None:
            continue
        what, obj, changes, extra = o.audit
        case = o.case
        if what == "register":
            action, extra = actions.CASE_REGISTER, {"number": case.number, **extra}
        elif what == "step":
            action, extra = actions.STEP_COMPLETE, {"case": case.number, **extra}
        else:
            action, extra = actions.CASE_FINISH, {"case": case.number, **extra}
        records.append(
            AuditRecord(action, obj=obj, org_id=case.organisation_id, changes=changes, extra=extra)
        )
    return records
