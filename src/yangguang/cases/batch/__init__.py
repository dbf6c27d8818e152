"""The case events of the integration API, and of the case services, which are batches
of one through it: the events read with a fixed number of queries (``world.py``), checked
and applied in memory (``sim.py``: the one place the checks of a case event are written),
then stored with a few statements per table (``write.py``), at thousands of events per
second.

``run`` raises ``Fallback`` (with everything it wrote taken back by its savepoint) when a
concurrent writer got to a row first (a case or an event id stored meanwhile): the
caller then runs it again with ``each=True``, every event a batch of one in its own
savepoint, which settles each such event on its own and judges the rest as the
set-wise run would have.
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


#: the longest event id (the column's length): a longer one is refused, never cut short
#: (two ids that differ after it would collide as duplicates)
MAX_EVENT_ID = 100


def event_id_of(ev: Any) -> str:
    """The event's id as stored (text, at most 100 characters), or ``DomainError``."""
    event_id = ev.get("id") if isinstance(ev, Mapping) else None
    if not isinstance(event_id, str | int) or isinstance(event_id, bool):
        raise error("event_id", "id", "事件编号必填", "every event needs an id")
    try:
        event_id = str(event_id).strip()
    except ValueError:  # an integer of thousands of digits
        event_id = "?" * (MAX_EVENT_ID + 1)
    if not event_id:
        raise error("event_id", "id", "事件编号必填", "every event needs an id")
    if len(event_id) > MAX_EVENT_ID:
        raise error(
            "too_long",
            "id",
            f"事件编号过长 (最多 {MAX_EVENT_ID} 个字符)",
            f"the event id is too long (at most {MAX_EVENT_ID} characters)",
        )
    return event_id


def rejected(event_id, exc: DomainError) -> dict:
    return {"id": event_id, "status": "rejected", **exc.as_dict()}


def run(
    *, actor: Actor, source: str, events: Sequence[Any], received, each: bool = False
) -> tuple[list[dict[str, Any]], list[AuditRecord]]:
    """Apply ``events``: one result per event, in order, and the audit records of the
    services' entries (written by the caller with the batch's own entry).

    Set-wise by default. ``each=True`` is the path after a clash (``Fallback``): every
    event is a batch of one in its own savepoint, stored before the next is read, so an
    event a concurrent writer got to first is settled on its own (a duplicate) and the
    others go through; the same checks (the same code), and the cases are judged by the
    clock as the set-wise path judges them, once, after the batch's last event."""
    return _run(actor, source, events, received, each=each)


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


CONCURRENT = ("duplicate", "id", "事件已由并发请求处理", "accepted concurrently")


def _run(actor: Actor, source: str, events: Sequence[Any], received, *, each: bool):
    ids, refused = [], {}
    for n, ev in enumerate(events):
        try:
            ids.append(event_id_of(ev))
        except DomainError as exc:
            ids.append(None)
            refused[n] = exc
    earlier = dict(
        IngestedEvent.objects.filter(
            source=source, event_id__in={i for i in ids if i is not None}
        ).values_list("event_id", "result")
    )
    sim = None if each else Simulation.for_events(actor, events)
    slots: list[Any] = []
    accepted: dict[str, Outcome] = {}
    outcomes: list[Outcome] = []
    for n, (ev, event_id) in enumerate(zip(events, ids, strict=True)):
        if event_id is None:
            slots.append(rejected(None, refused[n]))
            continue
        if event_id in accepted:
            slots.append(("duplicate", accepted[event_id]))
            continue
        if each and event_id not in earlier:  # stored by a concurrent writer meanwhile?
            found = IngestedEvent.objects.filter(source=source, event_id=event_id)
            earlier.update(found.values_list("event_id", "result"))
        if event_id in earlier:
            slots.append({"id": event_id, "status": "duplicate", **earlier[event_id]})
            continue
        ev = {**ev, "id": event_id}
        try:
            if each:
                outcome = _one(actor, source, event_id, ev, received)
            else:
                outcome = sim.apply(event_id, ev)
        except DomainError as exc:
            slots.append(rejected(event_id, exc))
            continue
        except IntegrityError:  # the same event, or its case, stored meanwhile
            slots.append(rejected(event_id, error(*CONCURRENT)))
            continue
        accepted[event_id] = outcome
        outcomes.append(outcome)
        slots.append(("accepted", outcome))
    try:
        with transaction.atomic():
            if not each:
                write.store(sim)
            write.sweep(outcomes)
            answers = write.results(outcomes, source=source, received=received, stored=each)
    except IntegrityError:
        if each:
            raise
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


def _one(actor: Actor, source: str, event_id: str, ev: Mapping[str, Any], received) -> Outcome:
    """One event as a batch of one, stored with its idempotency row in its own savepoint
    (judged by the clock later, with the rest of the batch)."""
    with transaction.atomic():
        sim = Simulation.for_events(actor, [ev])
        outcome = sim.apply(event_id, ev)
        write.store(sim)
        write.result_row(outcome, source=source, received=received)
    return outcome
