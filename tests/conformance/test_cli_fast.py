"""``yangguang supervise check --flow`` without Django: the console script's fast path
gives the same report, messages and exit codes as the management command, with the
calendar (overrides, complete years) read from the same database."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.conformance.helpers import LICENCE
from yangguang.conformance import run

ROOT = Path(__file__).resolve().parents[2]
# 2026-01-06 made a holiday below: 审查 of case 1 is late without it and in time with it;
# case 3 lies in 2003, a year the package does not know, marked complete below
CSV = (
    "case_id,activity,timestamp,resource\n"
    "1,受理,2026-01-05 09:00,张三\n1,审查,2026-01-08 10:00,李四\n1,决定,2026-01-09 11:00,王五\n"
    "2,受理,2026-01-05 09:00,张三\n2,决定,2026-01-06 10:00,张三\n"
    "3,受理,2003-03-03 09:00,张三\n3,审查,2003-03-04 10:00,李四\n3,决定,2003-03-05 11:00,王五\n"
)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    assert connection.vendor == "postgresql"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def overrides(transactional_db):
    from yangguang.workdays import selectors
    from yangguang.workdays.models import CalendarDay, CalendarYear

    now = timezone.now()
    CalendarDay.objects.create(
        date=datetime.date(2026, 1, 6), kind="holiday", name="测试假日", created_at=now
    )
    for y in range(2000, 2004):
        CalendarYear.objects.create(year=y, complete=True, updated_at=now)
    selectors.invalidate()
    yield
    selectors.invalidate()


def _both(tmp_path, capsys, log_text: str, flow_bytes: bytes = LICENCE):
    flow = tmp_path / "m.bpmn"
    flow.write_bytes(flow_bytes)
    log = tmp_path / "log.csv"
    log.write_text(log_text, encoding="utf-8")
    slow, fast = tmp_path / "slow.json", tmp_path / "fast.json"
    args = ["--flow", str(flow), "--log", str(log)]
    try:
        call_command("supervise", "check", *args, "--out", str(slow))
        slow_code = 0
    except SystemExit as exc:
        slow_code = exc.code
    slow_out = capsys.readouterr()
    options = run.fast_check_args(["supervise", "check", *args, "--out", str(fast)])
    assert options is not None
    fast_code = run.main_check(options, _database_url())
    fast_out = capsys.readouterr()
    return (slow, slow_code, slow_out), (fast, fast_code, fast_out)


def _report(path: Path) -> dict:
    report = json.loads(path.read_text(encoding="utf-8"))
    report["summary"].pop("seconds")
    return report


def test_same_report_as_the_django_command(overrides, tmp_path, capsys):
    (slow, sc, so), (fast, fc, fo) = _both(tmp_path, capsys, CSV)
    assert sc == fc == 0
    assert _report(slow) == _report(fast)
    s = _report(fast)["summary"]
    assert (s["cases"], s["events"]) == (3, 8)
    assert "step_overdue" not in s["deviations"]  # the override holiday was read
    assert so.out.rsplit(";", 1)[0] == fo.out.rsplit(";", 1)[0]


def test_calendar_equals_the_platform_calendar(overrides):
    from yangguang.workdays.selectors import build_calendar

    # the official arrangement only: the lateness check refuses provisional years
    mine, theirs = run.database_calendar(_database_url()), build_calendar(provisional=False)
    assert mine.holidays == theirs.holidays
    assert mine.makeup_workdays == theirs.makeup_workdays
    assert mine.known_years == theirs.known_years


@pytest.mark.parametrize(
    ("log_text", "needle"),
    [
        ("", "empty"),
        ("case_id,activity\n1,a\n", "resource"),
        ("case_id,activity,timestamp,resource\n1,受理,not a time,x\n", "line 2"),
        ("case_id,activity,timestamp,resource\n1,受理,1990-01-02 09:00,x\n", "1990"),
    ],
)
def test_same_errors_and_exit_codes(overrides, tmp_path, capsys, log_text, needle):
    (slow, sc, so), (fast, fc, fo) = _both(tmp_path, capsys, log_text)
    assert sc == fc and so.err == fo.err
    if sc:
        assert needle in fo.err
        assert not slow.exists() and not fast.exists()
    else:
        assert _report(slow) == _report(fast)


def test_bad_model_same_message(overrides, tmp_path, capsys):
    bad = (
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        b'<bpmn:process id="Proc_empty"><bpmn:startEvent id="S"/><bpmn:endEvent id="E"/>'
        b'<bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E"/></bpmn:process>'
        b"</bpmn:definitions>"
    )
    (_, sc, so), (_, fc, fo) = _both(tmp_path, capsys, CSV, bad)
    assert sc == fc == 2 and so.err == fo.err and "Proc_empty" in fo.err


@pytest.mark.parametrize(
    "argv",
    [
        ["supervise", "check", "--power", "X", "--log", "l", "--out", "o"],
        ["supervise", "check", "--flow", "f", "--power", "X", "--log", "l", "--out", "o"],
        ["supervise", "check", "--flow", "f", "--log", "l"],
        ["supervise", "check", "--flow", "f", "--log", "l", "--out", "o", "--verbosity", "2"],
        ["supervise", "check", "--flow", "f", "--flow", "g", "--log", "l", "--out", "o"],
        ["supervise", "--help"],
        ["migrate"],
    ],
)
def test_other_invocations_go_to_django(argv):
    assert run.fast_check_args(argv) is None


def test_fast_arguments():
    argv = ["supervise", "check", "--out=o.json", "--log", "l.csv", "--flow", "m.bpmn"]
    assert run.fast_check_args(argv) == {"flow": "m.bpmn", "log": "l.csv", "out": "o.json"}


def test_unusable_database_falls_back(tmp_path):
    with pytest.raises(run.NeedDjango):
        run.database_calendar(f"sqlite:///{tmp_path / 'absent.sqlite3'}")
    with pytest.raises(run.NeedDjango):
        run.database_calendar("mysql://u@h/db")


CHILD = """
import sys
from yangguang import cli
try:
    cli.main(sys.argv[1:])
finally:
    heavy = [m for m in ("django.db", "django.apps", "django.conf", "ninja", "pydantic")
             if m in sys.modules]
    sys.stderr.write("HEAVY=%r\\n" % heavy)
"""


def test_console_script_path_does_not_load_django(overrides, tmp_path):
    import os

    flow = tmp_path / "m.bpmn"
    flow.write_bytes(LICENCE)
    log = tmp_path / "log.csv"
    log.write_text(CSV, encoding="utf-8")
    out = tmp_path / "r.json"
    env = {**os.environ, "DATABASE_URL": _database_url()}
    argv = ["supervise", "check", "--flow", str(flow), "--log", str(log), "--out", str(out)]
    proc = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", CHILD, *argv], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY=[]" in proc.stderr
    assert "3 个案件" in proc.stdout
    assert _report(out)["summary"]["events"] == 8
