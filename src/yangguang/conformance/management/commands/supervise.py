"""``yangguang supervise check --flow FLOW --log LOG --out REPORT.json [--power CODE]``.

Exit code 0 when the check ran (whatever it found); 2 with a bilingual message on
standard error when it could not (bad model, unreadable log, unknown calendar year).
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandParser

from yangguang.core.errors import DomainError


class Command(BaseCommand):
    help = "一监督 (supervision): check event logs against the published flowcharts"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        chk = sub.add_parser("check", help="conformance check of an event log")
        chk.add_argument("--flow", help="BPMN 2.0 file with the yg extensions")
        chk.add_argument("--log", required=True, help="CSV, XES or XES.GZ event log")
        chk.add_argument("--out", required=True, help="the JSON report to write")
        chk.add_argument("--power", help="code of a published power: its current model")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            self._check(options, started)
        except DomainError as exc:
            sys.stderr.write(f"检查未能进行 (the check could not run): {exc.zh} ({exc.en})\n")
            sys.exit(2)
        except BrokenPipeError:  # the reader of the summary left (| head): not a file error
            raise
        except OSError as exc:
            sys.stderr.write(f"检查未能进行: 文件无法读写 (the check could not run: {exc})\n")
            sys.exit(2)

    def _check(self, options, started: float) -> None:
        from yangguang.conformance.checker import CheckError
        from yangguang.conformance.report import write_report
        from yangguang.conformance.run import load_model, run_check
        from yangguang.workdays.selectors import current_calendar

        if bool(options["flow"]) == bool(options["power"]):
            raise CheckError(
                "flow_or_power",
                "须给出 --flow 或 --power 之一",
                "give exactly one of --flow and --power",
            )
        if options["flow"]:
            process = load_model(options["flow"])
        else:
            from yangguang.conformance.selectors import published_model

            process = published_model(code=options["power"])
        # a finding of lateness needs the official arrangement: no provisional years
        calendar = current_calendar().exact()
        result, _ = run_check(process, options["log"], calendar)
        seconds = time.perf_counter() - started
        write_report(result, seconds, options["out"])
        for note in result.notes:
            self.stderr.write(note)
        kinds = ", ".join(f"{k} {v}" for k, v in result.counts.items()) or "—"
        self.stdout.write(
            f"{result.cases} 个案件 (cases), {result.events} 个事件 (events), "
            f"{result.conformant_cases} 个合规 (conformant); {kinds}; {seconds:.2f} s"
        )
