"""Reading the trail: checkpoints and proofs (public), entries (restricted)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from yangguang.accounts.roles import Role
from yangguang.audit import names, verifier
from yangguang.audit.models import AuditEntry, Checkpoint
from yangguang.core import access
from yangguang.core.errors import DomainError, PermissionDeniedError

READER_ROLES = frozenset({Role.SYSADMIN, Role.INSPECTOR})


class NotFoundError(DomainError):
    """A checkpoint or entry that does not exist (the API answers 404)."""


def checkpoints_list() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.order_by("tree_size")


def checkpoint_get(size: int) -> Checkpoint:
    checkpoint = Checkpoint.objects.filter(tree_size=size).first()
    if checkpoint is None:
        raise NotFoundError(
            code="checkpoint_not_found",
            zh=f"没有大小为 {size} 的检查点",
            en=f"no checkpoint of tree size {size}",
        )
    return checkpoint


def checkpoint_json(cp: Checkpoint) -> dict:
    """A checkpoint as published (and as the standalone verifier reads it)."""
    return {
        "origin": cp.origin,
        "tree_size": cp.tree_size,
        "root_hash": cp.root_hash,
        "time": cp.time.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "key_id": cp.key_id,
        "signature": cp.signature,
        "note": cp.note,
    }


def leaf_hashes(size: int) -> list[bytes]:
    """Leaf hashes of entries 1..``size``, from the stored payload bytes."""
    rows = (
        AuditEntry.objects.filter(seq__lte=size).order_by("seq").values_list("payload", flat=True)
    )
    leaves = [verifier.leaf_hash(p.encode("utf-8")) for p in rows.iterator(chunk_size=20_000)]
    if len(leaves) != size:
        raise DomainError(
            code="audit_trail_incomplete",
            zh="留痕记录不完整, 无法生成证明",
            en="the audit trail is incomplete; no proof can be made",
        )
    return leaves


def inclusion_proof(*, seq: int, checkpoint_size: int) -> dict:
    checkpoint = checkpoint_get(checkpoint_size)
    if not 1 <= seq <= checkpoint.tree_size or not AuditEntry.objects.filter(seq=seq).exists():
        raise NotFoundError(
            code="entry_not_found",
            zh=f"检查点 {checkpoint_size} 中没有第 {seq} 条记录",
            en=f"entry {seq} is not in checkpoint {checkpoint_size}",
        )
    leaves = leaf_hashes(checkpoint.tree_size)
    return {
        "seq": seq,
        "leaf_index": seq - 1,
        "tree_size": checkpoint.tree_size,
        "leaf_hash": leaves[seq - 1].hex(),
        "audit_path": [h.hex() for h in verifier.inclusion_proof(leaves, seq - 1)],
        "root_hash": checkpoint.root_hash,
    }


def consistency_proof(*, first: int, second: int) -> dict:
    older, newer = checkpoint_get(first), checkpoint_get(second)
    if first > second:
        raise DomainError(
            code="consistency_order",
            field="from",
            zh="起始检查点必须不大于目标检查点",
            en="'from' must not be larger than 'to'",
        )
    leaves = leaf_hashes(second)
    return {
        "first": first,
        "second": second,
        "first_root": older.root_hash,
        "second_root": newer.root_hash,
        "proof": [h.hex() for h in verifier.consistency_proof(leaves, first)],
    }


def can_read_trail(user) -> bool:
    return access.role_of(user) in READER_ROLES


def entries_search(
    *,
    user,
    object_type: str | None = None,
    object_id: str | None = None,
    actor_id: str | None = None,
    actor_name: str | None = None,
    org_id: int | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    organisation: str | None = None,
    person: str | None = None,
    object_name: str | None = None,
) -> QuerySet[AuditEntry]:
    """Entries ``user`` may read (system administrators: all; discipline inspectors: their
    jurisdiction), filtered. Everyone else is refused. ``organisation`` (a name or code),
    ``person`` (a full name or username) and ``object_name`` (a case number, a name …,
    within ``object_type`` if given) filter by name (``audit.names``); a name that
    matches nothing is refused with a bilingual ``DomainError``."""
    if not can_read_trail(user):
        raise PermissionDeniedError(zh="无权查阅留痕记录", en="not allowed to read the audit trail")
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise DomainError(
                code="naive_datetime", field=name, zh="时间必须带时区", en="time needs a time zone"
            )
    qs = access.restrict(AuditEntry.objects.all(), user, "view")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if actor_id:
        qs = qs.filter(actor_id=str(actor_id))
    if actor_name:
        qs = qs.filter(actor_name=actor_name)
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    if action:
        qs = qs.filter(action=action)
    if organisation and organisation.strip():
        qs = qs.filter(org_id__in=names.organisation_ids(organisation))
    if person and person.strip():
        qs = qs.filter(names.actor_q(person))
    if object_name and object_name.strip():
        qs = qs.filter(names.object_q(object_name, object_type or None))
    if since is not None:
        qs = qs.filter(time__gte=since)
    if until is not None:
        qs = qs.filter(time__lt=until)
    return qs.order_by("-seq")
