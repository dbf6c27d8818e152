"""Append-only guard on ``audit_auditentry`` (created by migration 0003): UPDATE and
DELETE refused, TRUNCATE of a non-empty trail refused (PostgreSQL). See
``yangguang.core.triggers``."""

from __future__ import annotations

from yangguang.core.triggers import Guard

TABLE = "audit_auditentry"
MESSAGE = "留痕记录只能追加, 不能修改或删除 (audit entries are append-only)"
GUARD = Guard(name="audit", tables=(TABLE,), message=MESSAGE, refuse_truncate=True)

create_triggers = GUARD.create
drop_triggers = GUARD.drop
disabled = GUARD.disabled
