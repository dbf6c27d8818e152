"""Seed the power types most provinces use; deployments may add, rename or deactivate
them (they are configuration, through the services)."""

from django.db import migrations

TYPES = [
    ("XK", "行政许可"),
    ("CF", "行政处罚"),
    ("QZ", "行政强制"),
    ("ZS", "行政征收"),
    ("JF", "行政给付"),
    ("JC", "行政检查"),
    ("QR", "行政确认"),
    ("JL", "行政奖励"),
    ("CJ", "行政裁决"),
    ("QT", "其他行政权力"),
    ("GF", "公共服务"),
]


def seed(apps, schema_editor):
    PowerType = apps.get_model("powers", "PowerType")
    db = schema_editor.connection.alias
    for order, (code, name) in enumerate(TYPES, start=1):
        PowerType.objects.using(db).get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    PowerType = apps.get_model("powers", "PowerType")
    PowerType.objects.using(schema_editor.connection.alias).filter(
        code__in=[c for c, _ in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("powers", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
