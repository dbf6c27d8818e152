from django.apps import AppConfig


class ConformanceConfig(AppConfig):
    name = "yangguang.conformance"
    label = "conformance"
    verbose_name = "合规检查 (Conformance checking)"

    def ready(self) -> None:
        from yangguang.accounts.roles import Role
        from yangguang.conformance import actions  # noqa: F401  (declares the action codes)
        from yangguang.conformance import models as m
        from yangguang.core import access

        # the commission's work: inspectors and system administrators only
        supervisors = {Role.SYSADMIN, Role.INSPECTOR}
        only = {"view": supervisors, "change": set(), "operate": set(), "supervise": supervisors}
        access.register(m.CheckRun, org_path="organisation__path", only=only)
        access.register(m.Finding, org_path="run__organisation__path", only=only)
