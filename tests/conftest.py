"""Shared test setup: tests marked ``postgres`` skip on other databases."""

from __future__ import annotations

import pytest
from django.db import connection


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
