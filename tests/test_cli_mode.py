"""`yangguang demo` on the embedded database is the demo without YANGGUANG_MODE; with a
configured DATABASE_URL the mode stays what it is given (production by default)."""

from __future__ import annotations

import django.core.management
import pytest

from yangguang import cli


@pytest.fixture
def ran(monkeypatch):
    seen: dict[str, object] = {}

    def fake_execute(argv):
        import os

        seen["argv"] = argv
        seen["mode"] = os.environ.get("YANGGUANG_MODE")

    monkeypatch.setattr(cli, "prepare", lambda command: None)
    monkeypatch.setattr(django.core.management, "execute_from_command_line", fake_execute)
    monkeypatch.delenv("YANGGUANG_MODE", raising=False)
    return seen


def test_demo_on_the_embedded_database_runs_in_demo_mode(ran, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    cli.main(["demo"])
    assert ran["argv"] == ["yangguang", "demo"]
    assert ran["mode"] == "demo"


def test_demo_on_a_configured_database_keeps_its_mode(ran, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/somewhere")
    cli.main(["demo"])
    assert ran["mode"] is None


def test_other_commands_do_not_choose_a_mode(ran, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    cli.main(["orgs", "list"])
    assert ran["mode"] is None
