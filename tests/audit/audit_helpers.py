"""Helpers shared by the audit tests (imported as ``audit_helpers``)."""

from __future__ import annotations

import base64
import contextlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction

from yangguang.audit import triggers
from yangguang.audit.actions import action
from yangguang.audit.services import audit_record
from yangguang.core.context import Actor

TEST_WRITE = action("test.audit_write", "测试写入", "Test write")
SYSTEM = Actor.system("tests")


def raw_key(key: Ed25519PrivateKey) -> str:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def write(n: int, *, org_id: int | None = None, actor: Actor = SYSTEM) -> list[int]:
    """``n`` real trail writes, one transaction each; returns their seqs."""
    seqs = []
    for i in range(n):
        with transaction.atomic():
            entry = audit_record(
                actor=actor,
                action=TEST_WRITE,
                object_type="test.thing",
                object_id=i,
                org_id=org_id,
                changes={"n": [None, i]},
            )
        seqs.append(entry.seq)
    return seqs


@contextlib.contextmanager
def dba():
    """A cursor with the append-only triggers switched off, as a DBA would."""
    with triggers.disabled(connection), connection.cursor() as cursor:
        yield cursor
