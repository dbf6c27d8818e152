from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yangguang.core"
    label = "core"
    verbose_name = "核心 (Core)"

    def ready(self) -> None:
        from yangguang.core import checks  # noqa: F401  (registers the system checks)
