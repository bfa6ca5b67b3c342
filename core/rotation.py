"""Re-encrypting every encrypted column under the first of ``CONFIDENTIAL_KEYS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, transaction

from core import crypto
from core.fields import EncryptedTextField


@dataclass
class Rotated:
    label: str
    rows: int = 0
    reencrypted: int = 0
    already: int = 0  # under the first key already, or empty
    changed_meanwhile: int = 0  # saved by someone during the run: under the first key


def encrypted_columns() -> dict[type, list]:
    """Every model with encrypted fields, and those fields."""
    found = {}
    for model in apps.get_models():
        opts = model._meta
        if not opts.managed or opts.proxy:
            continue
        fields = [f for f in opts.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found[model] = fields
    return found


def confidential_keys_rotate(
    *, batch_size: int = 500, using: str = "default", progress: Callable | None = None
) -> list[Rotated]:
    """Re-encrypt every row of every encrypted column under the first key.

    The values are read and written as stored (raw SQL), a batch per transaction, so
    a run stopped part-way leaves each row under its old key or the new one, both in
    the key list, and running again carries on: rows already under the first key are
    skipped. A row is written only if it still holds what was read, so a note saved
    while this runs is never overwritten with its older text.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    results = []
    for model, fields in encrypted_columns().items():
        opts = model._meta
        result = Rotated(opts.label)
        table, pk = quote(opts.db_table), quote(opts.pk.column)
        columns = [quote(f.column) for f in fields]
        # Names come from the models, never from input.
        first = (
            f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608
            f"ORDER BY {pk} LIMIT {int(batch_size)}"
        )
        after = first.replace("ORDER BY", f"WHERE {pk} > %s ORDER BY")
        update = (
            f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} "  # noqa: S608
            f"WHERE {pk} = %s AND {' AND '.join(f'{c} = %s' for c in columns)}"
        )
        last = None
        while True:
            with transaction.atomic(using=using), connection.cursor() as cursor:
                query, params = (first, []) if last is None else (after, [last])
                cursor.execute(query, params)
                rows = cursor.fetchall()
                for row_pk, *values in rows:
                    result.rows += 1
                    if all(not v or crypto.is_under_first_key(v) for v in values):
                        result.already += 1
                        continue
                    new = [
                        v if not v or crypto.is_under_first_key(v) else crypto.reencrypt(v)
                        for v in values
                    ]
                    cursor.execute(update, [*new, row_pk, *values])
                    if cursor.rowcount == 1:
                        result.reencrypted += 1
                    else:
                        result.changed_meanwhile += 1
            if not rows:
                break
            last = rows[-1][0]
            if progress:
                progress(result)
        results.append(result)
    return results
