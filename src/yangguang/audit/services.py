"""Writing the audit trail. Called by every service, inside its own transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from yangguang.audit import actions
from yangguang.audit.canonical import dumps, jsonable
from yangguang.audit.models import AuditEntry, AuditHead
from yangguang.core import context
from yangguang.core.context import Actor

GENESIS_HASH = "0" * 64
PAYLOAD_VERSION = 1


def chain_hash(prev_hash_hex: str, payload: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash_hex) + payload).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-able values of ``fields`` (FKs by id), for before/after records."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(instance.pk and getattr(instance, name).values_list("pk", flat=True) or [])
        elif field.is_relation:
            out[name] = getattr(instance, field.attname)
        else:
            out[name] = jsonable(getattr(instance, name))
    return out


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for every field that changed (all fields on create/delete)."""
    before = before or {}
    after = after or {}
    changes: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        b, a = jsonable(before.get(key)), jsonable(after.get(key))
        if b != a:
            changes[key] = [b, a]
    return changes


def audit_record(
    *,
    actor: Actor,
    action: actions.ActionCode,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    org_id: int | None = None,
    changes: Mapping[str, list[Any]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the trail, in the caller's transaction.

    Must run inside ``transaction.atomic``: the entry commits or rolls back with the
    change it records. The head row is locked, so concurrent writers queue here and the
    chain stays linear and gap-free.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if actions.REGISTRY.get(action.code) is not action:
        raise ValueError(f"undeclared audit action {action.code!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    ctx = context.current()

    head = _locked_head()
    seq = head.seq + 1
    now = timezone.now()
    body: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "seq": seq,
        "time": jsonable(now),
        "actor": actor.as_json(),
        "org": org_id,
        "action": action.code,
        "object": {"type": object_type or "", "id": "" if object_id is None else str(object_id)},
        "changes": jsonable(dict(changes or {})),
        "request_id": ctx.request_id,
        "client_ip": ctx.client_ip or "",
    }
    if extra:
        body["extra"] = jsonable(dict(extra))
    payload = dumps(body)
    digest = chain_hash(head.hash, payload.encode("utf-8"))
    entry = AuditEntry.objects.create(
        seq=seq,
        time=now,
        actor_kind=actor.kind,
        actor_id=actor.id or "",
        actor_name=actor.name[:150],
        org_id=org_id,
        action=action.code,
        object_type=body["object"]["type"],
        object_id=body["object"]["id"],
        request_id=ctx.request_id,
        client_ip=ctx.client_ip or "",
        payload=payload,
        hash=digest,
    )
    AuditHead.objects.filter(pk=1).update(seq=seq, hash=digest)
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First entry ever: create the head (the unique pk makes a racing creator fail
        # and retry inside its own transaction rather than fork the chain).
        with transaction.atomic():
            AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head
