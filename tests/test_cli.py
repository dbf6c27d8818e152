"""The ``yangguang`` command end to end, as an operator runs it: the console script and
``python -m yangguang``, against a fresh SQLite database in a temporary state folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("yangguang")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("var")
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update(
        YANGGUANG_MODE="demo",
        YANGGUANG_VAR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'cli.sqlite3'}",
    )
    return environ


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        list(args), env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_demo_then_orgs_list(env):
    assert SCRIPT.exists() or shutil.which("yangguang"), "the console script is installed"
    migrated = run(env, sys.executable, "-m", "yangguang", "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    demo = run(env, str(SCRIPT), "demo")
    assert demo.returncode == 0, demo.stderr
    assert "http://127.0.0.1:8000" in demo.stdout
    assert "admin" in demo.stdout and "demo-pass-2026" in demo.stdout

    listed = run(env, str(SCRIPT), "orgs", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) >= 20
    for line in lines:
        code, tab, name = line.partition("\t")
        assert tab == "\t" and code and name and "\t" not in name
    # the same through python -m
    again = run(env, sys.executable, "-m", "yangguang", "orgs", "list")
    assert again.stdout == listed.stdout

    # loading twice changes nothing
    second = run(env, str(SCRIPT), "demo")
    assert second.returncode == 0 and "已存在" in second.stdout


def test_unknown_subcommand_fails_clearly(env):
    bad = run(env, str(SCRIPT), "orgs", "frobnicate")
    assert bad.returncode != 0
    assert "frobnicate" in bad.stderr


def test_serve_answers_on_the_address(env, tmp_path):
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(  # noqa: S603
        [str(SCRIPT), "serve", "--addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    body = r.read().decode()
                    asset = urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=5
                    )
                    assert asset.status == 200
                break
            except OSError:
                time.sleep(0.1)
        assert "阳光" in body
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}" in out


def test_serve_bad_address(env):
    bad = run(env, str(SCRIPT), "serve", "--addr", "nowhere")
    assert bad.returncode != 0
    assert "host:port" in bad.stderr
