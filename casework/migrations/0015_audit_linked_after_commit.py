"""Events are inserted unlinked and linked into their chain after commit (casework/audit.py).

No request waits on a chain head any more: ``seq`` is empty until the chainer links the
event. The append-only trigger now lets exactly one change through: an unlinked event
receiving its ``seq`` and ``hash``, nothing else.
"""

from django.db import migrations, models

LINK_ONCE = """
CREATE OR REPLACE FUNCTION casework_event_append_only() RETURNS trigger AS $$
BEGIN
    -- The chainer links an event once; its content and every linked event stay as they are.
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.hash <> ''
       AND (to_jsonb(NEW) - 'seq' - 'hash') = (to_jsonb(OLD) - 'seq' - 'hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on casework_event refused', TG_OP;
END;
$$ LANGUAGE plpgsql;

"""

APPEND_ONLY_AS_BEFORE = """
CREATE OR REPLACE FUNCTION casework_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on casework_event refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def link_once(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LINK_ONCE, params=None)


def append_only_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_AS_BEFORE, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0014_organisation_public_id")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="seq",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["chain", "id"],
                name="event_unlinked",
            ),
        ),
        migrations.RunPython(link_once, append_only_as_before),
    ]
