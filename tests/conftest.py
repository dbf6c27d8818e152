"""Shared test setup.

* Tests marked ``postgres`` skip on other databases.
* The audit trail is append-only (database triggers), so the flush that ends a
  transactional test (``transaction=True``, ``transactional_db``, ``live_server``) would be
  refused: such tests get the trail emptied first, as a DBA would, by one fixture here.
* ``demo_county``: the demo county, built once per session and database
  (``tests/demo_db.py``); the tests that ask for it run after all the others.
* ``YANGGUANG_TESTS=db`` leaves out the tests that use no database (CI runs them once, in
  the SQLite run, not again on PostgreSQL); ``YANGGUANG_TESTS=fast`` (``make test-fast``)
  leaves out the browser tests and those of the demo county.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from tests.demo_db import DemoCounty, DemoDatabase
from tests.trees import Tree, county_tree

_DB_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "admin_user",
    "admin_client",
    "django_user_model",
    "_django_db_helper",
}
_demo: DemoDatabase | None = None  # set once the county has been built


def _uses_db(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or names & _DB_FIXTURES)


def _wants_demo(item: pytest.Item) -> bool:
    return "demo_county" in getattr(item, "fixturenames", ())


def _item_transactional(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = item.get_closest_marker("django_db")
    return bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selection = os.environ.get("YANGGUANG_TESTS", "")
    if selection in {"db", "fast"}:
        if selection == "db":
            keep = _uses_db
        else:  # make test-fast: neither the browser nor the demo county
            keep = lambda i: not (i.get_closest_marker("browser") or _wants_demo(i))  # noqa: E731
        kept = [i for i in items if keep(i)]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if not keep(i)])
            items[:] = kept
    # the demo county's tests last: those rolled back first, the transactional ones after
    # (each of those empties the database; the snapshot is put back for the next)
    order = {id(i): n for n, i in enumerate(items)}
    items.sort(
        key=lambda i: (
            (1 + _item_transactional(i)) if _wants_demo(i) else 0,
            order[id(i)],
        )
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    if _demo is None:
        return
    # before the test's own transaction opens: the county for those that ask for it,
    # the empty database every other test expects
    if _wants_demo(item):
        _demo.ensure_demo()
    elif _uses_db(item):
        _demo.ensure_empty()


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker) -> DemoDatabase:
    global _demo
    demo = DemoDatabase(django_db_blocker)
    demo.build()
    _demo = demo
    yield demo
    _demo = None
    demo.ensure_empty()


@pytest.fixture
def demo_county(_demo_database: DemoDatabase, db) -> DemoCounty:
    """The demo county as ``yangguang demo`` loads it (with ``tests.demo_db.CASES``
    cases), built once per session and database. The test runs in a transaction rolled
    back after it, or (``transaction=True``, ``live_server``) on the committed county,
    emptied after it."""
    assert _demo_database.holds_demo, "the demo county is not in the database"
    return _demo_database.county


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
    if _demo is not None and _demo.holds_demo:
        # the county's published versions are guarded too: everything emptied as a DBA would
        from yangguang.demo.loader import reset_database

        reset_database()
        _demo.emptied()
        return
    from yangguang.audit.models import AuditEntry
    from yangguang.audit.triggers import disabled

    with disabled(connection):
        AuditEntry.objects.all().delete()


@pytest.fixture
def tree(db) -> Tree:
    """The county most tests start from (``tests/trees.py``: regions, 县委, 县政府, two
    departments, the commission), built through the services. Apps whose tests need
    another shape say so in their own conftest."""
    return county_tree()
