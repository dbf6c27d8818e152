import datetime

from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "yangguang.workdays"
    label = "workdays"
    verbose_name = "工作日历 (Working-day calendar)"

    def ready(self) -> None:
        from django.db.models import Q

        from yangguang.accounts.roles import Role
        from yangguang.core import access
        from yangguang.workdays import actions  # noqa: F401  (declares the action codes)
        from yangguang.workdays import models as m

        # the calendar is public information; only system administrators change it
        admins = {"change": {Role.SYSADMIN}, "operate": set(), "supervise": set()}
        access.register(m.CalendarDay, org_path="", public=Q(), only=admins)
        access.register(m.CalendarYear, org_path="", public=Q(), only=admins)
        # the recompute runs and what they moved: system administrators only
        sysadmin_only = {a: {Role.SYSADMIN} for a in ("view", "change", "operate", "supervise")}
        access.register(m.DeadlineRecompute, org_path="", only=sysadmin_only)
        access.register(m.DeadlineShift, org_path="organisation__path", only=sysadmin_only)

        from yangguang.core import schedule
        from yangguang.workdays.tasks import calendar_reminder_task

        schedule.recurring(calendar_reminder_task, every=datetime.timedelta(days=1))
