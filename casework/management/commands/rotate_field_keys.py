"""Re-encrypt every special-category value with the current (first) field-encryption key.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it),
restart, run this command, then remove the old keys. Running it again finds nothing to do.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from casework import crypto
from casework.audit import log_action

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true", help="Print a new key and change nothing."
        )

    def handle(self, *args, generate=False, **options):
        if generate:
            self.stdout.write(crypto.generate_key())
            return
        total = 0
        for model, columns in crypto.encrypted_fields():
            rotated = rotate_table(model._meta.db_table, model._meta.pk.column, columns)
            total += rotated
            self.stdout.write(f"{model._meta.label}: {rotated} row(s) re-encrypted")
        log_action("keys.rotated", organisation=None, actor=None, data={"rows": total})
        self.stdout.write(f"Done: {total} row(s) re-encrypted with the current key.")


def rotate_table(table: str, pk: str, columns: list[str]) -> int:
    """Rotate ciphertext to ciphertext in SQL rows: the ORM would decrypt and re-wrap it."""
    q = connection.ops.quote_name
    select = (
        f"SELECT {q(pk)}, {', '.join(q(c) for c in columns)} FROM {q(table)} "  # noqa: S608
        f"WHERE {q(pk)} > %s ORDER BY {q(pk)} LIMIT {BATCH}"
    )
    update = (
        f"UPDATE {q(table)} SET {', '.join(f'{q(c)} = %s' for c in columns)} "  # noqa: S608
        f"WHERE {q(pk)} = %s"
    )
    count, last_pk = 0, 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(select, [last_pk])
            rows = cursor.fetchall()
            for row_pk, *stored in rows:
                if any(crypto.needs_rotation(value or "") for value in stored):
                    cursor.execute(update, [*(crypto.rotate(v or "") for v in stored), row_pk])
                    count += 1
        if not rows:
            return count
        last_pk = rows[-1][0]
