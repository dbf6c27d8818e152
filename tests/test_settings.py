"""The settings refuse to start production without explicit, sane configuration, and
demo mode keeps its generated secret key. Each case imports the settings in a fresh
interpreter with a controlled environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
GOOD_KEY = "k" * 50
PRINT = (
    "import json, yangguang.settings as s; "
    "print(json.dumps({'key': s.SECRET_KEY, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def run_settings(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    clean.update({"PYTHONPATH": str(SRC), "YANGGUANG_VAR": str(tmp_path / "var")})
    clean.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production(**overrides):
    env = {
        "YANGGUANG_MODE": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "yg.example.cn",
        "DEBUG": "false",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_production_starts_with_explicit_settings(tmp_path):
    result = run_settings(tmp_path, **production())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {"key": GOOD_KEY, "debug": False, "hosts": ["yg.example.cn"]}


def test_production_is_the_default_mode(tmp_path):
    env = production()
    del env["YANGGUANG_MODE"]
    del env["SECRET_KEY"]
    result = run_settings(tmp_path, **env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"])
def test_production_refuses_missing(tmp_path, missing):
    result = run_settings(tmp_path, **production(**{missing: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "yg.example.cn,*"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"YANGGUANG_MODE": "staging"}, "YANGGUANG_MODE"),
    ],
)
def test_production_refuses_bad_values(tmp_path, overrides, needle):
    result = run_settings(tmp_path, **production(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and needle in result.stderr


def test_demo_generates_a_key_and_keeps_it(tmp_path):
    (tmp_path / "var").mkdir()  # made by `yangguang demo` or `yangguang migrate`
    (tmp_path / "elsewhere" / "var").mkdir(parents=True)
    first = run_settings(tmp_path, YANGGUANG_MODE="demo")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    key = json.loads(first.stdout)["key"]
    assert len(key) >= 50 and key == key_file.read_text().strip()
    second = run_settings(tmp_path, YANGGUANG_MODE="demo")
    assert json.loads(second.stdout)["key"] == key
    other = run_settings(tmp_path / "elsewhere", YANGGUANG_MODE="demo")
    assert json.loads(other.stdout)["key"] != key


def _marked(tmp_path, url: str | None = None) -> None:
    from yangguang.paths import write_demo_marker

    var = (tmp_path / "var").resolve()
    write_demo_marker(var, url or f"sqlite:///{var / 'yangguang.sqlite3'}")


def test_a_state_directory_holding_a_demo_runs_in_demo_mode(tmp_path):
    _marked(tmp_path)
    result = run_settings(tmp_path)  # no YANGGUANG_MODE, no SECRET_KEY
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "secret_key").exists()


def test_the_demo_marker_is_for_its_own_database_only(tmp_path):
    _marked(tmp_path)
    other = run_settings(tmp_path, DATABASE_URL="postgres://u@db.example.cn:5432/prod")
    assert other.returncode != 0 and "SECRET_KEY" in other.stderr
    _marked(tmp_path, "sqlite:////elsewhere/other.sqlite3")
    moved = run_settings(tmp_path)
    assert moved.returncode != 0 and "SECRET_KEY" in moved.stderr


def test_production_said_explicitly_overrides_the_demo_marker(tmp_path):
    _marked(tmp_path)
    result = run_settings(tmp_path, YANGGUANG_MODE="production")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_missing_state_directory_is_not_created_by_reading_the_settings(tmp_path):
    result = run_settings(tmp_path, YANGGUANG_MODE="demo")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "var").exists()
