"""Append-only triggers on ``audit_auditentry`` (created by migration 0003).

PostgreSQL: a row trigger refuses UPDATE and DELETE, a statement trigger refuses TRUNCATE
of a non-empty trail. SQLite: ``BEFORE UPDATE``/``BEFORE DELETE`` triggers that abort.
They stop the application and careless hands; a database superuser can still disable
them, which is what the hash chain and the signed checkpoints are there to reveal.
``disabled()`` is that DBA's move, for tamper tests and the benchmark only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

TABLE = "audit_auditentry"
MESSAGE = "留痕记录只能追加, 不能修改或删除 (audit entries are append-only)"

_PG_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION yangguang_audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            IF NOT EXISTS (SELECT 1 FROM {TABLE}) THEN
                RETURN NULL;  -- truncating an empty trail loses nothing
            END IF;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'raise_exception';
    END;
    $$ LANGUAGE plpgsql
    """,  # noqa: S608 (constant table name)
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION yangguang_audit_append_only()""",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION yangguang_audit_append_only()""",
]
_PG_DROP = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS yangguang_audit_append_only()",
]
_SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update",
    "DROP TRIGGER IF EXISTS audit_entry_no_delete",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        return _PG_CREATE if create else _PG_DROP
    if vendor == "sqlite":
        return _SQLITE_CREATE if create else _SQLITE_DROP
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def create_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, True):
            cursor.execute(sql)


def drop_triggers(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, False):
            cursor.execute(sql)


@contextlib.contextmanager
def disabled(connection) -> Iterator[None]:
    """Switch the triggers off as a DBA would (raw SQL), and back on afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        else:
            for sql in _SQLITE_DROP:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
            else:
                for sql in _SQLITE_CREATE:
                    cursor.execute(sql)
