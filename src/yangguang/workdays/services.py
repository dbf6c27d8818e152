"""Writing the override table of the working-day calendar: system administrators only.

Every service runs in one transaction, writes one audit entry, and drops the cached
calendars when it commits.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from yangguang.accounts.roles import Role
from yangguang.audit.services import audit_record, diff, snapshot
from yangguang.core import access
from yangguang.core.context import Actor
from yangguang.core.errors import DomainError, PermissionDeniedError
from yangguang.core.validation import clean, required_text
from yangguang.workdays import actions, recompute, selectors
from yangguang.workdays.models import (
    CalendarDay,
    CalendarYear,
    DayKind,
    DeadlineRecompute,
    DeadlineShift,
)
from yangguang.workdays.provisional import provisional_holidays
from yangguang.workdays.provisional import supported as provisional_supported

DAY_FIELDS = ("date", "kind", "name", "organisation", "region", "source")
YEAR_FIELDS = ("year", "complete", "note")
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _require_sysadmin(actor: Actor) -> None:
    if actor.kind == "system":
        return
    if access.role_of(actor.user) != Role.SYSADMIN:
        raise PermissionDeniedError(
            zh="只有系统管理员可以维护工作日历",
            en="only a system administrator may change the working-day calendar",
        )


def _year_ok(year: int, field: str) -> None:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            code="year_out_of_range",
            field=field,
            zh=f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间",
            en=f"the year must be between {FIRST_YEAR} and {LAST_YEAR}",
        )


def _on_commit() -> None:
    """Drop the cached calendars now (this transaction reads its own change) and again
    when it commits (so no one keeps a calendar built in between)."""
    selectors.invalidate()
    transaction.on_commit(selectors.invalidate)


def calendar_day_add(
    *,
    actor: Actor,
    date: datetime.date,
    kind: str,
    name: str,
    source: str = "",
    organisation=None,
    region=None,
) -> CalendarDay:
    """Declare one day: a national holiday, make-up workday or workday (overriding the
    package), or a local holiday of an organisation or a region."""
    _require_sysadmin(actor)
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        raise DomainError(code="invalid", field="date", zh="日期无效", en="not a valid date")
    _year_ok(date.year, "date")
    if kind not in DayKind.values:
        raise DomainError(
            code="invalid_choice",
            field="kind",
            zh="类别应为法定节假日、调休上班、工作日或地方假日",
            en="kind must be holiday, makeup_workday, workday or local_holiday",
        )
    name = required_text(name, "name", "名称")
    if kind == DayKind.MAKEUP_WORKDAY and date.weekday() < 5:
        raise DomainError(
            code="makeup_not_weekend",
            field="date",
            zh=f"{date} 不是周末，不能作为调休上班日",
            en=f"{date} is not a Saturday or Sunday, so it cannot be a make-up workday",
        )
    if kind == DayKind.LOCAL_HOLIDAY and (organisation is None) == (region is None):
        raise DomainError(
            code="scope_required",
            field="organisation",
            zh="地方假日须指定一个适用单位或一个适用区划",
            en="a local holiday needs exactly one organisation or region",
        )
    if kind != DayKind.LOCAL_HOLIDAY and (organisation is not None or region is not None):
        raise DomainError(
            code="scope_not_allowed",
            field="organisation",
            zh="全国性安排不能指定单位或区划",
            en="a national day cannot name an organisation or region",
        )
    with transaction.atomic():
        day = CalendarDay(
            date=date,
            kind=kind,
            name=name,
            source=(source or "").strip(),
            organisation=organisation,
            region=region,
            created_at=timezone.now(),
        )
        clean(day)
        day.save()
        audit_record(
            actor=actor,
            action=actions.DAY_ADD,
            obj=day,
            org_id=day.organisation_id,
            changes={k: [None, v] for k, v in snapshot(day, DAY_FIELDS).items()},
        )
        _on_commit()
    return day


def calendar_day_remove(*, actor: Actor, day: CalendarDay) -> None:
    """Remove a declared day (the package's own data, if any, applies again)."""
    _require_sysadmin(actor)
    with transaction.atomic():
        row = CalendarDay.objects.select_for_update().filter(pk=day.pk).first()
        if row is None:
            raise DomainError(
                code="not_found", field="day", zh="该日历日已不存在", en="that day is gone"
            )
        before = snapshot(row, DAY_FIELDS)
        pk, org_id = row.pk, row.organisation_id
        row.delete()
        audit_record(
            actor=actor,
            action=actions.DAY_REMOVE,
            object_type="workdays.calendarday",
            object_id=pk,
            org_id=org_id,
            changes={k: [v, None] for k, v in before.items()},
        )
        _on_commit()


def calendar_year_complete(
    *, actor: Actor, year: int, complete: bool = True, note: str = ""
) -> CalendarYear:
    """Declare a year's table complete (deadlines may then be computed in it), or take
    the declaration back (``complete=False``)."""
    _require_sysadmin(actor)
    _year_ok(year, "year")
    if complete and year not in selectors.package_years():
        national = CalendarDay.objects.filter(
            date__year=year, organisation__isnull=True, region__isnull=True
        )
        if not national.filter(kind=DayKind.HOLIDAY).exists():
            raise DomainError(
                code="year_empty",
                field="year",
                zh=f"{year} 年尚未录入任何法定节假日，不能确认完整",
                en=f"no national holiday of {year} has been entered, so it cannot be complete",
            )
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = snapshot(row, YEAR_FIELDS) if row is not None else None
        if row is None:
            row = CalendarYear(year=year)
        row.complete = complete
        row.note = (note or "").strip()
        row.updated_at = timezone.now()
        row.save()
        audit_record(
            actor=actor,
            action=actions.YEAR_COMPLETE if complete else actions.YEAR_REOPEN,
            obj=row,
            changes=diff(before, snapshot(row, YEAR_FIELDS)),
        )
        _on_commit()
        if before is None or before["complete"] != complete:
            # every open deadline is counted again by the new arrangement, in the
            # background, once this commits
            what = "确认完整" if complete else "撤销完整"
            _enqueue_recompute(
                f"{year} 年日历{what} (calendar {year} {'complete' if complete else 'reopened'})",
                actor.name,
            )
    return row


PREFILL_SOURCE = "《全国年节及纪念日放假办法》推算"


def calendar_year_prefill(*, actor: Actor, year: int) -> list[CalendarDay]:
    """Enter a year's statutory holidays (and their 补假) as national holidays, as the
    provisional calendar counts them, so that the administrator only adds the 调休 of
    the State Council's notice (make-up workdays, bridge days) before marking the year
    complete. Days already entered are left as they are; one audit entry."""
    _require_sysadmin(actor)
    _year_ok(year, "year")
    if year in selectors.package_years():
        raise DomainError(
            code="year_in_package",
            field="year",
            zh=f"{year} 年的安排已由软件包提供，无需预填",
            en=f"the arrangement of {year} comes with the package; nothing to prefill",
        )
    if not provisional_supported(year):
        raise DomainError(
            code="year_not_supported",
            field="year",
            zh=f"{year} 年不在法定节假日推算的范围内，请逐日录入",
            en=f"{year} is outside the statutory rule's range; enter its days one by one",
        )
    now = timezone.now()
    with transaction.atomic():
        entered = set(
            CalendarDay.objects.filter(
                date__year=year, organisation__isnull=True, region__isnull=True
            ).values_list("date", flat=True)
        )
        rows = [
            CalendarDay(
                date=d, kind=DayKind.HOLIDAY, name=name, source=PREFILL_SOURCE, created_at=now
            )
            for d, name in provisional_holidays(year).items()
            if d not in entered
        ]
        for row in rows:
            clean(row)
        CalendarDay.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=actions.YEAR_PREFILL,
            object_type="workdays.calendaryear",
            object_id=year,
            extra={"days": [[str(r.date), r.name] for r in rows]},
        )
        _on_commit()
    return rows


def _enqueue_recompute(reason: str, requested_by: str) -> None:
    from yangguang.workdays.tasks import deadlines_recompute_task

    transaction.on_commit(
        lambda: deadlines_recompute_task.enqueue(reason=reason, requested_by=requested_by)
    )


def deadlines_recompute_request(*, actor: Actor, reason: str = "") -> None:
    """Ask for a recompute of every open deadline in the background (after days of a
    complete year were corrected, say)."""
    _require_sysadmin(actor)
    reason = (reason or "").strip()[:200] or "管理员手动重算"
    with transaction.atomic():
        _enqueue_recompute(reason, actor.name)


def deadlines_recompute(*, actor: Actor, reason: str, requested_by: str = "") -> DeadlineRecompute:
    """Recompute and store every open deadline by the calendar in force (each app's
    registered recomputer: cases and their steps, information requests, complaints),
    listing each one that moved or whose provisional (暂定) mark changed; one
    transaction, one audit entry."""
    _require_sysadmin(actor)
    selectors.invalidate()
    with transaction.atomic():
        run = DeadlineRecompute.objects.create(
            reason=(reason or "")[:300],
            requested_by=(requested_by or actor.name)[:150],
            started_at=timezone.now(),
        )
        checked, shifts = 0, []
        for _name, recomputer in sorted(recompute.RECOMPUTERS.items()):
            n, found = recomputer(actor)
            checked += n
            shifts.extend(s for s in found if s.changed)
        DeadlineShift.objects.bulk_create(
            DeadlineShift(
                run=run,
                kind=s.kind,
                object_id=s.object_id,
                label=s.label[:300],
                organisation_id=s.organisation_id,
                old_deadline=s.old_deadline,
                new_deadline=s.new_deadline,
                old_provisional=s.old_provisional,
                new_provisional=s.new_provisional,
            )
            for s in shifts
        )
        run.checked, run.moved, run.finished_at = checked, len(shifts), timezone.now()
        run.save(update_fields=["checked", "moved", "finished_at"])
        by_kind: dict[str, int] = {}
        for s in shifts:
            by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
        audit_record(
            actor=actor,
            action=actions.DEADLINES_RECOMPUTE,
            obj=run,
            extra={
                "reason": run.reason,
                "requested_by": run.requested_by,
                "checked": checked,
                "moved": len(shifts),
                "moved_by_kind": by_kind,
            },
        )
    return run


def calendar_reminder_raise(*, actor: Actor, today: datetime.date | None = None) -> int | None:
    """From November, when the next year's arrangement is not entered: record the
    reminder once for that year (the office home and the calendar page show it to the
    administrators until the year is entered). Returns the year reminded of, or None."""
    from yangguang.audit.models import AuditEntry

    _require_sysadmin(actor)
    year = selectors.next_year_reminder(today)
    if year is None:
        return None
    with transaction.atomic():
        done = AuditEntry.objects.filter(
            action=actions.YEAR_REMINDER.code,
            object_type="workdays.calendaryear",
            object_id=str(year),
        ).exists()
        if done:
            return None
        audit_record(
            actor=actor,
            action=actions.YEAR_REMINDER,
            object_type="workdays.calendaryear",
            object_id=year,
            extra={
                "zh": f"请录入 {year} 年节假日安排（含调休）并确认完整",
                "en": f"enter the holiday arrangement of {year} (with make-up days) "
                "and mark it complete",
            },
        )
    return year
