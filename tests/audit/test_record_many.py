"""Appending several entries at once: one chain, same payloads as one by one, and the
head moved once; an empty batch writes nothing; outside a transaction it is refused."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.audit.audit_helpers import SYSTEM, TEST_WRITE
from yangguang.audit.models import AuditEntry, AuditHead
from yangguang.audit.services import AuditRecord, audit_record, audit_record_many
from yangguang.audit.verification import verify_database

pytestmark = pytest.mark.django_db


def test_batch_continues_the_chain_and_verifies():
    with transaction.atomic():
        audit_record(actor=SYSTEM, action=TEST_WRITE, object_type="test.thing", object_id=0)
    with transaction.atomic():
        entries = audit_record_many(
            actor=SYSTEM,
            records=[
                AuditRecord(TEST_WRITE, object_type="test.thing", object_id=i, org_id=None)
                for i in range(1, 251)
            ],
        )
    assert [e.seq for e in entries] == list(range(2, 252))
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 252))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (251, entries[-1].hash)
    report = verify_database(check_signatures=False)
    assert report.ok, report.problems
    assert report.entries == 251


def test_empty_batch_writes_nothing():
    with transaction.atomic():
        assert audit_record_many(actor=SYSTEM, records=[]) == []
    assert AuditEntry.objects.count() == 0


def test_batch_rolls_back_with_its_transaction():
    with pytest.raises(RuntimeError, match="boom"), transaction.atomic():
        audit_record_many(actor=SYSTEM, records=[AuditRecord(TEST_WRITE) for _ in range(5)])
        raise RuntimeError("boom")
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_batch_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record_many(actor=SYSTEM, records=[AuditRecord(TEST_WRITE)])
