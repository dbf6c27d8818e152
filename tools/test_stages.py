"""``make test``'s stages, timed, each under the time left of one budget.

    python tools/test_stages.py [--postgres URL] [--budget SECONDS] [-- PYTEST_ARGS...]

Stages: lint (ruff check, ruff format --check), check (manage.py check, makemigrations
--check, the message catalogue), then pytest. Without ``--postgres`` pytest runs once, on
the configured database (SQLite by default). With ``--postgres URL`` it runs twice at the
same time, one core each: on PostgreSQL (``DATABASE_URL=URL``) the tests that use the
database, on SQLite (its own ``YANGGUANG_TEST_DB``) every test; each run's output goes to
its own log under ``var/test-logs/`` and is printed when it ends. The run fails if any
stage fails, and with a message naming the stage if the whole run passes ``--budget``
seconds (``YANGGUANG_TEST_BUDGET``; none by default). At the end: each stage's time and
the total.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOGS = ROOT / "var" / "test-logs"
CHECK_ENV = {"DJANGO_SETTINGS_MODULE": "yangguang.settings_test"}


@dataclass
class Stage:
    name: str
    commands: list[list[str]]
    env: dict[str, str] = field(default_factory=dict)
    log: Path | None = None  # output to this file (printed at the end) instead of the console
    seconds: float = 0.0
    result: str = "not run"


class Budget:
    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.started = time.monotonic()

    def left(self) -> float | None:
        if self.seconds is None:
            return None
        return self.seconds - (time.monotonic() - self.started)


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def _start(stage: Stage, command: list[str]) -> subprocess.Popen:
    out = stage.log.open("ab") if stage.log else None
    try:
        return subprocess.Popen(  # noqa: S603 (our own tools, fixed arguments)
            command,
            cwd=ROOT,
            env=_env(stage.env),
            stdout=out,
            stderr=subprocess.STDOUT if out else None,
            start_new_session=True,  # its own process group: a timeout ends all of it
        )
    finally:
        if out:
            out.close()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def run_parallel(stages: list[Stage], budget: Budget) -> bool:
    """Run the stages at the same time, each its commands in order; False if any fails."""
    started = time.monotonic()
    for stage in stages:
        if stage.log:
            stage.log.parent.mkdir(parents=True, exist_ok=True)
            stage.log.write_bytes(b"")
        print(f"=== {stage.name}: started" + (f" (log: {stage.log})" if stage.log else ""))
    sys.stdout.flush()
    queues = {stage.name: list(stage.commands) for stage in stages}
    running: dict[str, subprocess.Popen] = {}
    for stage in stages:
        running[stage.name] = _start(stage, queues[stage.name].pop(0))
        stage.result = "running"
    by_name = {stage.name: stage for stage in stages}
    ok = True
    while running:
        left = budget.left()
        if left is not None and left <= 0:
            for name, proc in running.items():
                _kill(proc)
                stage = by_name[name]
                stage.result = "TIMED OUT"
                stage.seconds = time.monotonic() - started
                print(
                    f"!!! stage '{name}' was still running when the run passed its "
                    f"{budget.seconds / 60:.0f}-minute budget: stopped. Something in it "
                    f"became slow (see the slowest tests in its log {stage.log or ''}).",
                    file=sys.stderr,
                )
            running.clear()
            ok = False
            break
        for name, proc in list(running.items()):
            code = proc.poll()
            if code is None:
                continue
            stage = by_name[name]
            if code != 0:
                stage.result = f"FAILED (exit {code})"
                ok = False
            elif queues[name]:
                running[name] = _start(stage, queues[name].pop(0))
                continue
            else:
                stage.result = "ok"
            stage.seconds = time.monotonic() - started
            del running[name]
            print(f"=== {name}: {stage.result} after {stage.seconds:.0f}s")
            sys.stdout.flush()
        time.sleep(0.5)
    for stage in stages:
        if stage.log and stage.log.exists():
            print(f"\n=== output of {stage.name} ({stage.log}) ===")
            sys.stdout.flush()
            sys.stdout.buffer.write(stage.log.read_bytes())
            sys.stdout.flush()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="also run pytest on this PostgreSQL DATABASE_URL")
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("YANGGUANG_TEST_BUDGET") or 0) or None,
        help="fail when the whole run passes this many seconds",
    )
    parser.add_argument("--only", choices=["lint", "check", "pytest"], action="append")
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    pytest_args = [a for a in args.pytest_args if a != "--"]
    budget = Budget(args.budget)
    python, ruff, pytest = str(BIN / "python"), str(BIN / "ruff"), str(BIN / "pytest")

    groups: list[list[Stage]] = []
    wanted = set(args.only or ["lint", "check", "pytest"])
    if "lint" in wanted:
        groups.append([Stage("lint", [[ruff, "check", "."], [ruff, "format", "--check", "."]])])
    if "check" in wanted:
        groups.append(
            [
                Stage(
                    "check",
                    [
                        [python, "manage.py", "check", "--fail-level", "WARNING"],
                        [python, "manage.py", "makemigrations", "--check", "--dry-run"],
                        [python, "tools/compile_messages.py", "--check"],
                    ],
                    env=CHECK_ENV,
                )
            ]
        )
    if "pytest" in wanted:
        if args.postgres:
            common = ["-p", "no:cacheprovider", *pytest_args]
            groups.append(
                [
                    Stage(
                        "pytest-postgresql",
                        [[pytest, *common]],
                        # the tests that use no database run once, in the SQLite run
                        env={"DATABASE_URL": args.postgres, "YANGGUANG_TESTS": "db"},
                        log=LOGS / "pytest-postgresql.log",
                    ),
                    Stage(
                        "pytest-sqlite",
                        [[pytest, *common]],
                        env={
                            "DATABASE_URL": "",
                            "YANGGUANG_TEST_DB": str(ROOT / "var" / "test-stages.sqlite3"),
                        },
                        log=LOGS / "pytest-sqlite.log",
                    ),
                ]
            )
        else:
            groups.append([Stage("pytest", [[pytest, *pytest_args]])])

    ok = True
    for group in groups:
        print(f"=== {' + '.join(s.name for s in group)} ===")
        sys.stdout.flush()
        if not run_parallel(group, budget):
            ok = False
            break
    total = time.monotonic() - budget.started
    print("\n=== stage times ===")
    for group in groups:
        for stage in group:
            print(f"  {stage.name:<20} {stage.seconds:7.0f}s  {stage.result}")
    print(f"  {'total':<20} {total:7.0f}s  ({total / 60:.1f} min)")
    if budget.seconds is not None:
        print(f"  budget               {budget.seconds:7.0f}s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
