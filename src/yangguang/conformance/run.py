"""One check from files, without Django: model, log, calendar in; a result out."""

from __future__ import annotations

import time
from pathlib import Path

from yangguang.conformance.checker import CheckError, CheckResult, Machine, check
from yangguang.conformance.logs import EventLog, read_log
from yangguang.flows.bpmn import BpmnError, parse_bpmn
from yangguang.flows.compiled import CompiledProcess
from yangguang.workdays.core import WorkCalendar


def load_model(path: str | Path) -> CompiledProcess:
    path = Path(path)
    if not path.exists():
        raise CheckError(
            "no_file", f"找不到流程文件 {path}", f"the model file {path} does not exist"
        )
    try:
        return parse_bpmn(path.read_bytes())
    except BpmnError as exc:
        where = f" [{exc.element}]" if exc.element else ""
        raise CheckError(
            exc.code, f"流程文件有误{where}: {exc.zh}", f"bad BPMN{where}: {exc.en}", exc.element
        ) from None


def package_calendar() -> WorkCalendar:
    """The calendar of the ``chinesecalendar`` package alone (no overrides): for use
    without a database (tests, benchmarks). The platform uses
    ``yangguang.workdays.selectors.current_calendar()``."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    return WorkCalendar(
        holidays=chinese_calendar.holidays,
        makeup_workdays=chinese_calendar.workdays,
        known_years=years,
    )


def run_check(
    process: CompiledProcess, log: EventLog | str | Path, calendar: WorkCalendar | None
) -> tuple[CheckResult, float]:
    started = time.perf_counter()
    machine = Machine(process)
    if not isinstance(log, EventLog):
        log = read_log(log)
    result = check(log, machine, calendar)
    return result, time.perf_counter() - started
