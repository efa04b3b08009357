"""Make the audit trail tamper-evident: chain any existing events, then (PostgreSQL only)
refuse UPDATE and DELETE on the event table with a trigger.

TRUNCATE stays possible: it is what the test runner and a full restore use, and it needs
table ownership, which the web application's role should not have in production.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations

GENESIS = "0" * 64

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION casework_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: % on casework_event refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS casework_event_append_only ON casework_event;
CREATE TRIGGER casework_event_append_only BEFORE UPDATE OR DELETE ON casework_event
    FOR EACH ROW EXECUTE FUNCTION casework_event_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS casework_event_append_only ON casework_event;
DROP FUNCTION IF EXISTS casework_event_append_only();
"""


def _digest(previous_hash, event):
    # Frozen copy of casework.audit.event_digest as it was when this migration was written.
    content = {
        "chain": event.chain, "seq": event.seq, "organisation": event.organisation_id,
        "case": event.case_id, "actor": event.actor_id, "verb": event.verb,
        "object_type": event.object_type, "object_id": event.object_id, "data": event.data,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
    }
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous_hash}\n{payload}".encode()).hexdigest()


def chain_existing(apps, schema_editor):
    Event = apps.get_model("casework", "Event")
    Head = apps.get_model("casework", "AuditChainHead")
    heads = {}
    for event in Event.objects.filter(hash="").order_by("created_at", "id").iterator():
        chain = event.organisation_id or 0
        seq, previous = heads.get(chain, (0, GENESIS))
        event.chain, event.seq = chain, seq + 1
        event.hash = _digest(previous, event)
        event.save(update_fields=["chain", "seq", "hash"])
        heads[chain] = (event.seq, event.hash)
    for chain, (seq, digest) in heads.items():
        Head.objects.update_or_create(chain=chain, defaults={"seq": seq, "hash": digest})


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_identity_documents_files_and_timeline")]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
