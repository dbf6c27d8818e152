"""The requester's name, contact, address and ID number sealed (``core.sealed``, purpose
``requester``): the columns become text columns holding the token, and the rows already
there are sealed. Reversible (with the same key): the rows are opened again."""

from django.db import migrations

import yangguang.core.sealed

FIELDS = ["requester_name", "requester_contact", "requester_address", "requester_id_number"]


def seal_rows(apps, schema_editor):
    model = apps.get_model("disclosure", "InfoRequest")
    yangguang.core.sealed.migrate_columns(schema_editor, model, FIELDS, "requester", forward=True)


def open_rows(apps, schema_editor):
    model = apps.get_model("disclosure", "InfoRequest")
    yangguang.core.sealed.migrate_columns(schema_editor, model, FIELDS, "requester", forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0006_request_code_and_personal_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inforequest",
            name="requester_address",
            field=yangguang.core.sealed.SealedCharField(
                blank=True, max_length=200, purpose="requester"
            ),
        ),
        migrations.AlterField(
            model_name="inforequest",
            name="requester_contact",
            field=yangguang.core.sealed.SealedCharField(
                max_length=200, purpose="requester", verbose_name="联系方式"
            ),
        ),
        migrations.AlterField(
            model_name="inforequest",
            name="requester_id_number",
            field=yangguang.core.sealed.SealedCharField(
                blank=True, max_length=18, purpose="requester"
            ),
        ),
        migrations.AlterField(
            model_name="inforequest",
            name="requester_name",
            field=yangguang.core.sealed.SealedCharField(
                max_length=100, purpose="requester", verbose_name="申请人"
            ),
        ),
        migrations.RunPython(seal_rows, open_rows),
    ]
