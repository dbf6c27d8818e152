"""Schemathesis over every operation of ``/api/v1`` (issue 25 point 7): generated from
the OpenAPI document (its examples, its boundaries and values outside them, then random
values), sent in-process through the WSGI application (no network), with a system
administrator's token, over a small world with a meeting, a case, a complaint and trail
entries. Every answer is documented for its operation, none is a 5xx,
and every error is the API's JSON error in both languages.

Bounded: a fixed seed, a few examples per operation and phase, no stateful phase, no
example database: under a minute of CPU here (the figures are printed with ``-s``)."""

from __future__ import annotations

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.core.result import Ok
from schemathesis.pytest.lazy import get_all_tests

from tests import factories as f
from tests.core.test_api import SYSTEM
from yangguang.accounts import services as accounts

#: per operation: examples of each phase (coverage: the boundaries, and values outside)
MAX_EXAMPLES = 8
CONFIG = {
    "seed": 20250,
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
    },
}
ERROR_SHAPE = {"code", "field", "message_zh", "message_en", "message"}


@pytest.fixture
def in_process():
    """WSGI requests inside the test's transaction: the connection is not closed at the
    end of each request (as Django's test client arranges it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(world):
    """Rows for the generated keys to find (keys start at 1 in a fresh test database)."""
    f.TopicFactory()
    f.CaseFactory()
    f.ComplaintFactory(organisation=world.own.org)
    f.AuditEntryFactory.create_batch(3)
    return world


def _error_shape(case, response) -> None:
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]  # lists, lower case
    assert content_type.startswith("application/json"), (
        f"{case.method} {case.formatted_path}: {response.status_code} not JSON"
    )
    body = response.json()
    assert isinstance(body, dict) and set(body) >= ERROR_SHAPE, (
        f"{case.method} {case.formatted_path}: {response.status_code} {body}"
    )
    assert body["message_zh"] and body["message_en"], body


def test_every_operation_answers_as_documented(seeded, in_process):
    _, secret = accounts.api_token_create(
        actor=SYSTEM, user=seeded.users["sysadmin"], name="schemathesis"
    )
    config = schemathesis.Config.from_dict(
        {**CONFIG, "headers": {"Authorization": f"Bearer {secret}"}}
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_process, config=config)
    requests, statuses = 0, set()

    def check(case):
        nonlocal requests
        requests += 1
        response = case.call()
        statuses.add(response.status_code)
        case.validate_response(response)
        _error_shape(case, response)

    failures: dict[str, BaseException] = {}
    operations = 0
    started, cpu = time.monotonic(), time.process_time()
    for result in get_all_tests(schema=schema, test_func=check, settings=None, given_kwargs=None):
        assert isinstance(result, Ok), result.err()
        operation, test = result.ok()
        operations += 1
        try:
            test()
        except (AssertionError, BaseExceptionGroup) as exc:  # FailureGroup: schemathesis'
            failures[operation.label] = exc
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(
        f"\nschemathesis: {operations} operations, {requests} requests, "
        f"statuses {sorted(statuses)}, {elapsed:.0f} s ({cpu:.0f} s of CPU)"
    )
    report = "\n\n".join(f"{label}:\n{str(exc)[:2000]}" for label, exc in failures.items())
    assert not failures, f"{len(failures)} operations failed:\n{report}"
    assert operations > 50 and requests >= 20 * operations
    assert 500 not in statuses
