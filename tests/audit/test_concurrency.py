"""Concurrent writers never fork the chain and never leave a gap (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.audit.audit_helpers import write
from yangguang.audit.models import AuditEntry
from yangguang.audit.verification import verify_database

THREADS, WRITES = 8, 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_threads_fifty_writes_each():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    start = AuditEntry.objects.count()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    seqs: list[int] = []
    lock = threading.Lock()

    def worker():
        try:
            barrier.wait()
            mine = write(WRITES)
            with lock:
                seqs.extend(mine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    total = THREADS * WRITES
    assert sorted(seqs) == list(range(start + 1, start + total + 1))
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, start + total + 1)
    )
    report = verify_database()
    assert report.ok, report.problems
    assert report.entries == start + total
