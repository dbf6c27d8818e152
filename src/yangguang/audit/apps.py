import datetime

from django.apps import AppConfig
from django.conf import settings


class AuditConfig(AppConfig):
    name = "yangguang.audit"
    label = "audit"
    verbose_name = "全程留痕 (Audit trail)"

    def ready(self) -> None:
        from yangguang.accounts.roles import Role
        from yangguang.audit.models import AuditEntry
        from yangguang.core import access

        # entries carry a plain organisation id; nothing in the trail is public (the
        # checkpoints and proofs are, through their own views)
        # Reading the trail: system administrators and the inspectors of the jurisdiction.
        # Changing it: nobody (the database triggers refuse it as well).
        access.register(
            AuditEntry,
            org_id_field="org_id",
            only={
                "view": {Role.SYSADMIN, Role.INSPECTOR},
                "supervise": {Role.SYSADMIN, Role.INSPECTOR},
                "change": set(),
                "operate": set(),
            },
        )
        from yangguang.audit import services  # noqa: F401  (declares the action codes)
        from yangguang.audit.tasks import checkpoint_task
        from yangguang.core import schedule

        # sign a checkpoint over the trail every hour (AUDIT_CHECKPOINT_MINUTES)
        schedule.recurring(
            checkpoint_task, every=datetime.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
        )
