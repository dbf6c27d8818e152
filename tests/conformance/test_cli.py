"""``yangguang supervise check``: exit codes, messages and the report's shape; the
shared real logs when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conformance.helpers import LICENCE

DATA = Path("/work/shared/data/eventlogs")
ROAD = Path(__file__).resolve().parents[2] / "bench" / "models" / "road_fines.bpmn"
CSV = (
    "case_id,activity,timestamp,resource\n"
    "1,受理,2026-01-05 09:00,张三\n1,审查,2026-01-06 10:00,李四\n1,决定,2026-01-07 11:00,王五\n"
    "2,受理,2026-01-05 09:00,张三\n2,决定,2026-01-06 10:00,张三\n"
)


@pytest.fixture
def files(tmp_path):
    flow = tmp_path / "m.bpmn"
    flow.write_bytes(LICENCE)
    log = tmp_path / "log.csv"
    log.write_text(CSV, encoding="utf-8")
    return tmp_path, flow, log


def _check(*args):
    call_command("supervise", "check", *args)


def test_report_shape_and_exit_zero(db, files, capsys):
    tmp, flow, log = files
    out = tmp / "r.json"
    _check("--flow", str(flow), "--log", str(log), "--out", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"summary", "deviations"}
    s = report["summary"]
    assert set(s) == {"cases", "events", "conformant_cases", "deviations", "seconds"}
    assert (s["cases"], s["events"], s["conformant_cases"]) == (2, 5, 1)
    assert s["deviations"] == {"missing_step": 1, "sod_violation": 1}
    assert s["seconds"] >= 0
    for d in report["deviations"]:
        assert set(d) == {"case_id", "kind", "activity", "event_index", "detail"}
        assert d["case_id"] == "2"
    assert "2 个案件" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("log_text", "needle"),
    [
        ("", "empty"),
        ("case_id,activity\n1,a\n", "resource"),
        ("case_id,activity,timestamp,resource\n1,受理,not a time,x\n", "line 2"),
    ],
)
def test_bad_log_exits_non_zero_with_a_clear_message(db, files, capsys, log_text, needle):
    tmp, flow, log = files
    log.write_text(log_text, encoding="utf-8")
    out = tmp / "r.json"
    with pytest.raises(SystemExit) as exc:
        _check("--flow", str(flow), "--log", str(log), "--out", str(out))
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "检查未能进行" in err and needle in err
    assert not out.exists()  # never a partial report


def test_bpmn_without_task_names_the_element(db, files, capsys):
    tmp, flow, log = files
    flow.write_text(
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        '<bpmn:process id="Proc_empty"><bpmn:startEvent id="S"/><bpmn:endEvent id="E"/>'
        '<bpmn:sequenceFlow id="F" sourceRef="S" targetRef="E"/></bpmn:process>'
        "</bpmn:definitions>"
    )
    with pytest.raises(SystemExit):
        _check("--flow", str(flow), "--log", str(log), "--out", str(tmp / "r.json"))
    assert "Proc_empty" in capsys.readouterr().err


def test_flow_or_power_required(db, files, capsys):
    tmp, _, log = files
    with pytest.raises(SystemExit):
        _check("--log", str(log), "--out", str(tmp / "r.json"))
    assert "--flow" in capsys.readouterr().err


def test_unknown_power(db, files, capsys):
    tmp, _, log = files
    with pytest.raises(SystemExit):
        _check("--power", "XK404", "--log", str(log), "--out", str(tmp / "r.json"))
    assert "XK404" in capsys.readouterr().err


def test_power_loads_the_published_model(w_published, files):
    tmp, _, log = files
    out = tmp / "r.json"
    _check("--power", w_published.licence.code, "--log", str(log), "--out", str(out))
    assert json.loads(out.read_text())["summary"]["cases"] == 2


@pytest.mark.skipif(not (DATA / "running-example.xes").exists(), reason="shared logs absent")
def test_running_example_runs(db, tmp_path):
    out = tmp_path / "r.json"
    flow = tmp_path / "m.bpmn"
    flow.write_bytes(LICENCE)
    _check("--flow", str(flow), "--log", str(DATA / "running-example.xes"), "--out", str(out))
    s = json.loads(out.read_text())["summary"]
    assert (s["cases"], s["events"]) == (6, 42)
    assert s["deviations"]["unknown_activity"] == 42  # none of its activities is in the model


@pytest.mark.skipif(not (DATA / "roadtraffic100traces.xes").exists(), reason="shared logs absent")
def test_road_fines_sample_against_the_prescribed_model():
    from yangguang.conformance.checker import Machine, check
    from yangguang.conformance.logs import read_log
    from yangguang.conformance.run import load_model, package_calendar
    from yangguang.workdays.core import WorkCalendar

    pc = package_calendar()
    # the log reaches back to 2000: those years taken as known (weekends only) here
    cal = WorkCalendar(
        holidays=pc.holidays,
        makeup_workdays=pc.makeup_workdays,
        known_years=set(pc.known_years) | set(range(1999, 2004)),
    )
    log = read_log(DATA / "roadtraffic100traces.xes")
    result = check(log, Machine(load_model(ROAD)), cal)
    assert result.cases == 100 and result.events == log.n_events
    assert "unknown_activity" not in result.counts  # every activity is in the model
    conformant = {d[0] for d in result.deviations}
    assert result.conformant_cases == 100 - len(conformant)
