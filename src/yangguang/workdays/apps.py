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
