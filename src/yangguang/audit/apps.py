from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yangguang.audit"
    label = "audit"
    verbose_name = "全程留痕 (Audit trail)"

    def ready(self) -> None:
        from yangguang.audit.models import AuditEntry
        from yangguang.core import access

        # entries carry a plain organisation id; nothing in the trail is public (the
        # checkpoints and proofs are, through their own views)
        access.register(AuditEntry, org_id_field="org_id")
        from yangguang.audit import services  # noqa: F401  (declares the action codes)
