"""Case events pushed by other approval systems (the integration API), singly or in
batches.

Each event is a mapping with ``id`` (the source system's event id), ``type`` and ``at``
(ISO 8601 with a time zone), plus per type:

* ``create``: ``case`` (the source system's case id, kept as the case's external id),
  ``power`` (power code), ``org`` (organisation code, when the power code is not unique
  in the caller's scope), ``applicant``, optional ``subject``, ``contact``,
  ``received_by`` (login), ``choices`` (flow ids);
* ``step``: ``case``, ``task`` (task id of the flowchart, or its name), ``by`` (login),
  optional ``post`` (post code: must be the task's post), ``choices``, ``note``;
* ``pause``: ``case``, optional ``task``: the case must stand at one of the flowchart's
  pause tasks (补正, 听证, 检验, 鉴定, 专家评审), which the step leading there opened;
  the clock stopped then. A pause where the flowchart has none is refused;
* ``resume``: ``case``, optional ``task``, ``by``, ``choices``: completes the open pause
  task (the clock runs again);
* ``finish``: ``case``, ``outcome`` (approved/refused/withdrawn), ``reasons``.

Every event runs through the same case services as native cases (so the same checks and
the same supervision on arrival), each in its own savepoint: an accepted event is kept
with its ``IngestedEvent`` row, a rejected one leaves nothing behind. Results, in order:
``accepted`` (with the case number and the alerts raised), ``duplicate`` (the event id
was accepted before: its earlier result, nothing applied) or ``rejected`` (code, field,
message in Chinese and English). One audit entry per batch (``cases.ingest``) lists
the events accepted and rejected, on top of each service's own entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from yangguang.accounts.models import User
from yangguang.audit.actions import action
from yangguang.audit.services import AuditRecord, audit_record_many
from yangguang.cases import batch
from yangguang.cases.batch import errors, parse
from yangguang.cases.batch.world import scoped
from yangguang.cases.common import engine_of, error, text
from yangguang.cases.models import Alert, Case, Channel, Step, StepStatus
from yangguang.cases.models_ingest import IngestedEvent
from yangguang.cases.services.lifecycle import case_finish, case_register, step_complete
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.powers.models import PowerItem

INGEST = action("cases.ingest", "接入办件事件", "Ingest case events")
KINDS, MAX_BATCH = parse.KINDS, parse.MAX_BATCH
_field, _time, _choices = parse.field, parse.when, parse.choices


def _case(actor: Actor, ev: Mapping[str, Any]) -> Case:
    external = _field(ev, "case", "办件编号")
    qs = scoped(actor, Case.objects.filter(external_id=external))
    org = _field(ev, "org", "单位代码", required=False, limit=64)
    if org:
        qs = qs.filter(organisation__code=org)
    found = list(qs.select_related("organisation")[:2])
    if not found:
        raise errors.unknown_case(external)
    if len(found) > 1:
        raise errors.ambiguous_case(external)
    return found[0]


def _person(ev: Mapping[str, Any], name: str = "by", required: bool = True) -> User | None:
    login = _field(ev, name, "办理人", required=required, limit=150)
    if not login:
        return None
    user = User.objects.filter(username=login, is_active=True).first()
    if user is None:
        raise errors.unknown_person(name, login)
    return user


def _open_step(case: Case, ev: Mapping[str, Any], *, pause: bool) -> Step:
    task = _field(ev, "task", "环节", required=not pause)
    qs = Step.objects.filter(case=case, status=StepStatus.OPEN).select_related("post")
    if pause:
        qs = qs.filter(pauses_clock=True)
    if task:
        by_key = list(qs.filter(node_key=task)[:2]) or list(qs.filter(name=task)[:2])
    else:
        by_key = list(qs[:2])
    if by_key:
        return by_key[0]
    if pause:
        raise errors.not_paused(case.number)
    known = Step.objects.filter(case=case).filter(node_key=task).exists() or (
        Step.objects.filter(case=case, name=task).exists()
    )
    compiled, _ = engine_of(case.process)
    raise errors.step_missing(task, in_model=errors.in_model(compiled, task), known=known)


def _create(actor: Actor, ev: Mapping[str, Any], at) -> tuple[Case, dict]:
    external = _field(ev, "case", "办件编号")
    code = _field(ev, "power", "事项编码", limit=32)
    powers = scoped(actor, PowerItem.objects.filter(code=code))
    org = _field(ev, "org", "单位代码", required=False, limit=64)
    if org:
        powers = powers.filter(power_list__organisation__code=org)
    found = list(powers.select_related("power_list__organisation")[:2])
    if not found:
        raise errors.unknown_power(code)
    if len(found) > 1:
        raise errors.ambiguous_power()
    power = found[0]
    if Case.objects.filter(organisation=power.power_list.organisation, external_id=external):
        raise errors.case_exists(external)
    case = case_register(
        actor=actor, power=power, applicant=_field(ev, "applicant", "申请人", limit=200),
        channel=Channel.API, subject=_field(ev, "subject", "申请事项", required=False, limit=300),
        applicant_contact=_field(ev, "contact", "联系方式", required=False),
        at=at, received_by=_person(ev, "received_by", required=False), choices=_choices(ev),
        external_id=external,
    )  # fmt: skip
    return case, {"query_code": case.query_code}


def _step(actor: Actor, ev: Mapping[str, Any], at, *, kind: str) -> tuple[Case, dict]:
    case = _case(actor, ev)
    if kind == "finish":
        outcome = _field(ev, "outcome", "办结结果", limit=16)
        reasons = _field(ev, "reasons", "理由", required=False, limit=4000)
        case = case_finish(
            actor=actor, case=case, outcome=outcome, reasons=reasons, at=at, strict=False
        )
        return case, {"outcome": case.status}
    if case.status != "open":
        raise errors.case_closed(case.number)
    step = _open_step(case, ev, pause=kind in ("pause", "resume"))
    if kind == "pause":
        return case, {"task": step.node_key, "paused_since": case.paused_since.isoformat()}
    by = _person(ev)
    post = _field(ev, "post", "岗位代码", required=False, limit=32)
    if post and (step.post is None or step.post.code != post):
        raise errors.wrong_post(step.name, step.post, post)
    step_complete(
        actor=actor, step=step, by=by, at=at, choices=_choices(ev),
        note=_field(ev, "note", "意见", required=False, limit=4000),
    )  # fmt: skip
    return case, {"task": step.node_key, "occurrence": step.occurrence}


def _apply(actor: Actor, source: str, ev: Mapping[str, Any], received) -> dict:
    kind = parse.kind(ev)
    at = _time(ev)
    last = Alert.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if kind == "create":
        case, extra = _create(actor, ev, at)
    else:
        case, extra = _step(actor, ev, at, kind=kind)
    raised = list(
        Alert.objects.filter(case=case, pk__gt=last).order_by("pk").values_list("rule", flat=True)
    )
    result = {"case": case.number, "external_id": case.external_id, "alerts": raised}
    if case.deadline_unknown:
        result["warning"] = case.deadline_note
    stored = {**result, **{k: v for k, v in extra.items() if k != "query_code"}}
    IngestedEvent.objects.create(
        source=source, event_id=ev["id"], kind=kind, case=case, at=at, received_at=received,
        result=stored,
    )  # fmt: skip
    return {**result, **extra}


def _one_by_one(actor: Actor, source: str, events: Sequence[Any], received) -> list[dict[str, Any]]:
    """Each event through the case services in its own savepoint (the path taken when a
    batch cannot be stored set-wise)."""
    results: list[dict[str, Any]] = []
    for ev in events:
        try:
            event_id = batch.event_id_of(ev)
        except DomainError as exc:
            results.append(batch.rejected(None, exc))
            continue
        ev = {**ev, "id": event_id}
        earlier = (
            IngestedEvent.objects.filter(source=source, event_id=event_id)
            .values_list("result", flat=True)
            .first()
        )
        if earlier is not None:
            results.append({"id": event_id, "status": "duplicate", **earlier})
            continue
        try:
            with transaction.atomic():
                out = _apply(actor, source, ev, received)
        except DomainError as exc:
            results.append(batch.rejected(event_id, exc))
        except IntegrityError:
            # the same event id accepted by a concurrent batch in the meantime
            exc = error("duplicate", "id", "事件已由并发请求处理", "accepted concurrently")
            results.append(batch.rejected(event_id, exc))
        else:
            results.append({"id": event_id, "status": "accepted", **out})
    return results


def events_ingest(
    *, actor: Actor, source: str, events: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Apply events from another system (see the module docstring); returns one result
    per event, in order. Idempotent per (``source``, event ``id``). Set-wise
    (``yangguang.cases.batch``); event by event when a concurrent writer got to one of
    the batch's rows first."""
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
            results, records = _one_by_one(actor, source, events, received), []
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
