"""``yangguang workcalendar``: show a year, compute a deadline, enter a year's arrangement
(``add``, ``complete``, ``reopen``), recompute the open deadlines and list what moved."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.core.context import Actor
from yangguang.core.errors import DomainError
from yangguang.workdays import selectors, services
from yangguang.workdays.core import SHANGHAI
from yangguang.workdays.models import DeadlineRecompute

CLI = Actor.system("cli")

SOURCES = {
    "package": "软件包 chinesecalendar (package)",
    "override": "管理员录入，已确认完整 (entered, complete)",
    "provisional": "暂定：法定节假日推算，未含调休 (provisional: statutory holidays only)",
    "incomplete": "管理员录入，尚未确认完整 (entered, not complete: no deadlines)",
    "unknown": "未知 (unknown: no deadlines)",
}


def _start(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"时间格式应为 YYYY-MM-DDTHH:MM (start must look like 2026-09-28T10:00): {value!r}"
        ) from exc
    # a time without a zone is read as Asia/Shanghai
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


class Command(BaseCommand):
    help = "工作日历 (working-day calendar): show a year, compute a deadline"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        show = sub.add_parser("show", help="a year's holidays and make-up workdays")
        show.add_argument("year", type=int)
        dl = sub.add_parser("deadline", help="the deadline of a period from START")
        dl.add_argument("start", type=_start, help="e.g. 2026-09-28T10:00 (Asia/Shanghai)")
        dl.add_argument("n", type=int, help="working days (or calendar days with --days)")
        dl.add_argument("--days", action="store_true", help="count calendar days")
        dl.add_argument("--org", help="organisation code: its local holidays count too")
        dl.add_argument(
            "--exact", action="store_true", help="refuse provisional years (official only)"
        )
        add = sub.add_parser("add", help="enter a national day of a year's arrangement")
        add.add_argument("date", type=datetime.date.fromisoformat, help="e.g. 2027-02-05")
        add.add_argument("kind", choices=["holiday", "makeup_workday", "workday"])
        add.add_argument("name", help="e.g. 春节")
        add.add_argument("--source", default="", help="e.g. 国办发明电〔2026〕7号")
        pre = sub.add_parser("prefill", help="enter a year's statutory holidays (then add 调休)")
        pre.add_argument("year", type=int)
        done = sub.add_parser("complete", help="mark a year's arrangement complete")
        done.add_argument("year", type=int)
        done.add_argument("--note", default="")
        reopen = sub.add_parser("reopen", help="take a year's completeness back")
        reopen.add_argument("year", type=int)
        rec = sub.add_parser("recompute", help="recompute every open deadline now")
        rec.add_argument("--reason", default="命令行重算")
        runs = sub.add_parser("moved", help="what a recompute run moved (default: the last)")
        runs.add_argument("run", type=int, nargs="?")

    def handle(self, *args, **options) -> None:
        sub = options["subcommand"]
        try:
            if sub == "show":
                self._show(options["year"])
            elif sub == "deadline":
                self._deadline(options)
            elif sub == "add":
                services.calendar_day_add(
                    actor=CLI, date=options["date"], kind=options["kind"],
                    name=options["name"], source=options["source"],
                )  # fmt: skip
                self.stdout.write(f"{options['date']}\t{options['kind']}\t{options['name']}")
            elif sub == "prefill":
                for row in services.calendar_year_prefill(actor=CLI, year=options["year"]):
                    self.stdout.write(f"{row.date}\t{row.date:%a}\tholiday\t{row.name}")
            elif sub in ("complete", "reopen"):
                services.calendar_year_complete(
                    actor=CLI, year=options["year"], complete=sub == "complete",
                    note=options.get("note") or "",
                )  # fmt: skip
                self.stdout.write(
                    f"{options['year']}\t{SOURCES[selectors.year_view(options['year']).source]}"
                )
            elif sub == "recompute":
                run = services.deadlines_recompute(
                    actor=CLI, reason=options["reason"], requested_by="cli"
                )
                self._moved(run)
            else:
                self._moved(options.get("run"))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

    def _moved(self, run) -> None:
        if not isinstance(run, DeadlineRecompute):
            runs = selectors.recompute_runs()
            run = runs.filter(pk=run).first() if run else runs.first()
            if run is None:
                raise CommandError("没有重算记录 (no recompute run)")
        w = self.stdout.write
        w(f"run {run.pk}\t{run.started_at:%Y-%m-%d %H:%M}\t{run.reason}\t"
          f"checked {run.checked}\tmoved {run.moved}")  # fmt: skip
        for s in run.shifts.all():
            old = f"{s.old_deadline:%Y-%m-%d}" if s.old_deadline else "-"
            new = f"{s.new_deadline:%Y-%m-%d}" if s.new_deadline else "-"
            old += " 暂定" if s.old_provisional else ""
            new += " 暂定" if s.new_provisional else ""
            w(f"{s.kind}\t{s.label}\t{old}\t→ {new}")

    def _show(self, year: int) -> None:
        view = selectors.year_view(year)
        w = self.stdout.write
        w(f"{year}\t{SOURCES[view.source]}")
        for d, name, src in view.holidays:
            w(f"{d}\t{d:%a}\tholiday\t{name}\t{src}")
        for d, name, src in view.makeup:
            w(f"{d}\t{d:%a}\tmakeup_workday\t{name}\t{src}")
        for row in view.local:
            scope = row.organisation.code if row.organisation else row.region.code
            w(f"{row.date}\t{row.date:%a}\tlocal_holiday\t{row.name}\t{scope}")

    def _deadline(self, options) -> None:
        organisation = None
        if options.get("org"):
            from yangguang.orgs.models import Organisation

            organisation = Organisation.objects.filter(code=options["org"]).first()
            if organisation is None:
                raise CommandError(
                    f"未知的单位代码 (unknown organisation code): {options['org']!r}"
                )
        calendar = selectors.current_calendar(organisation)
        if options.get("exact"):
            calendar = calendar.exact()
        if options["days"]:
            result = calendar.calendar_deadline(options["start"], options["n"])
        else:
            result = calendar.deadline(options["start"], options["n"])
        mark = ""
        if calendar.provisional_since(options["start"], result):
            mark = "\t暂定 (provisional: a year not entered yet, statutory holidays only)"
        self.stdout.write(f"{result.date().isoformat()} 24:00 +08:00{mark}")
