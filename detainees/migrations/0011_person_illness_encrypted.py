"""Illness is health data, a special category: encrypt the column and what it holds."""

from django.db import migrations

import casework.crypto


def encrypt_existing(apps, schema_editor):
    # Raw SQL: the field now decrypts on read, and these rows still hold plaintext.
    from casework.crypto import LEGACY_PREFIX, PREFIX, encrypt

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, illness FROM detainees_person")
        rows = [
            (encrypt(value or ""), pk)
            for pk, value in cursor.fetchall()
            if not (value or "").startswith((PREFIX, LEGACY_PREFIX))
        ]
        cursor.executemany("UPDATE detainees_person SET illness = %s WHERE id = %s", rows)


def decrypt_existing(apps, schema_editor):
    from casework.crypto import decrypt

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, illness FROM detainees_person")
        rows = [(decrypt(value or ""), pk) for pk, value in cursor.fetchall()]
        cursor.executemany("UPDATE detainees_person SET illness = %s WHERE id = %s", rows)


class Migration(migrations.Migration):
    dependencies = [("detainees", "0010_merge_name_keys")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="illness",
            field=casework.crypto.EncryptedTextField(
                blank=True,
                help_text="Only what the client agrees may be pleaded, e.g. diabetic, needs insulin",
                max_length=200,
                verbose_name="illness or disability",
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
