"""Approved minutes are frozen in the database too: triggers refuse any UPDATE of a
``meetings_minutes`` row whose status is approved, and any UPDATE of a vote or of a
statement in the speaking order (created by migration 0002).

Same approach as ``yangguang.audit.triggers`` and ``yangguang.powers.triggers``
(PostgreSQL: row triggers calling a plpgsql function; SQLite: ``BEFORE UPDATE`` triggers
that abort). DELETE is left alone, so a DBA's flush (``yangguang demo --reset``, the
test suite's transactional tests) still works; the services never delete these rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

MINUTES = "meetings_minutes"
FROZEN = ("meetings_vote", "meetings_speech")
TABLES = (MINUTES, *FROZEN)
MESSAGE = "已签发的会议纪要、表决和发言记录不能修改 (approved minutes, votes and statements are immutable)"
_FUNCTION = "yangguang_meetings_immutable"


def _pg_create() -> list[str]:
    out = [
        f"""CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger AS $$
        BEGIN
            IF TG_TABLE_NAME = '{MINUTES}' AND OLD.status <> 'approved' THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'raise_exception';
        END;
        $$ LANGUAGE plpgsql"""
    ]
    for table in TABLES:
        out += [
            f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}",
            f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()""",
        ]
    return out


def _pg_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_immutable ON {t}" for t in TABLES] + [
        f"DROP FUNCTION IF EXISTS {_FUNCTION}()"
    ]


def _sqlite_create() -> list[str]:
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {MINUTES}_no_update BEFORE UPDATE ON {MINUTES}
            WHEN OLD.status = 'approved'
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    ] + [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
        for table in FROZEN
    ]


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_update" for table in TABLES]


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
    """Switch the triggers off as a DBA would (tests only), and back on afterwards."""
    drop_triggers(connection)
    try:
        yield
    finally:
        create_triggers(connection)
