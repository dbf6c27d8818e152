"""Write guards in the database: triggers that refuse UPDATE and/or DELETE on tables
whose rows must not change (the audit trail, published versions, approved minutes).

One :class:`Guard` per purpose, declared in the owning app's ``triggers.py`` and created
by a migration (``guard.create(schema_editor.connection)``). PostgreSQL: a row trigger
calling a plpgsql function, plus, with ``refuse_truncate``, a statement trigger that lets
only an empty table be truncated. SQLite: ``BEFORE`` triggers that abort. An optional
``when`` (SQL over ``OLD``, valid on both) limits the guard to some rows (e.g. approved
minutes). The guards stop the application and careless hands; a database superuser can
still lift them, which is what the hash chain and signed checkpoints are there to reveal.
``disabled()`` is that DBA's move, for tamper tests, benchmarks and a full demo reset.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Guard:
    name: str  # short identifier, used in trigger and function names
    tables: tuple[str, ...]
    message: str  # bilingual, without single quotes
    operations: tuple[str, ...] = ("UPDATE", "DELETE")
    when: str | None = None  # SQL condition on OLD.*, e.g. "OLD.approved_at IS NOT NULL"
    refuse_truncate: bool = False  # PostgreSQL only (SQLite has no TRUNCATE)

    def __post_init__(self) -> None:
        if "'" in self.message:
            raise ValueError("guard messages must not contain single quotes")

    @property
    def _function(self) -> str:
        return f"yangguang_guard_{self.name}"

    def _pg_create(self) -> list[str]:
        out = [
            f"""CREATE OR REPLACE FUNCTION {self._function}() RETURNS trigger AS $$
            DECLARE non_empty boolean;
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_TABLE_NAME)
                        INTO non_empty;
                    IF NOT non_empty THEN
                        RETURN NULL;  -- truncating an empty table loses nothing
                    END IF;
                END IF;
                RAISE EXCEPTION '{self.message}' USING ERRCODE = 'raise_exception';
            END;
            $$ LANGUAGE plpgsql"""  # noqa: S608 (identifiers are our own constants)
        ]
        when = f" WHEN ({self.when})" if self.when else ""
        ops = " OR ".join(self.operations)
        for table in self.tables:
            out += [
                f"DROP TRIGGER IF EXISTS {self.name}_{table}_guard ON {table}",
                f"""CREATE TRIGGER {self.name}_{table}_guard BEFORE {ops} ON {table}
                    FOR EACH ROW{when} EXECUTE FUNCTION {self._function}()""",
            ]
            if self.refuse_truncate:
                out += [
                    f"DROP TRIGGER IF EXISTS {self.name}_{table}_no_truncate ON {table}",
                    f"""CREATE TRIGGER {self.name}_{table}_no_truncate BEFORE TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION {self._function}()""",
                ]
        return out

    def _pg_drop(self) -> list[str]:
        out = []
        for table in self.tables:
            out.append(f"DROP TRIGGER IF EXISTS {self.name}_{table}_guard ON {table}")
            out.append(f"DROP TRIGGER IF EXISTS {self.name}_{table}_no_truncate ON {table}")
        return [*out, f"DROP FUNCTION IF EXISTS {self._function}()"]

    def _sqlite_create(self) -> list[str]:
        when = f" WHEN {self.when}" if self.when else ""
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {self.name}_{table}_no_{op.lower()}
                BEFORE {op} ON {table}{when}
                BEGIN SELECT RAISE(ABORT, '{self.message}'); END"""
            for table in self.tables
            for op in self.operations
        ]

    def _sqlite_drop(self) -> list[str]:
        return [
            f"DROP TRIGGER IF EXISTS {self.name}_{table}_no_{op.lower()}"
            for table in self.tables
            for op in self.operations
        ]

    def statements(self, vendor: str, *, create: bool) -> list[str]:
        if vendor == "postgresql":
            return self._pg_create() if create else self._pg_drop()
        if vendor == "sqlite":
            return self._sqlite_create() if create else self._sqlite_drop()
        raise NotImplementedError(f"no write guards for database vendor {vendor!r}")

    def create(self, connection) -> None:
        with connection.cursor() as cursor:
            for sql in self.statements(connection.vendor, create=True):
                cursor.execute(sql)

    def drop(self, connection) -> None:
        with connection.cursor() as cursor:
            for sql in self.statements(connection.vendor, create=False):
                cursor.execute(sql)

    @contextlib.contextmanager
    def disabled(self, connection) -> Iterator[None]:
        """Lift the guard as a DBA would (raw SQL), and put it back afterwards."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # deferred foreign-key checks still pending would block ALTER TABLE
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in self.tables:
                    cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            self.drop(connection)
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for table in self.tables:
                        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            else:
                self.create(connection)
