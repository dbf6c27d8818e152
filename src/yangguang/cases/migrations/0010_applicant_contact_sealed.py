"""The case applicant's contact sealed (``core.sealed``, purpose ``applicant``): the
column becomes a text column holding the token, and the rows already there are sealed.
Reversible (with the same key): the rows are opened again."""

from django.db import migrations

import yangguang.core.sealed


def seal_rows(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    yangguang.core.sealed.migrate_columns(
        schema_editor, model, ["applicant_contact"], "applicant", forward=True
    )


def open_rows(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    yangguang.core.sealed.migrate_columns(
        schema_editor, model, ["applicant_contact"], "applicant", forward=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_penalty_decision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="applicant_contact",
            field=yangguang.core.sealed.SealedCharField(
                blank=True, max_length=100, purpose="applicant", verbose_name="联系方式"
            ),
        ),
        migrations.RunPython(seal_rows, open_rows),
    ]
