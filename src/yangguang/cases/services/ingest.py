"""Case events pushed by other approval systems (the integration API), singly or in
batches.

Each event is a mapping with ``id`` (the source system's event id), ``type`` and ``at``
(ISO 8601 with a time zone), plus per type:

* ``create``: ``case`` (the source system's case id, kept as the case's external id),
  ``power`` (power code), ``org`` (organisation code, when the power code is not unique
  in the caller's scope), ``applicant``, optional ``subject``, ``contact``,
  ``received_by`` (login), ``choices`` (flow ids);
* ``step``: ``case``, ``task`` (task id of the flowchart, or its name), ``by`` (login),
  optional ``post`` (post code: must be the task's post), ``choices``, ``note``; at the
  决定 step of a penalty case also ``grade`` (slight, ordinary, serious, grave),
  ``amount`` (the fine in yuan, 0 for none) and, for a fine outside the discretion
  benchmark, ``deviation_reason`` (``cases.penalty``);
* ``pause``: ``case``, optional ``task``: the case must stand at one of the flowchart's
  pause tasks (补正, 听证, 检验, 鉴定, 专家评审), which the step leading there opened;
  the clock stopped then. A pause where the flowchart has none is refused;
* ``resume``: ``case``, optional ``task``, ``by``, ``choices``: completes the open pause
  task (the clock runs again);
* ``finish``: ``case``, ``outcome`` (approved/refused/withdrawn), ``reasons``.

Every event gets the checks of the case services, from the same code
(``yangguang.cases.batch.sim``, which ``case_register``, ``step_complete`` and
``case_finish`` run as batches of one): an accepted event is kept with its
``IngestedEvent`` row, a rejected one leaves nothing behind. A batch is applied set-wise
(``yangguang.cases.batch``); when a concurrent writer clashes with it, it is taken back and
applied again event by event, each event a batch of one in its own savepoint. Either
way the checks tied to an event (a step or an acceptance done late, a late or
unreasoned finish, a deadline the calendar cannot give) are made at the event's own
time, and each case still open is judged by the clock once, after its last event of
the batch (the clock reads the time being replayed under ``cases.common.replaying``):
a history pushed after the fact is judged as it ended, not by its intermediate states.
Results, in order: ``accepted`` (with the case number and the alerts raised),
``duplicate`` (the event id was accepted before: its earlier result, nothing applied) or
``rejected`` (code, field, message in Chinese and English). One audit entry per batch
(``cases.ingest``) lists the events accepted and rejected, on top of each event's own
entry (the one its service writes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from yangguang.audit.actions import action
from yangguang.audit.services import AuditRecord, audit_record_many
from yangguang.cases import batch
from yangguang.cases.batch import parse
from yangguang.cases.common import error, text
from yangguang.core.context import Actor

INGEST = action("cases.ingest", "接入办件事件", "Ingest case events")
KINDS, MAX_BATCH = parse.KINDS, parse.MAX_BATCH


def events_ingest(
    *, actor: Actor, source: str, events: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Apply events from another system (see the module docstring); returns one result
    per event, in order. Idempotent per (``source``, event ``id``). Set-wise
    (``yangguang.cases.batch``); event by event (each a batch of one) when a concurrent
    writer got to one of the batch's rows first, judged the same way."""
    source = text(source, "source", "来源系统", limit=100)
    if not isinstance(events, Sequence) or isinstance(events, str | bytes):
        raise error("events", "events", "事件须为列表", "events must be a list")
    if len(events) > MAX_BATCH:
        raise error(
            "batch_too_large",
            "events",
            f"每批最多 {MAX_BATCH} 个事件",
            f"at most {MAX_BATCH} events per batch",
        )
    received = timezone.now()
    with batch.collector_held(), transaction.atomic():
        try:
            with transaction.atomic():
                results, records = batch.run(
                    actor=actor, source=source, events=events, received=received
                )
        except batch.Fallback:
            results, records = batch.run(
                actor=actor, source=source, events=events, received=received, each=True
            )
        if results:
            by_status: dict[str, list[str]] = {}
            for r in results:
                by_status.setdefault(r["status"], []).append(r["id"])
            records.append(
                AuditRecord(
                    INGEST,
                    object_type="cases.ingest",
                    object_id=source[:64],
                    extra={"source": source, "received_at": received.isoformat(), **by_status},
                )
            )
            audit_record_many(actor=actor, records=records)
    return results
