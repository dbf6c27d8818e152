"""`yangguang orgs list | head`: every command that writes to its standard output ends
quietly when its reader has gone (status 0, no ``BrokenPipeError`` traceback, nothing on
standard error), whichever command it is. Each runs as the console script in a
subprocess whose standard output is a pipe already closed at the reading end, so the
first line it writes meets the closed pipe (no race with a reader)."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.cli_support import SCRIPT, base_env, prepared_state
from tests.conformance.helpers import LICENCE

LOG = "case_id,activity,timestamp,resource,role\n1,受理,2026-01-05 09:00,张三,窗口\n"

# every command of the README that writes to its standard output, and Django's own
COMMANDS = [
    ("orgs", "list"),
    ("orgs", "report-principal", "--on", "2026-12-01"),
    ("audit", "verify"),
    ("audit", "checkpoint"),
    ("powers", "report"),
    ("powers", "types"),
    ("powers", "status", "--org", "D1"),
    ("workcalendar", "show", "2026"),
    ("calendar", "deadline", "2026-03-02T09:00", "10"),
    ("meetings", "check", "--org", "D1", "--from", "2026-07-01", "--to", "2026-09-30"),
    ("supervise", "check", "--log", "log.csv", "--out", "flow.json", "--flow", "licence.bpmn"),
    ("supervise", "check", "--log", "log.csv", "--out", "p.json", "--power", "D1:XK00001000"),
    ("scheduler", "--once"),
    ("help",),
    ("orgs", "--help"),
    ("showmigrations",),
]


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    from yangguang.paths import write_demo_marker

    var = (tmp_path_factory.mktemp("state") / "var").resolve()
    prepared_state(var)
    # what `yangguang demo` leaves in the state directory (as tests/test_cli.py)
    write_demo_marker(var, f"sqlite:///{var / 'yangguang.sqlite3'}")
    cwd = tmp_path_factory.mktemp("elsewhere")
    (cwd / "log.csv").write_text(LOG, encoding="utf-8")
    (cwd / "licence.bpmn").write_bytes(LICENCE)
    return {"env": base_env(var), "cwd": cwd}


def run_into_closed_pipe(state, *args: str) -> subprocess.CompletedProcess:
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line
    try:
        return subprocess.run(  # noqa: S603 (our own command, fixed arguments)
            [str(SCRIPT), *args], env=state["env"], cwd=state["cwd"], stdout=write,
            stderr=subprocess.PIPE, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        os.close(write)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_closed_reader_ends_the_command_quietly(state, args):
    done = run_into_closed_pipe(state, *args)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.stderr == "", done.stderr
    assert done.returncode == 0, done.returncode
