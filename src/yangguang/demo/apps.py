from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yangguang.demo"
    label = "demo"
    verbose_name = "演示数据 (Demo county)"
