"""Published versions are immutable: triggers refuse UPDATE and DELETE on
``powers_powerlistversion`` and ``powers_publisheditem`` (created by migration 0003).

Same approach as ``yangguang.audit.triggers`` (PostgreSQL: a row trigger calling a plpgsql
function; SQLite: ``BEFORE`` triggers that abort). There is no TRUNCATE trigger: a DBA's
full reset (``yangguang demo --reset``) may empty the tables, which it does through
``disabled()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

TABLES = ("powers_powerlistversion", "powers_publisheditem")
MESSAGE = "已发布的清单版本不能修改或删除 (published list versions are immutable)"
_FUNCTION = "yangguang_powers_immutable"


def _pg_create() -> list[str]:
    out = [
        f"""CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'raise_exception';
        END;
        $$ LANGUAGE plpgsql"""
    ]
    for table in TABLES:
        out += [
            f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}",
            f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()""",
        ]
    return out


def _pg_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_immutable ON {t}" for t in TABLES] + [
        f"DROP FUNCTION IF EXISTS {_FUNCTION}()"
    ]


def _sqlite_create() -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
        for table in TABLES
        for op in ("UPDATE", "DELETE")
    ]


def _sqlite_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in TABLES for op in ("update", "delete")
    ]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        return _pg_create() if create else _pg_drop()
    if vendor == "sqlite":
        return _sqlite_create() if create else _sqlite_drop()
    raise NotImplementedError(f"no immutability triggers for database vendor {vendor!r}")


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
    """Switch the triggers off as a DBA would, and back on afterwards."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # deferred foreign-key checks still pending would block ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        drop_triggers(connection)
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            create_triggers(connection)
