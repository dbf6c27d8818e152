from django.apps import AppConfig


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
