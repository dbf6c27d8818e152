"""The deadline sweep's plans on PostgreSQL: every statement finds its rows through an
index (the deadline indexes, the partial ones of the rarer rules, cases by primary key),
never by reading a whole table, and the planner setting it uses is put back."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from yangguang.cases import alerts

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _inserts(now) -> list[tuple[str, list]]:
    seen = []

    def capture(execute, sql, params, many, context):
        if sql.startswith("INSERT INTO"):
            seen.append((sql, params))
        return execute(sql, params, many, context)

    with transaction.atomic():
        with connection.execute_wrapper(capture):
            alerts.sweep(now)
        transaction.set_rollback(True)
    return seen


def test_every_sweep_statement_can_use_an_index(w):
    statements = _inserts(at(2026, 3, 10, 10))
    assert statements
    with transaction.atomic(), connection.cursor() as cursor:
        # with sequential scans priced out, a whole-table read means no index applies
        # (a partial index whose condition the statement does not imply, say)
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql, params in statements:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan" not in plan, plan
        transaction.set_rollback(True)


def test_the_planner_setting_is_put_back(w):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL random_page_cost = 3.5")
        alerts.sweep(at(2026, 3, 10, 10))
        cursor.execute("SELECT current_setting('random_page_cost')")
        assert cursor.fetchone()[0] == "3.5"
