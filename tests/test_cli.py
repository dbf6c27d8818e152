"""The ``yangguang`` command end to end, as a user runs it after ``make demo``: the console
script in a subprocess, with nothing in the environment but where the state directory is
(``YANGGUANG_VAR``, as the installation finds it), run from the project root and from a
directory of its own. The state directory is prepared once for the module
(``tests/cli_support.py``: a migrated database, a small world, the demo marker
``yangguang demo`` leaves), not by loading the whole demo county."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.cli_support import ROOT, SCRIPT, base_env, prepared_state, run
from tests.conformance.helpers import LICENCE

LOG = (
    "case_id,activity,timestamp,resource,role\n"
    "1,受理,2026-01-05 09:00,张三,窗口\n1,审查,2026-01-06 10:00,李四,业务科\n"
    "1,决定,2026-01-07 11:00,王五,领导\n"
    "2,受理,2026-01-05 09:00,张三,窗口\n2,决定,2026-01-06 10:00,张三,窗口\n"
    "3,受理,2026-01-05 09:00,赵六,窗口\n"
)


@pytest.fixture(scope="module")
def state(tmp_path_factory):
    from yangguang.paths import write_demo_marker

    var = (tmp_path_factory.mktemp("state") / "var").resolve()
    info = prepared_state(var)
    # what `yangguang demo` leaves in the state directory (tests/demo/test_marker.py)
    write_demo_marker(var, f"sqlite:///{var / 'yangguang.sqlite3'}")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "log.csv").write_text(LOG, encoding="utf-8")
    (elsewhere / "licence.bpmn").write_bytes(LICENCE)
    return {"var": var, "env": base_env(var), "cwd": elsewhere, **info}


def yg(state, *args: str, cwd=None):
    return run(state["env"], str(SCRIPT), *args, cwd=cwd or state["cwd"])


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_readme_commands_work_from_a_foreign_directory(state):
    cwd: Path = state["cwd"]
    lines = ok(yg(state, "orgs", "list")).splitlines()
    assert "D1\t某县市场监督管理局" in lines
    for line in lines:
        code, tab, name = line.partition("\t")
        assert tab == "\t" and code and name and "\t" not in name
    assert "principal" in ok(yg(state, "orgs", "report-principal", "--on", "2026-12-01"))
    assert ok(yg(state, "audit", "checkpoint"))
    assert ok(yg(state, "audit", "verify"))
    assert "entries" in ok(yg(state, "audit", "export", "--out", "trail.out"))
    assert (cwd / "trail.out").stat().st_size > 0
    assert "某县市场监督管理局" in ok(yg(state, "powers", "report", "--org", "D1"))
    ok(yg(state, "meetings", "check", "--org", "D1", "--from", "2026-07-01", "--to", "2026-09-30"))
    ok(yg(state, "meetings", "report", "--org", "C1", "--quarter", "2026Q3", "--out", "q.pdf"))
    assert (cwd / "q.pdf").read_bytes().startswith(b"%PDF")
    args = ("supervise", "check", "--log", "log.csv", "--out")
    assert "3 个案件" in ok(yg(state, *args, "flow.json", "--flow", "licence.bpmn"))
    assert "3 个案件" in ok(yg(state, *args, "power.json", "--power", "D1:XK00001000"))
    assert json.loads((cwd / "power.json").read_text())["summary"]["cases"] == 3
    assert "已排队" in ok(yg(state, "scheduler", "--once"))
    ok(yg(state, "worker", "--batch"))  # runs what the scheduler queued, then exits
    ok(yg(state, "migrate"))
    assert not (cwd / "var").exists()  # nothing made where the user stands


def test_the_same_from_the_project_root(state):
    here = ok(yg(state, "orgs", "list"))
    assert ok(yg(state, "orgs", "list", cwd=ROOT)) == here
    again = run(state["env"], sys.executable, "-m", "yangguang", "orgs", "list", cwd=ROOT)
    assert ok(again) == here


def _one_line(result) -> str:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_missing_database_is_one_line_and_nothing_is_created(tmp_path):
    var = tmp_path / "no-such-var"
    env = base_env(var, YANGGUANG_MODE="demo")
    for args in (("orgs", "list"), ("audit", "verify"), ("serve",), ("worker",)):
        line = _one_line(run(env, str(SCRIPT), *args, cwd=tmp_path))
        assert "数据库不存在" in line and "does not exist" in line
        assert "yangguang demo" in line and "yangguang migrate" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no var/ here, none at var


def test_production_without_settings_refuses_in_one_line(tmp_path):
    line = _one_line(run(base_env(tmp_path / "var"), str(SCRIPT), "orgs", "list", cwd=tmp_path))
    assert "SECRET_KEY" in line and "生产模式" in line
    assert not (tmp_path / "var").exists()


def test_an_unmigrated_database_says_to_migrate(tmp_path, state):
    empty = tmp_path / "empty"
    empty.mkdir()
    sqlite3.connect(empty / "yangguang.sqlite3").close()
    line = _one_line(run(base_env(empty, YANGGUANG_MODE="demo"), str(SCRIPT), "orgs", "list"))
    assert "尚未迁移" in line and "yangguang migrate" in line

    behind = tmp_path / "behind"
    behind.mkdir()
    db = behind / "yangguang.sqlite3"
    src, dst = sqlite3.connect(state["var"] / "yangguang.sqlite3"), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.execute("DELETE FROM django_migrations WHERE app = 'core' AND name = '0002_worker_beat'")
    dst.commit()
    dst.close()
    env = base_env(behind, YANGGUANG_MODE="demo")
    line = _one_line(run(env, str(SCRIPT), "powers", "report"))
    assert "core.0002_worker_beat" in line and "yangguang migrate" in line


def test_the_state_directory_is_the_checkouts_from_anywhere(tmp_path):
    env = base_env(tmp_path)
    del env["YANGGUANG_VAR"]
    code = "from yangguang.paths import var_dir; print(var_dir())"
    found = ok(run(env, sys.executable, "-c", code, cwd=tmp_path)).strip()
    assert found == str(ROOT / "var")
    assert list(tmp_path.iterdir()) == []


def test_unknown_subcommand_fails_clearly(state):
    bad = yg(state, "orgs", "frobnicate")
    assert bad.returncode != 0
    assert "frobnicate" in bad.stderr


def test_serve_bad_address(state):
    bad = yg(state, "serve", "--addr", "nowhere")
    assert bad.returncode != 0
    assert "host:port" in bad.stderr


# --- the site with its background processes --------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, state, *extra: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = state["token"]
        self.proc = subprocess.Popen(  # noqa: S603
            [str(SCRIPT), "serve", "--addr", f"127.0.0.1:{self.port}", *extra],
            env=state["env"],
            cwd=state["cwd"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = ""
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as r:  # noqa: S310
                    self.home = r.read().decode()
                return
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise AssertionError(f"the server did not answer:\n{self.output}") from None
                time.sleep(0.2)

    def call(self, method: str, path: str, body: bytes | None = None, ctype: str = ""):
        request = urllib.request.Request(self.base + path, data=body, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.token}")
        if ctype:
            request.add_header("Content-Type", ctype)
        try:
            with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def start_check(self, fields: dict[str, str], log: bytes, name: str = "log.csv"):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="log"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + log
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.call(
            "POST",
            "/api/v1/conformance/checks",
            b"".join(parts),
            f"multipart/form-data; boundary={boundary}",
        )

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
        out, _ = self.proc.communicate(timeout=60)
        self.output += out or ""
        return self.output


def _children(output: str) -> list[int]:
    return [int(line.rsplit("pid ", 1)[1]) for line in output.splitlines() if ": pid " in line]


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1].startswith("Z")  # a zombie has exited
    except FileNotFoundError:
        return True


def test_serve_runs_the_worker_and_a_queued_check_completes_within_a_minute(state):
    server = Server(state)
    try:
        assert "阳光" in server.home
        status, body = server.start_check({"org": "D1", "power": "XK00001000"}, LOG.encode())
        assert (status, body["status"]) == (202, "queued") and isinstance(body["id"], int)
        deadline = time.monotonic() + 60
        while True:
            status, check = server.call("GET", f"/api/v1/conformance/checks/{body['id']}")
            assert status == 200
            if check["status"] in ("done", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        output = server.stop()
    assert check["status"] == "done", (check, output)
    assert check["progress"] == 100 and check["summary"]["cases"] == 3
    # the report is the command line's for the same log and power
    cli = state["cwd"] / "serve-cli.json"
    args = ("--log", "log.csv", "--out", cli.name, "--power", "D1:XK00001000")
    ok(yg(state, "supervise", "check", *args))
    expected = json.loads(cli.read_text())
    assert check["report"]["deviations"] == expected["deviations"]
    del check["report"]["summary"]["seconds"], expected["summary"]["seconds"]
    assert check["report"]["summary"] == expected["summary"]
    # demo mode found from the state directory; the worker and scheduler ran and stopped
    assert "demo-pass-2026" in output
    pids = _children(output)
    assert len(pids) == 2, output
    assert all(_gone(pid) for pid in pids)
    with sqlite3.connect(state["var"] / "yangguang.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM core_workerbeat").fetchone() == (0,)


def test_serve_no_worker_leaves_the_check_queued_for_a_worker_of_its_own(state):
    server = Server(state, "--no-worker")
    try:
        status, body = server.start_check({"org": "D1", "power": "XK00001000"}, LOG.encode())
        assert status == 202
        time.sleep(1.5)
        status, check = server.call("GET", f"/api/v1/conformance/checks/{body['id']}")
        assert (status, check["status"], check["report"]) == (200, "queued", None)
        assert "yangguang worker" in check["waiting"]
        ok(yg(state, "worker", "--batch"))
        status, check = server.call("GET", f"/api/v1/conformance/checks/{body['id']}")
        assert check["status"] == "done" and check["report"]["summary"]["cases"] == 3
    finally:
        output = server.stop()
    assert "--no-worker" in output and _children(output) == []
