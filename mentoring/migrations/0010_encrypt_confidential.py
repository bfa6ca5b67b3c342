"""Session notes, actions agreed and reflections encrypted at rest (core.fields).

The rows already written are encrypted here, in batches, with raw SQL: the values
are read and written exactly as stored, whatever the field class does today. A row
that already holds a ciphertext the keys open is left alone, so running it again
after a failure part-way through is safe. Going back decrypts every row.

A database with no notes needs no keys to migrate; one with notes needs
CONFIDENTIAL_KEYS (or DEBUG on, for the development key).
"""

from django.db import migrations

import core.fields
from core import crypto

BATCH = 500
COLUMNS = {"sessionnote": ("notes", "actions_agreed"), "reflection": ("text",)}


def _convert(apps, schema_editor, change):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, fields in COLUMNS.items():
        opts = apps.get_model("mentoring", model_name)._meta
        table = quote(opts.db_table)
        pk = quote(opts.pk.column)
        columns = [quote(opts.get_field(name).column) for name in fields]
        # Names come from the models, never from input.
        select = (
            f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608
            f"WHERE {pk} > %s ORDER BY {pk} LIMIT {BATCH}"
        )
        update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(select, [last])
                rows = cursor.fetchall()
                if not rows:
                    break
                changed = []
                for row_pk, *values in rows:
                    new = [change(value) for value in values]
                    if new != values:
                        changed.append([*new, row_pk])
                if changed:
                    cursor.executemany(update, changed)
            last = rows[-1][0]


def _encrypt(value):
    if not value or crypto.is_readable(value):
        return value
    return crypto.encrypt(value)


def _decrypt(value):
    if not value or not crypto.looks_encrypted(value):
        return value
    return crypto.decrypt(value)


def encrypt_rows(apps, schema_editor):
    _convert(apps, schema_editor, _encrypt)


def decrypt_rows(apps, schema_editor):
    _convert(apps, schema_editor, _decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0009_pair_access"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sessionnote",
            name="notes",
            field=core.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="sessionnote",
            name="actions_agreed",
            field=core.fields.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="reflection",
            name="text",
            field=core.fields.EncryptedTextField(),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
