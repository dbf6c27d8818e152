"""``yangguang calendar show YEAR`` and ``yangguang calendar deadline START N``."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yangguang.core.errors import DomainError
from yangguang.workdays import selectors
from yangguang.workdays.core import SHANGHAI

SOURCES = {
    "package": "软件包 chinesecalendar (package)",
    "override": "管理员录入，已确认完整 (entered, complete)",
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

    def handle(self, *args, **options) -> None:
        if options["subcommand"] == "show":
            self._show(options["year"])
        else:
            self._deadline(options)

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
        try:
            if options["days"]:
                result = calendar.calendar_deadline(options["start"], options["n"])
            else:
                result = calendar.deadline(options["start"], options["n"])
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result.date().isoformat()} 24:00 +08:00")
