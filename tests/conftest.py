"""Shared test setup.

* Tests marked ``postgres`` skip on other databases.
* The audit trail is append-only (database triggers), so the flush that ends a
  transactional test (``transaction=True``, ``transactional_db``, ``live_server``) would be
  refused: such tests get the trail emptied first, as a DBA would, by one fixture here.
"""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )


@pytest.fixture(autouse=True)
def _audit_trail_emptied_before_flush(request: pytest.FixtureRequest):
    if not _is_transactional(request):
        yield
        return
    # Requested from here, the database fixture is torn down after this one: the trail is
    # emptied before the flush.
    request.getfixturevalue("transactional_db")
    yield
    from yangguang.audit.models import AuditEntry
    from yangguang.audit.triggers import disabled

    with disabled(connection):
        AuditEntry.objects.all().delete()
