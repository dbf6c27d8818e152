"""The append-only triggers refuse the application's own updates and deletes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from tests.audit.audit_helpers import dba
from yangguang.audit.models import AuditEntry, AuditHead
from yangguang.audit.triggers import TABLE


def test_head_row_is_created_by_the_migration(db):
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (0, "0" * 64)


def test_orm_update_and_delete_are_refused(entries):
    entries(3)
    entry = AuditEntry.objects.get(seq=2)
    entry.action = "test.forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).update(object_id="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.get(seq=3).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 3
    assert AuditEntry.objects.get(seq=2).action == "test.audit_write"


def test_truncate_is_refused_on_postgresql(entries, django_db_blocker):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    entries(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
    assert AuditEntry.objects.count() == 2


def test_a_dba_can_switch_them_off_and_they_come_back(entries):
    entries(2)
    with dba() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET object_id = 'dba' WHERE seq = 1")
    assert AuditEntry.objects.get(seq=1).object_id == "dba"
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(object_id="again")
