"""Published versions and their items are immutable: triggers refuse UPDATE and DELETE."""

from django.db import migrations

from yangguang.powers.triggers import create_triggers, drop_triggers


def forwards(apps, schema_editor):
    create_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("powers", "0002_seed_power_types")]

    operations = [migrations.RunPython(forwards, backwards)]
