"""The trail's first row of defence: the head row, and triggers that refuse to change or
remove entries (a DBA can still disable them; the hash chain and the signed checkpoints
are what make that visible)."""

from django.db import migrations

from yangguang.audit.triggers import create_triggers, drop_triggers


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"seq": 0, "hash": "0" * 64}
    )


def forwards(apps, schema_editor):
    create_triggers(schema_editor.connection)


def backwards(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_checkpoint")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(forwards, backwards),
    ]
