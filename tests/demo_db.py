"""The demo county, built once per test session and database.

Loading the county takes most of a minute on SQLite and longer on PostgreSQL; the tests
whose point is its content used to load it each on their own. Here it is built once (by
``yangguang demo``, as an operator runs it, with ``CASES`` demo cases), then a snapshot of
the whole test database is kept in memory:

* a test that asks for ``demo_county`` and only reads it (``db``) runs in a transaction
  rolled back after it, so the next one finds the county as built;
* a transactional test (``transaction=True``, ``live_server``) commits; the trail and
  everything else are emptied after it (``tests/conftest.py``) and the snapshot is put
  back before the next test that asks for the county (a second, not a reload);
* any other database test finds the database empty, as it always did.

``tests/conftest.py`` runs the tests that ask for the county after all the others (the
rolled-back ones first), so the county is built once and put back only for the few
transactional tests.
"""

from __future__ import annotations

import io
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.test import override_settings

# the demo cases of the shared county: enough for the demo-content checks (at least 100
# cases, some late and carded, the one refused import), fewer than ``yangguang demo``'s 300
CASES = 120


@dataclass
class DemoCounty:
    """What building the county printed and returned, for the tests that check it."""

    output: str  # what ``yangguang demo`` printed
    cases: object  # ``yangguang.demo.data.cases.load``'s result (registered, rejected, ...)
    seconds: float  # how long building it took
    restores: int = 0  # how often the snapshot was put back
    extra: dict = field(default_factory=dict)


class _SQLiteSnapshot:
    def __init__(self) -> None:
        self._copy = sqlite3.connect(":memory:", check_same_thread=False)

    def take(self) -> None:
        connection.ensure_connection()
        connection.connection.backup(self._copy)

    def restore(self) -> None:
        connection.ensure_connection()
        self._copy.backup(connection.connection)


class _PostgresSnapshot:
    """Every table's rows (COPY, binary) and every sequence's position."""

    def __init__(self) -> None:
        self._tables: dict[str, bytes] = {}
        self._sequences: list[tuple[str, int | None]] = []

    @staticmethod
    def _table_names(cursor) -> list[str]:
        names = connection.introspection.table_names(cursor, include_views=False)
        return [n for n in names if n != "django_migrations"]

    def take(self) -> None:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in self._table_names(cursor):
                with raw.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                    self._tables[table] = b"".join(bytes(chunk) for chunk in copy)
            cursor.execute(
                "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences "
                "WHERE schemaname = current_schema()"
            )
            self._sequences = list(cursor.fetchall())

    def restore(self) -> None:
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            # as a DBA restoring a dump: no triggers (write guards, foreign-key checks)
            cursor.execute("SET LOCAL session_replication_role = replica")
            tables = self._table_names(cursor)
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
            for table, data in self._tables.items():
                with raw.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(data)
            for name, last in self._sequences:
                if last is None:
                    cursor.execute("SELECT setval(%s, 1, false)", [name])
                else:
                    cursor.execute("SELECT setval(%s, %s, true)", [name, last])


def _clear_caches() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()


class DemoDatabase:
    """The test database with or without the demo county in it."""

    def __init__(self, blocker) -> None:
        self._blocker = blocker
        self.county: DemoCounty | None = None
        self.holds_demo = False
        self._snapshot = (
            _PostgresSnapshot() if connection.vendor == "postgresql" else _SQLiteSnapshot()
        )

    def build(self) -> DemoCounty:
        from django.core.management import call_command

        from yangguang.demo.data import cases as demo_cases
        from yangguang.demo.loader import reset_database

        with self._blocker.unblock():
            reset_database()
            loaded = []
            real_load, real_cases = demo_cases.load, demo_cases.CASES
            demo_cases.CASES = CASES
            demo_cases.load = lambda out=None: loaded.append(real_load(out)) or loaded[-1]
            started = time.perf_counter()
            out = io.StringIO()
            try:
                # its marker of a demo database goes to a throw-away state folder
                with tempfile.TemporaryDirectory() as var, override_settings(VAR_DIR=Path(var)):
                    call_command("demo", stdout=out)
            finally:
                demo_cases.load, demo_cases.CASES = real_load, real_cases
            seconds = time.perf_counter() - started
            self._snapshot.take()
            _clear_caches()
        (cases,) = loaded
        self.county = DemoCounty(output=out.getvalue(), cases=cases, seconds=seconds)
        self.holds_demo = True
        return self.county

    def ensure_demo(self) -> None:
        """Before a test that asks for the county: put the snapshot back if needed."""
        if self.holds_demo:
            _clear_caches()
            return
        with self._blocker.unblock():
            self._snapshot.restore()
            _clear_caches()
        self.holds_demo = True
        if self.county is not None:
            self.county.restores += 1

    def ensure_empty(self) -> None:
        """Before any other test: the database as that test expects it, empty."""
        if not self.holds_demo:
            return
        from yangguang.demo.loader import reset_database

        with self._blocker.unblock():
            reset_database()
            _clear_caches()
        self.holds_demo = False

    def emptied(self) -> None:
        """A transactional test has ended: its flush left the database empty."""
        self.holds_demo = False
