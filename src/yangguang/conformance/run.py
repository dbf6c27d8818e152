"""One check from files, without Django: model, log, calendar in; a result out."""

from __future__ import annotations

import os
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
        with path.open("rb") as fh:  # read in chunks, refused as soon as it is too much
            return parse_bpmn(
                fh,
                max_bytes=_env_int("YANGGUANG_BPMN_MAX_BYTES"),
                max_elements=_env_int("YANGGUANG_BPMN_MAX_ELEMENTS"),
            )
    except BpmnError as exc:
        where = f" [{exc.element}]" if exc.element else ""
        raise CheckError(
            exc.code, f"流程文件有误{where}: {exc.zh}", f"bad BPMN{where}: {exc.en}", exc.element
        ) from None


def _env_int(name: str) -> int | None:
    """A bound from the environment (the settings read the same variables), or None
    for the parser's default."""
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


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


# --- ``yangguang supervise check --flow …`` without Django -----------------------------
#
# The console script sends ``supervise check --flow FLOW --log LOG --out OUT`` (no
# ``--power``, no other option) here, so a bulk check does not pay for Django's start-up.
# Same arguments, report, messages and exit codes as the management command
# (``management/commands/supervise.py``), which still serves ``--power`` and anything
# unusual. The calendar is the one ``workdays.selectors.current_calendar()`` builds (the
# package, the national overrides, the years declared complete), read from the database
# with two plain queries; whenever that cannot be done plainly (another database engine,
# a missing table, …) the caller falls back to the Django command.

_FAST_OPTIONS = ("--flow", "--log", "--out")


class NeedDjango(Exception):
    """This invocation must go through the Django command."""


def fast_check_args(argv: list[str]) -> dict[str, str] | None:
    """``{"flow", "log", "out"}`` when ``argv`` (after the program name) is exactly
    ``supervise check`` with ``--flow``, ``--log`` and ``--out`` (each once, as
    ``--opt value`` or ``--opt=value``); otherwise ``None``."""
    if len(argv) < 2 or argv[0] != "supervise" or argv[1] != "check":
        return None
    found: dict[str, str] = {}
    rest = argv[2:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        name, eq, value = arg.partition("=")
        if name not in _FAST_OPTIONS or name[2:] in found:
            return None
        if not eq:
            if i + 1 >= len(rest) or rest[i + 1].startswith("-"):
                return None  # let argparse say what is wrong
            value = rest[i + 1]
            i += 1
        if not value:
            return None
        found[name[2:]] = value
        i += 1
    if set(found) != {"flow", "log", "out"}:
        return None
    return found


def _database_url() -> str:
    """The ``DATABASE_URL`` the settings use (``yangguang.paths.database_url``)."""
    from yangguang.paths import database_url

    return database_url()


_DAYS_SQL = (
    "SELECT date, kind FROM workdays_calendarday "
    "WHERE organisation_id IS NULL AND region_id IS NULL ORDER BY date, id"
)
_YEARS_SQL = "SELECT year FROM workdays_calendaryear WHERE complete"


def _query_overrides(url: str) -> tuple[list[tuple], list[int]]:
    """National override days ``(date, kind)`` and complete years, straight from the
    database; :class:`NeedDjango` when that cannot be done plainly."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        import sqlite3

        name = unquote(parts.path[1:]) if parts.path.startswith("/") else ""
        if parts.netloc or parts.query or not name or name == ":memory:":
            raise NeedDjango
        path = Path(name)
        if not path.is_file():
            raise NeedDjango
        try:
            con = sqlite3.connect(path, timeout=30)
            try:
                days = con.execute(_DAYS_SQL).fetchall()
                years = [r[0] for r in con.execute(_YEARS_SQL)]
            finally:
                con.close()
        except sqlite3.Error:
            raise NeedDjango from None
        return days, years
    if parts.scheme in ("postgres", "postgresql"):
        try:
            import psycopg
        except ImportError:
            raise NeedDjango from None
        try:
            with psycopg.connect(url, autocommit=True) as con:
                days = con.execute(_DAYS_SQL).fetchall()
                years = [r[0] for r in con.execute(_YEARS_SQL)]
        except psycopg.Error:
            raise NeedDjango from None
        return days, years
    raise NeedDjango


def _package_years() -> frozenset[int]:
    """As ``workdays.selectors.package_years`` (which needs Django to import)."""
    import datetime

    import chinese_calendar

    def supports(year: int) -> bool:
        try:
            chinese_calendar.is_workday(datetime.date(year, 1, 1))
        except NotImplementedError:
            return False
        return True

    data_years = {d.year for d in chinese_calendar.holidays} | {
        d.year for d in chinese_calendar.workdays
    }
    if not data_years:
        return frozenset()
    lo, hi = min(data_years), max(data_years)
    while lo > 1900 and supports(lo - 1):
        lo -= 1
    while hi < 2200 and supports(hi + 1):
        hi += 1
    return frozenset(y for y in range(lo, hi + 1) if supports(y))


def database_calendar(url: str | None = None) -> WorkCalendar:
    """The national calendar in force, as ``workdays.selectors.build_calendar()`` builds
    it, read without Django (:class:`NeedDjango` when it cannot be)."""
    import datetime

    import chinese_calendar

    days, years = _query_overrides(url or _database_url())
    holidays, makeup = set(chinese_calendar.holidays), set(chinese_calendar.workdays)
    for day, kind in days:
        if isinstance(day, str):
            day = datetime.date.fromisoformat(day)
        if kind == "holiday":
            holidays.add(day)
            makeup.discard(day)
        else:  # makeup workday, workday: worked
            makeup.add(day)
            holidays.discard(day)
    known = set(_package_years()) | {int(y) for y in years}
    return WorkCalendar(holidays=holidays, makeup_workdays=makeup, known_years=known)


def main_check(options: dict[str, str], database_url: str | None = None) -> int:
    """``supervise check --flow`` as the management command does it; the exit code.
    :class:`NeedDjango` (raised before anything is written) when the calendar cannot
    be read without Django."""
    import sys

    from yangguang.conformance.report import write_report
    from yangguang.core.errors import DomainError

    started = time.perf_counter()
    try:
        process = load_model(options["flow"])
        calendar = database_calendar(database_url)
        result, _ = run_check(process, options["log"], calendar)
        seconds = time.perf_counter() - started
        write_report(result, seconds, options["out"])
    except DomainError as exc:
        sys.stderr.write(f"检查未能进行 (the check could not run): {exc.zh} ({exc.en})\n")
        return 2
    except BrokenPipeError:  # the reader left (| head): the command line ends quietly
        raise
    except OSError as exc:
        sys.stderr.write(f"检查未能进行: 文件无法读写 (the check could not run: {exc})\n")
        return 2
    for note in result.notes:
        sys.stderr.write(note if note.endswith("\n") else note + "\n")
    kinds = ", ".join(f"{k} {v}" for k, v in result.counts.items()) or "—"
    sys.stdout.write(
        f"{result.cases} 个案件 (cases), {result.events} 个事件 (events), "
        f"{result.conformant_cases} 个合规 (conformant); {kinds}; {seconds:.2f} s\n"
    )
    return 0
