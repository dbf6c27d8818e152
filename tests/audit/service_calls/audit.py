"""The audit trail itself: the writes, the checkpoint, the sensitive read, the helpers."""

from __future__ import annotations

from collections.abc import Callable

from yangguang.core.context import Actor

from ._common import F

CALLS: dict[str, Callable[[F], list[str]]] = {}


def _audit_record(f: F) -> list[str]:
    from tests.audit.audit_helpers import write

    write(1)
    return ["test.audit_write"]


def _audit_record_many(f: F) -> list[str]:
    from django.db import transaction

    from tests.audit.audit_helpers import TEST_WRITE
    from yangguang.audit.services import AuditRecord, audit_record_many

    with transaction.atomic():
        audit_record_many(
            actor=f["system"],
            records=[
                AuditRecord(TEST_WRITE, object_type="test.thing", object_id=i) for i in range(3)
            ],
        )
    return ["test.audit_write"] * 3


def _checkpoint(f: F) -> list[str]:
    from yangguang.audit.services import checkpoint_create

    checkpoint_create(actor=f["system"])
    return ["audit.checkpoint"]


def _sensitive(f: F) -> list[str]:
    from yangguang.audit.services import audit_read_sensitive

    audit_read_sensitive(
        actor=Actor.person(f["users"]["inspector"]), obj=f["tree"]["dept"], reason="核查"
    )
    return ["audit.sensitive_read"]


def _helpers(f: F) -> list[str]:
    from yangguang.audit.services import chain_hash, diff, snapshot

    chain_hash("0" * 64, b"x")
    diff({"a": 1}, {"a": 2})
    snapshot(f["tree"]["dept"], ["name"])
    return []


CALLS.update(
    {
        "yangguang.audit.services.audit_record": _audit_record,
        "yangguang.audit.services.audit_record_many": _audit_record_many,
        "yangguang.audit.services.checkpoint_create": _checkpoint,
        "yangguang.audit.services.audit_read_sensitive": _sensitive,
        "yangguang.audit.services.chain_hash": _helpers,
        "yangguang.audit.services.diff": _helpers,
        "yangguang.audit.services.snapshot": _helpers,
    }
)
