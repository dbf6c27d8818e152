"""Verification outside any transaction (the command line): on PostgreSQL the index-column
check then runs on its own connection, beside the chain hashing. It must still find
tampering, and still name the first bad entry."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.audit.audit_helpers import dba, write
from yangguang.audit.models import AuditEntry
from yangguang.audit.verification import verify_database

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_clean_trail_verifies_with_background_index_check():
    write(30)
    assert not connection.in_atomic_block
    report = verify_database(check_signatures=False)
    assert report.ok, report.problems
    assert report.entries == AuditEntry.objects.count()


def test_changed_index_column_found_by_background_check():
    seqs = write(30)
    victim = seqs[11]
    with dba() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET action = 'org.delete' WHERE seq = %s",
            [victim],
        )
    assert not connection.in_atomic_block
    report = verify_database(check_signatures=False)
    assert not report.ok
    assert report.first_bad_seq == victim
    assert "index" in report.reason


def test_earlier_index_change_wins_over_later_chain_break():
    seqs = write(30)
    with dba() as cursor:
        table = AuditEntry._meta.db_table
        cursor.execute(f"UPDATE {table} SET actor_name = 'x' WHERE seq = %s", [seqs[4]])
        cursor.execute(f"DELETE FROM {table} WHERE seq = %s", [seqs[20]])
    report = verify_database(check_signatures=False)
    assert report.first_bad_seq == seqs[4]
