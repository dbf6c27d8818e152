"""The working-day calendar: plain Python, no database, no Django settings.

A :class:`WorkCalendar` is built once from a set of holidays, a set of make-up workdays
(调休上班) and the set of years whose arrangement is known; every operation afterwards is
an array lookup (or a short loop over pauses), so a bulk checker can run about a million
of them a second. Days are ``datetime.date`` or *epoch days* (``int``: days since
1970-01-01); an operation returns the same kind it was given.

Counting rule (民法典 第二百零一、二百零三条; 行政许可法 第八十二条)
-----------------------------------------------------------------------
* The day on which a period starts is not counted, whatever the time of day: a period
  of N working days from an event at any time of day D ends at 24:00 (Asia/Shanghai) of
  the N-th *counted* day after D.
* A *counted* day is a working day (a weekday that is not a holiday, or a make-up
  workday) after D that no pause takes away.
* **Pauses** (补正, 听证, 检验, 鉴定, 专家评审: ``(begin, end)`` aware datetimes): a pause
  takes away the days from the day on which it begins up to, *not* including, the day on
  which it ends, i.e. ``[day(begin), day(end))`` in Asia/Shanghai. So: a pause that
  begins and ends on the same day takes nothing; each day wholly inside a pause is taken;
  of the two partial days, the day the pause begins is taken whole and the day it ends is
  counted whole (the clock restarts that day). Its cost is therefore the number of
  working days in ``[day(begin), day(end))``: a pause from Monday 16:00 to Wednesday
  10:00 of an ordinary week moves the deadline two working days later. A pause that
  begins after the deadline (later than 24:00 of the last day) changes nothing;
  overlapping pauses count once. A pause that begins on the last day and ends after it
  always leaves the clock at least the day on which it ends.
* **Calendar-day periods** (``days="N"``): the same, counting every calendar day (pauses
  take away calendar days the same way); if the last day is not a working day
  (法定休假日, weekends included), the period ends on the next working day (第二百零三条).
* The deadline is the end of the last day: ``23:59:59.999999`` Asia/Shanghai; a step done
  at ``t`` is in time iff ``t <= deadline`` (or, in days, ``day(t) <= last day``).

Refusal: every day the count has to know (from the day after the start day to the last
day; for calendar-day periods the last day and the days it is moved over) must lie in a
known or a provisional year, otherwise :class:`UnknownYearError` (a bilingual
``DomainError``) names the first unknown year.

Provisional years (暂定): a year whose arrangement is not entered yet may be counted by
its statutory holidays alone (``workdays.provisional``); a result that depends on a day
of such a year is provisional (``provisional_between``), and ``exact()`` is the same
calendar without them, for the rules that need the official arrangement (they refuse
with :class:`ExactArrangementRequiredError`).

Times: aware datetimes only (naive: ``DomainError``). Day arithmetic is done in
Asia/Shanghai at the fixed offset +08:00 (China has had no daylight saving time since
1991, long before the first known year).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import TypeVar

from yangguang.core.errors import DomainError

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
UTC_OFFSET_SECONDS = 8 * 3600
EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()  # 719163
END_OF_DAY = datetime.time.max

Day = TypeVar("Day", datetime.date, int)
Pause = tuple[datetime.datetime, datetime.datetime | None]


class UnknownYearError(DomainError):
    """The holidays of a year are not known: the platform refuses to compute."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            code="calendar_year_unknown",
            zh=f"{year} 年的节假日安排尚未录入，无法计算期限；请系统管理员在工作日历中录入该年的安排并标记为完整",
            en=(
                f"the holidays of {year} are not known yet, so no deadline can be computed; "
                "a system administrator must enter that year's arrangement in the working-day "
                "calendar and mark it complete"
            ),
        )


class ExactArrangementRequiredError(UnknownYearError):
    """A provisional year where a rule needs the official arrangement (with 调休)."""

    def __init__(self, year: int) -> None:
        self.year = year
        DomainError.__init__(
            self,
            code="calendar_year_not_entered",
            zh=(
                f"{year} 年的节假日安排尚未录入，该年只有暂定日历（按法定节假日推算，未含调休）；"
                "此处须按正式安排计算，请系统管理员在工作日历中录入该年的安排并确认完整"
            ),
            en=(
                f"the holiday arrangement of {year} has not been entered: that year has only a "
                "provisional calendar (statutory holidays, without the make-up days), and this "
                "needs the official arrangement; a system administrator must enter that year "
                "in the working-day calendar and mark it complete"
            ),
        )


def _error(code: str, zh: str, en: str, field: str | None = None) -> DomainError:
    return DomainError(code=code, zh=zh, en=en, field=field)


def epoch_day(value: datetime.date) -> int:
    """The epoch day of a date (``datetime.datetime``: its Shanghai day, aware only)."""
    if isinstance(value, datetime.datetime):
        return day_of(value)
    return value.toordinal() - EPOCH_ORDINAL


def from_epoch_day(n: int) -> datetime.date:
    return datetime.date.fromordinal(n + EPOCH_ORDINAL)


def day_of(moment: datetime.datetime, field: str = "start") -> int:
    """The epoch day in Asia/Shanghai of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _error(
            "naive_datetime",
            "时间必须带时区",
            f"{field} must be a timezone-aware date and time",
            field,
        )
    return (int(moment.timestamp()) + UTC_OFFSET_SECONDS) // 86400


def day_of_timestamp(ts: float) -> int:
    """The epoch day in Asia/Shanghai of a POSIX timestamp (for bulk checkers)."""
    return (int(ts) + UTC_OFFSET_SECONDS) // 86400


def end_of_day(day: int) -> datetime.datetime:
    """24:00 of an epoch day in Asia/Shanghai, as the last representable instant."""
    return datetime.datetime.combine(from_epoch_day(day), END_OF_DAY, tzinfo=SHANGHAI)


class WorkCalendar:
    """Working days over the known years, with every operation an array lookup.

    ``holidays`` are days off (statutory, and for a local calendar local ones);
    ``makeup_workdays`` are days worked (调休上班, or any day declared a workday) and win
    over ``holidays``; every other day of a known year is a working day iff it is Monday
    to Friday. ``known_years`` are the years whose arrangement is known (they need not be
    contiguous: a day in an unknown year is never counted, it is refused).
    """

    __slots__ = (
        "_base",
        "_cum",
        "_exact",
        "_hi",
        "_known_until",
        "_lo",
        "_refused",
        "_work",
        "_workdays",
        "holidays",
        "known_years",
        "makeup_workdays",
        "provisional_years",
    )

    def __init__(
        self,
        *,
        holidays: Iterable[datetime.date],
        makeup_workdays: Iterable[datetime.date],
        known_years: Iterable[int],
        provisional_years: Iterable[int] = (),
        refused_years: Iterable[int] = (),
    ) -> None:
        self.known_years = frozenset(known_years)
        self.provisional_years = frozenset(provisional_years) - self.known_years
        self.holidays = frozenset(holidays)
        self.makeup_workdays = frozenset(makeup_workdays)
        # years refused as "not entered" rather than "unknown" (the exact calendar's)
        self._refused = frozenset(refused_years)
        self._exact: WorkCalendar | None = None if self.provisional_years else self
        counted = self.known_years | self.provisional_years
        if not counted:
            self._lo = self._hi = self._base = 0
            self._cum, self._work, self._workdays, self._known_until = [0], [0], [], [-1]
            return
        first, last = min(counted), max(counted)
        lo = epoch_day(datetime.date(first, 1, 1))
        hi = epoch_day(datetime.date(last, 12, 31))
        # index i <-> epoch day base + i; index 0 is the day before the first known day
        base = lo - 1
        size = hi - base + 1
        hol = {epoch_day(d) for d in self.holidays}
        mk = {epoch_day(d) for d in self.makeup_workdays}
        work = [0] * size
        cum = [0] * size
        known_until = [-1] * size  # last index of the known run a day is in (-1: unknown)
        workdays: list[int] = []
        count = 0
        for i in range(1, size):
            e = base + i
            d = from_epoch_day(e)
            if d.year in counted:
                # 1970-01-01 was a Thursday: weekday = (e + 3) % 7, Monday = 0
                w = e in mk or ((e + 3) % 7 < 5 and e not in hol)
                if w:
                    work[i] = 1
                    count += 1
                    workdays.append(e)
            cum[i] = count
        run_end = -1
        for i in range(size - 1, 0, -1):
            if from_epoch_day(base + i).year in counted:
                if run_end < 0:
                    run_end = i
                known_until[i] = run_end
            else:
                run_end = -1
        self._lo, self._hi, self._base = lo, hi, base
        self._work, self._cum, self._workdays, self._known_until = work, cum, workdays, known_until

    # --- range -------------------------------------------------------------------------

    @property
    def first_year(self) -> int | None:
        return min(self.known_years) if self.known_years else None

    @property
    def last_year(self) -> int | None:
        return max(self.known_years) if self.known_years else None

    def knows(self, day: datetime.date | int) -> bool:
        """Whether the official arrangement of the day's year is known."""
        e = day if isinstance(day, int) else epoch_day(day)
        return from_epoch_day(e).year in self.known_years

    def is_provisional(self, day: datetime.date | int) -> bool:
        e = day if isinstance(day, int) else epoch_day(day)
        return from_epoch_day(e).year in self.provisional_years

    def provisional_between(self, first: int, last: int) -> bool:
        """Whether any day ``first..last`` (epoch days) lies in a provisional year."""
        if not self.provisional_years or last < first:
            return False
        a, b = from_epoch_day(first).year, from_epoch_day(last).year
        return any(y in self.provisional_years for y in range(a, b + 1))

    def provisional_since(self, start: datetime.datetime, result: datetime.datetime) -> bool:
        """Whether a deadline ``result`` counted from ``start`` is provisional (a day
        after the start day up to its last day lies in a provisional year)."""
        return self.provisional_between(day_of(start) + 1, day_of(result, "deadline"))

    def exact(self) -> WorkCalendar:
        """This calendar without its provisional years (they are then refused, saying
        the official arrangement is needed)."""
        if self._exact is None:
            self._exact = WorkCalendar(
                holidays=self.holidays,
                makeup_workdays=self.makeup_workdays,
                known_years=self.known_years,
                refused_years=self.provisional_years,
            )
        return self._exact

    def _unknown(self, year: int) -> UnknownYearError:
        if year in self._refused:
            return ExactArrangementRequiredError(year)
        return UnknownYearError(year)

    def _refuse_from(self, e: int) -> UnknownYearError:
        """The refusal for the first unknown day at or after epoch day ``e``."""
        i = e - self._base
        if 0 < i < len(self._known_until) and self._known_until[i] >= 0:
            e = self._base + self._known_until[i] + 1
        return self._unknown(from_epoch_day(e).year)

    def _known_through(self, first: int, last: int) -> None:
        """Refuse unless every day ``first..last`` (epoch days) lies in a known year."""
        i = first - self._base
        if not (0 < i < len(self._known_until)) or self._known_until[i] < last - self._base:
            raise self._refuse_from(first)

    # --- single days -------------------------------------------------------------------

    def is_working_day(self, day: datetime.date | int) -> bool:
        e = day if isinstance(day, int) else epoch_day(day)
        i = e - self._base
        if 0 < i < len(self._work) and self._known_until[i] >= 0:
            return self._work[i] == 1
        raise self._unknown(from_epoch_day(e).year)

    def next_working_day(self, day: Day) -> Day:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    # --- working-day arithmetic --------------------------------------------------------

    def add_working_days_epoch(self, e: int, n: int) -> int:
        """The n-th working day after epoch day ``e`` (``e`` itself not counted; n >= 0;
        n = 0 gives ``e``)."""
        if n <= 0:
            if n == 0:
                return e
            raise _error("negative_period", "期限不能为负数", "a period cannot be negative")
        i = e - self._base
        if not 0 <= i < len(self._cum) - 1:
            raise self._unknown(from_epoch_day(e + 1).year)
        k = self._cum[i] + n - 1
        wd = self._workdays
        if k >= len(wd) or self._known_until[i + 1] < wd[k] - self._base:
            raise self._refuse_from(e + 1)
        return wd[k]

    def add_working_days(self, day: Day, n: int) -> Day:
        if isinstance(day, int):
            return self.add_working_days_epoch(day, n)
        return from_epoch_day(self.add_working_days_epoch(epoch_day(day), n))

    def working_days_between_epoch(self, a: int, b: int) -> int:
        """Working days in ``(a, b]`` (the first day not counted, the last counted);
        negative when ``b`` is before ``a``."""
        if b < a:
            return -self.working_days_between_epoch(b, a)
        if a == b:
            return 0
        self._known_through(a + 1, b)
        return self._cum[b - self._base] - self._cum[a - self._base]

    def working_days_between(self, a: datetime.date | int, b: datetime.date | int) -> int:
        ea = a if isinstance(a, int) else epoch_day(a)
        eb = b if isinstance(b, int) else epoch_day(b)
        return self.working_days_between_epoch(ea, eb)

    # --- periods with pauses (epoch days) ----------------------------------------------

    @staticmethod
    def _merged(start: int, pauses: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """Pauses as half-open day ranges ``[a, b)`` after ``start``, sorted and merged."""
        spans = sorted((max(a, start + 1), b) for a, b in pauses if b > max(a, start + 1))
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        return merged

    def last_day_epoch(self, start: int, n: int, pauses: Sequence[tuple[int, int]] = ()) -> int:
        """The last day (epoch day) of a period of ``n`` working days from epoch day
        ``start``, with ``pauses`` as day ranges ``[a, b)`` taken away."""
        if not pauses:
            return self.add_working_days_epoch(start, n)
        if n < 0:
            raise _error("negative_period", "期限不能为负数", "a period cannot be negative")
        need, cur, base, cum = n, start, self._base, self._cum
        for a, b in self._merged(start, pauses):
            r = self.add_working_days_epoch(cur, need)
            if r < a:  # reached before this pause begins
                return r
            # the working days in (cur, a - 1] are counted (all known: r >= a is)
            need -= cum[a - 1 - base] - cum[cur - base]
            cur = b - 1  # counting resumes on day b
        return self.add_working_days_epoch(cur, need)

    def last_calendar_day_epoch(
        self, start: int, days: int, pauses: Sequence[tuple[int, int]] = ()
    ) -> int:
        """The last day of a period of ``days`` calendar days (moved to the next working
        day when it is not one)."""
        if days < 0:
            raise _error("negative_period", "期限不能为负数", "a period cannot be negative")
        need, cur = days, start
        for a, b in self._merged(start, pauses):
            if cur + need < a:
                break
            need -= a - 1 - cur
            cur = b - 1
        last = cur + need
        if days == 0:
            return last
        self._known_through(last, last)
        if not self._work[last - self._base]:
            last = self.add_working_days_epoch(last, 1)
        return last

    def counted_days_epoch(
        self, start: int, until: int, pauses: Sequence[tuple[int, int]] = ()
    ) -> int:
        """Counted working days in ``(start, until]`` (pauses taken away)."""
        if until <= start:
            return 0
        total = self.working_days_between_epoch(start, until)
        for a, b in self._merged(start, pauses):
            if a > until:
                break
            total -= self.working_days_between_epoch(a - 1, min(b - 1, until))
        return total

    # --- the aware-datetime API --------------------------------------------------------

    def deadline(
        self, start: datetime.datetime, working_days: int, pauses: Iterable[Pause] = ()
    ) -> datetime.datetime:
        """24:00 (Asia/Shanghai) of the last day of ``working_days`` working days from
        ``start`` (see the module's counting rule)."""
        s = day_of(start)
        return end_of_day(self.last_day_epoch(s, working_days, pause_days(pauses)))

    def calendar_deadline(
        self, start: datetime.datetime, days: int, pauses: Iterable[Pause] = ()
    ) -> datetime.datetime:
        s = day_of(start)
        return end_of_day(self.last_calendar_day_epoch(s, days, pause_days(pauses)))

    def elapsed_working_days(
        self, start: datetime.datetime, now: datetime.datetime, pauses: Iterable[Pause] = ()
    ) -> int:
        """Counted working days from ``start`` to ``now`` (the day of ``now`` counted in
        full when it is a counted day; a pause without an end takes the day of ``now``
        too)."""
        s, t = day_of(start), day_of(now, "now")
        return self.counted_days_epoch(s, t, pause_days(pauses, now=now))

    def remaining_working_days(
        self,
        start: datetime.datetime,
        working_days: int,
        now: datetime.datetime,
        pauses: Iterable[Pause] = (),
    ) -> int:
        """Counted working days left after the day of ``now`` before the deadline
        (0: the deadline is today; negative: passed by that many, and -1 on a non-working
        day right after a passed deadline, when no further working day has gone by)."""
        pauses = tuple(pauses)
        left = working_days - self.elapsed_working_days(start, now, pauses)
        if left == 0:
            try:
                if now > self.deadline(start, working_days, pauses):
                    return -1
            except UnknownYearError:
                raise
            except DomainError:  # an open pause: the deadline is not determined yet
                pass
        return left


def pause_days(
    pauses: Iterable[Pause], now: datetime.datetime | None = None
) -> list[tuple[int, int]]:
    """Pauses as epoch-day ranges ``[day(begin), day(end))``; an open pause (end None)
    takes every day up to and including the day of ``now`` (refused without ``now``)."""
    out = []
    for pause in pauses:
        try:
            begin, end = pause
        except (TypeError, ValueError):
            raise _error(
                "invalid_pause",
                "暂停时段应为（开始时间，结束时间）",
                "a pause must be a (begin, end) pair of datetimes",
                "pauses",
            ) from None
        if end is None:
            if now is None:
                raise _error(
                    "pause_open",
                    "计时仍在暂停中，期限尚不能确定",
                    "the clock is still paused, so the deadline is not determined yet",
                    "pauses",
                )
            # still paused: the clock has not restarted today either
            out.append((day_of(begin, "pauses"), max(day_of(now, "now"), day_of(begin)) + 1))
            continue
        if end < begin:
            raise _error(
                "pause_reversed",
                "暂停的结束时间早于开始时间",
                "a pause ends before it begins",
                "pauses",
            )
        out.append((day_of(begin, "pauses"), day_of(end, "pauses")))
    return out
