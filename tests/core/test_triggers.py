"""Write guards (database triggers), on a scratch table: UPDATE/DELETE refused, a ``when``
condition limits the guard to some rows, and ``disabled()`` lifts it (as a DBA would)."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from yangguang.core.triggers import Guard

pytestmark = pytest.mark.django_db

TABLE = "yg_guard_scratch"
GUARD = Guard(
    name="scratch",
    tables=(TABLE,),
    message="已批准的行不能修改 (approved rows are immutable)",
    when="OLD.approved = 1",
)


@pytest.fixture
def scratch():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, approved integer, note text)"
        )
        cursor.execute(f"INSERT INTO {TABLE} VALUES (1, 0, 'draft'), (2, 1, 'approved')")
    GUARD.create(connection)
    yield
    GUARD.drop(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def _execute(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def _note(row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {TABLE} WHERE id = %s", [row_id])
        return cursor.fetchone()[0]


def test_guard_applies_only_where_the_condition_holds(scratch):
    _execute(f"UPDATE {TABLE} SET note = 'edited' WHERE id = 1")
    assert _note(1) == "edited"
    with pytest.raises(DatabaseError, match="immutable"):
        _execute(f"UPDATE {TABLE} SET note = 'forged' WHERE id = 2")
    with pytest.raises(DatabaseError, match="immutable"):
        _execute(f"DELETE FROM {TABLE} WHERE id = 2")
    assert _note(2) == "approved"


def test_disabled_lifts_the_guard_and_puts_it_back(scratch):
    with GUARD.disabled(connection):
        _execute(f"UPDATE {TABLE} SET note = 'dba' WHERE id = 2")
    assert _note(2) == "dba"
    with pytest.raises(DatabaseError, match="immutable"):
        _execute(f"UPDATE {TABLE} SET note = 'again' WHERE id = 2")


def test_messages_with_quotes_are_refused():
    with pytest.raises(ValueError, match="single quotes"):
        Guard(name="bad", tables=(TABLE,), message="it's")
