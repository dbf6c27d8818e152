import datetime

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yangguang.accounts"
    label = "accounts"
    verbose_name = "账号 (Accounts)"

    def ready(self) -> None:
        from yangguang.accounts import models as m
        from yangguang.core import access

        access.register(m.User, org_path="organisation__path")
        access.register(m.ApiToken, org_path="user__organisation__path")

        from yangguang.accounts.tasks import login_failures_task
        from yangguang.core import schedule

        # failed sign-ins reach the audit trail summed up, once an hour
        schedule.recurring(login_failures_task, every=datetime.timedelta(hours=1))
