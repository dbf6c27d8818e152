"""Writing the audit trail. Called by every service, inside its own transaction."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from yangguang.audit import actions, keys, verifier
from yangguang.audit.actions import action
from yangguang.audit.canonical import dumps, jsonable
from yangguang.audit.models import AuditEntry, AuditHead, Checkpoint
from yangguang.core import bulk, context
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError

GENESIS_HASH = "0" * 64
PAYLOAD_VERSION = 1

AUDIT_CHECKPOINT = action("audit.checkpoint", "签发检查点", "Sign a checkpoint")
AUDIT_SENSITIVE_READ = action("audit.sensitive_read", "查阅敏感记录", "Read a sensitive record")


def chain_hash(prev_hash_hex: str, payload: bytes) -> str:
    return verifier.chain_hash(bytes.fromhex(prev_hash_hex), payload).hex()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-able values of ``fields`` (FKs by id), for before/after records."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            out[name] = sorted(
                (instance.pk and getattr(instance, name).values_list("pk", flat=True)) or []
            )
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


@dataclass(frozen=True)
class AuditRecord:
    """One entry to append with :func:`audit_record_many` (the same fields as
    :func:`audit_record` takes, less the actor)."""

    action: actions.ActionCode
    obj: models.Model | None = None
    object_type: str | None = None
    object_id: str | int | None = None
    org_id: int | None = None
    changes: Mapping[str, list[Any]] | None = None
    extra: Mapping[str, Any] | None = None


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
    record = AuditRecord(action, obj, object_type, object_id, org_id, changes, extra)
    return audit_record_many(actor=actor, records=[record])[0]


def audit_record_many(*, actor: Actor, records: Sequence[AuditRecord]) -> list[AuditEntry]:
    """Append several entries at once, in the caller's transaction: the head is locked and
    moved once, the entries go in with one batched INSERT. For bulk work (imports, batches
    of events), where one head update per entry would be slow on PostgreSQL (every update
    of the same row in one transaction leaves a row version to step over)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if not records:
        return []
    ctx = context.current()
    prev_seq, prev_hash = _locked_head()
    now = timezone.now()
    entries = []
    same = _Shared(actor, ctx, now)
    for offset, record in enumerate(records, 1):
        entry = _entry(actor, record, ctx, prev_seq + offset, prev_hash, now, same)
        prev_hash = entry.hash
        entries.append(entry)
    _append(entries)
    return entries


class _Shared:
    """What every entry of one append shares (computed once for a batch)."""

    def __init__(self, actor: Actor, ctx: context.RequestContext, now: datetime.datetime):
        self.time = jsonable(now)
        self.actor = actor.as_json()
        self.actor_id = actor.id or ""
        self.actor_name = actor.name[:150]
        self.client_ip = ctx.client_ip or ""


def _entry(
    actor: Actor,
    record: AuditRecord,
    ctx: context.RequestContext,
    seq: int,
    prev_hash: str,
    now: datetime.datetime,
    same: _Shared | None = None,
) -> AuditEntry:
    action = record.action
    if actions.REGISTRY.get(action.code) is not action:
        raise ValueError(f"undeclared audit action {action.code!r}")
    object_type, object_id = record.object_type, record.object_id
    if record.obj is not None:
        object_type = object_type or record.obj._meta.label_lower
        object_id = record.obj.pk if object_id is None else object_id
    same = same or _Shared(actor, ctx, now)
    body: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "seq": seq,
        "time": same.time,
        "actor": same.actor,
        "org": record.org_id,
        "action": action.code,
        "object": {"type": object_type or "", "id": "" if object_id is None else str(object_id)},
        "changes": jsonable(dict(record.changes or {})),
        "request_id": ctx.request_id,
        "client_ip": same.client_ip,
    }
    if record.extra:
        body["extra"] = jsonable(dict(record.extra))
    payload = dumps(body)
    return AuditEntry(
        seq=seq,
        time=now,
        actor_kind=actor.kind,
        actor_id=same.actor_id,
        actor_name=same.actor_name,
        org_id=record.org_id,
        action=action.code,
        object_type=body["object"]["type"],
        object_id=body["object"]["id"],
        request_id=ctx.request_id,
        client_ip=same.client_ip,
        payload=payload,
        hash=chain_hash(prev_hash, payload.encode("utf-8")),
    )


# The write path is raw SQL: it runs in every service's transaction, so it is kept to
# two round trips (lock the head; insert the entry and move the head in one statement).
_ENTRY_TABLE = AuditEntry._meta.db_table
_HEAD_TABLE = AuditHead._meta.db_table
_COLUMNS = (
    "seq", "time", "actor_kind", "actor_id", "actor_name", "org_id", "action",
    "object_type", "object_id", "request_id", "client_ip", "payload", "hash",
)  # fmt: skip
_INSERT = (
    f"INSERT INTO {_ENTRY_TABLE} ({', '.join(_COLUMNS)}) "  # noqa: S608 (fixed identifiers)
    f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
)
_MOVE_HEAD = f"UPDATE {_HEAD_TABLE} SET seq = %s, hash = %s WHERE id = 1"  # noqa: S608
_INSERT_AND_MOVE_PG = (
    f"WITH e AS ({_INSERT} RETURNING seq, hash) "  # noqa: S608
    f"UPDATE {_HEAD_TABLE} SET seq = e.seq, hash = e.hash FROM e WHERE {_HEAD_TABLE}.id = 1"
)
_LOCK_HEAD = {
    "postgresql": f"SELECT seq, hash FROM {_HEAD_TABLE} WHERE id = 1 FOR UPDATE",  # noqa: S608
    # SQLite: the transaction already holds the write lock (IMMEDIATE mode)
    "sqlite": f"SELECT seq, hash FROM {_HEAD_TABLE} WHERE id = 1",  # noqa: S608
}


def _append(entries: list[AuditEntry]) -> None:
    def values(entry: AuditEntry) -> list[Any]:
        return [
            connection.ops.adapt_datetimefield_value(entry.time)
            if c == "time"
            else getattr(entry, c)
            for c in _COLUMNS
        ]

    last = entries[-1]
    if connection.vendor == "postgresql" and len(entries) > 1:
        bulk.insert(AuditEntry, entries)  # COPY: many entries at once
        with connection.cursor() as cursor:
            cursor.execute(_MOVE_HEAD, [last.seq, last.hash])
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_INSERT_AND_MOVE_PG, values(last))
        else:
            cursor.executemany(_INSERT, [values(e) for e in entries])
            cursor.execute(_MOVE_HEAD, [last.seq, last.hash])
    for entry in entries:
        entry._state.adding = False
        entry._state.db = connection.alias


def _locked_head() -> tuple[int, str]:
    sql = _LOCK_HEAD.get(connection.vendor) or _LOCK_HEAD["postgresql"]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None:
        # The migration creates the head; a flushed test database may lack it. The unique
        # pk makes a racing creator fail rather than fork the chain.
        with transaction.atomic():
            AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    return int(row[0]), row[1]


def checkpoint_create(*, actor: Actor) -> Checkpoint:
    """Sign the tree head over every entry committed so far, after re-verifying the whole
    trail (a broken trail is never signed). Then record the checkpoint in the trail: that
    entry is outside this checkpoint and inside the next.

    Returns the latest checkpoint unchanged when nothing but its own entry was added."""
    from yangguang.audit import verification
    from yangguang.core import access

    if actor.kind != "system" and access.role_of(actor.user) != "sysadmin":
        raise PermissionDeniedError()
    key = keys.signing_key()
    size = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    last = Checkpoint.objects.order_by("-tree_size").first()
    if last is not None and (
        size == last.tree_size
        or (
            size == last.tree_size + 1
            and AuditEntry.objects.filter(seq=size, action=AUDIT_CHECKPOINT.code).exists()
        )
    ):
        return last
    if size == 0:
        raise DomainError(
            code="audit_trail_empty", zh="留痕记录为空, 无可签发内容", en="the audit trail is empty"
        )
    report = verification.verify_database(upto=size)
    if not report.ok:
        raise DomainError(
            code="audit_trail_broken",
            zh=f"留痕记录校验失败, 拒绝签发: 第 {report.first_bad_seq} 条 {report.reason}",
            en=f"the audit trail fails verification at entry {report.first_bad_seq} "
            f"({report.reason}); refusing to sign",
        )
    now = timezone.now()
    name = keys.origin()
    public = keys.public_key_bytes(key)
    body = verifier.checkpoint_body(name, size, report.root, jsonable(now))
    signature = key.sign(body.encode("utf-8"))
    with transaction.atomic():
        checkpoint, created = Checkpoint.objects.get_or_create(
            tree_size=size,
            defaults={
                "root_hash": report.root.hex(),
                "time": now,
                "origin": name,
                "key_id": keys.key_id(public),
                "signature": base64.b64encode(signature).decode(),
                "note": verifier.signed_note(body, name, public, signature),
            },
        )
        if created:
            audit_record(
                actor=actor,
                action=AUDIT_CHECKPOINT,
                object_type="audit.checkpoint",
                object_id=size,
                extra={
                    "tree_size": size,
                    "root_hash": checkpoint.root_hash,
                    "key_id": checkpoint.key_id,
                },
            )
    return checkpoint


def audit_read_sensitive(
    *, actor: Actor, obj: models.Model, reason: str, org_id: int | None = None
) -> AuditEntry:
    """Record that ``actor`` read a sensitive record, and why. The caller has already
    decided the actor may read it; this leaves the trace (查阅留痕)."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError(
            code="audit_reason_required",
            field="reason",
            zh="查阅敏感记录必须说明理由",
            en="reading a sensitive record needs a reason",
        )
    if org_id is None:
        org_id = getattr(obj, "organisation_id", None)
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=AUDIT_SENSITIVE_READ,
            obj=obj,
            org_id=org_id,
            extra={"reason": reason[:500]},
        )
