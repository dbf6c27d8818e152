"""The set-wise path of the integration API: a batch of case events checked and applied
in memory (``sim.py``, on the objects ``world.py`` loads with a fixed number of queries),
then stored with a few statements per table (``write.py``). It gives the answers the
event-by-event path gives (the same checks, in the same order, with the same messages),
at thousands of events per second instead of tens.

``run`` raises ``Fallback`` (with everything it wrote taken back by its savepoint) when a
concurrent writer got to a row first (a case or an event id stored meanwhile): the
caller then applies the batch event by event, which settles each such event on its own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, transaction

from yangguang.audit.services import AuditRecord
from yangguang.cases.batch import write
from yangguang.cases.batch.sim import Fallback, Outcome, Simulation
from yangguang.cases.common import error
from yangguang.cases.models_ingest import IngestedEvent
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError

__all__ = ["Fallback", "collector_held", "event_id_of", "rejected", "run"]


def event_id_of(ev: Any) -> str:
    """The event's id as stored (text, at most 100 characters), or ``DomainError``."""
    event_id = ev.get("id") if isinstance(ev, Mapping) else None
    if not isinstance(event_id, str | int) or not str(event_id).strip():
        raise error("event_id", "id", "事件编号必填", "every event needs an id")
    return str(event_id).strip()[:100]


def rejected(event_id, exc: DomainError) -> dict:
    return {"id": event_id, "status": "rejected", **exc.as_dict()}


def run(
    *, actor: Actor, source: str, events: Sequence[Any], received
) -> tuple[list[dict[str, Any]], list[AuditRecord]]:
    """Apply ``events`` set-wise: one result per event, in order, and the audit records
    of the services' entries (written by the caller with the batch's own entry)."""
    return _run(actor, source, events, received)


@contextmanager
def collector_held() -> Iterator[None]:
    """Python's cycle collector held off: a batch makes tens of thousands of short-lived
    objects without cycles (reference counting frees them), and a collection every 700
    allocations would spend a good share of the time walking them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(actor: Actor, source: str, events: Sequence[Any], received):
    ids = []
    for ev in events:
        try:
            ids.append(event_id_of(ev))
        except DomainError:
            ids.append(None)
    earlier = dict(
        IngestedEvent.objects.filter(
            source=source, event_id__in={i for i in ids if i is not None}
        ).values_list("event_id", "result")
    )
    sim = Simulation(actor, events)
    slots: list[Any] = []
    accepted: dict[str, Outcome] = {}
    outcomes: list[Outcome] = []
    for ev, event_id in zip(events, ids, strict=True):
        if event_id is None:
            slots.append(rejected(None, error("event_id", "id", "事件编号必填",
                                              "every event needs an id")))  # fmt: skip
            continue
        if event_id in earlier:
            slots.append({"id": event_id, "status": "duplicate", **earlier[event_id]})
            continue
        if event_id in accepted:
            slots.append(("duplicate", accepted[event_id]))
            continue
        try:
            outcome = sim.apply(event_id, {**ev, "id": event_id})
        except DomainError as exc:
            slots.append(rejected(event_id, exc))
            continue
        accepted[event_id] = outcome
        outcomes.append(outcome)
        slots.append(("accepted", outcome))
    try:
        with transaction.atomic():
            write.store(sim)
            write.sweep(outcomes)
            answers = write.results(outcomes, source=source, received=received)
    except IntegrityError:
        raise Fallback() from None
    out: list[dict[str, Any]] = []
    for slot in slots:
        if isinstance(slot, tuple):
            status, outcome = slot
            answer = answers[id(outcome)]
            if status == "duplicate":
                answer = {k: v for k, v in answer.items() if k != "query_code"}
            out.append({"id": outcome.event_id, "status": status, **answer})
        else:
            out.append(slot)
    return out, write.audit_records(outcomes)
