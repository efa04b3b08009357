"""Filling a new ``public_id`` column of existing rows, for the migrations that add one.

On PostgreSQL one statement gives every row its own random UUID (``gen_random_uuid()``,
built in since PostgreSQL 13): row by row, 900,000 identity documents would hold the
migration for a quarter of an hour. SQLite has no UUID function, and its databases are
small: there each row is updated in turn.
"""

import uuid


def fill_public_ids(app_label: str, *model_names: str):
    """A ``RunPython`` function filling ``public_id`` where it is still empty."""

    def fill(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            if schema_editor.connection.vendor == "postgresql":
                # The table's name comes from the model, quoted; nothing typed reaches it.
                table = schema_editor.quote_name(model._meta.db_table)
                fill_sql = (
                    f"UPDATE {table} SET public_id = gen_random_uuid() WHERE public_id IS NULL"  # noqa: S608, E501
                )
                schema_editor.execute(fill_sql)
                continue
            empty = model.objects.filter(public_id__isnull=True).values_list("pk", flat=True)
            for pk in empty.iterator():
                model.objects.filter(pk=pk).update(public_id=uuid.uuid4())

    return fill
