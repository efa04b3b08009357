"""Spelling-independent name keys on the person, filled for existing rows, and on
PostgreSQL the pg_trgm extension with a GIN trigram index on the search keys."""

from django.db import migrations, models

from detainees.names import person_name_keys

TRIGRAM_INDEX = "detainees_person_search_keys_trgm"
KEYS_INDEX = "detainees_person_search_keys_words"


def search_indexes(apps, schema_editor):
    """Keys as words (exact and beginning matches, detainees.search._KeysMatch) and as
    trigrams (close spellings). SQLite searches the same keys with LIKE, unindexed."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON detainees_person "
        "USING gin (search_keys gin_trgm_ops)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {KEYS_INDEX} ON detainees_person "
        "USING gin (to_tsvector('simple'::regconfig, search_keys))"
    )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {KEYS_INDEX}")


def fill_keys(apps, schema_editor):
    Person = apps.get_model("detainees", "Person")
    batch = []
    for person in Person.objects.only(
        "given_name", "family_name", "given_name_native", "family_name_native",
        "father_name", "father_name_native",
    ).iterator(chunk_size=2000):  # fmt: skip
        for name, value in person_name_keys(person).items():
            setattr(person, name, value)
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(
                batch, ["spelling_key", "spelling_key_native", "search_keys"]
            )
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["spelling_key", "spelling_key_native", "search_keys"])


class Migration(migrations.Migration):
    dependencies = [
        ("detainees", "0004_seed_courts"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_keys",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="person",
            name="spelling_key",
            field=models.CharField(blank=True, db_index=True, max_length=300),
        ),
        migrations.AddField(
            model_name="person",
            name="spelling_key_native",
            field=models.CharField(blank=True, db_index=True, max_length=300),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(search_indexes, drop_search_indexes),
    ]
