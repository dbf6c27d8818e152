from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "yangguang.audit"
    label = "audit"
    verbose_name = "全程留痕 (Audit trail)"
