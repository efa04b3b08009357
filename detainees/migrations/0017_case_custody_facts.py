"""Copy two more custody facts onto the case row: still held, and when released.

The supervisor's Today page counts, per lawyer, the open cases whose detainee is still
held, and the Analytics page counts releases and hours to release over every case of
the organisation. Both joined every case with its detention on every load (150 ms and
more at 100,000 cases on a busy machine). The facts are kept by the triggers of
migration 0013, extended here, for the same reason as the list keys: the detention is
written by many paths, and a trigger in the same transaction misses none of them.

Applying the migration recomputes every case's stored facts (an update of each case
runs its BEFORE trigger), so existing cases get them too.
"""

from importlib import import_module

from django.db import migrations

keys_0013 = import_module("detainees.migrations.0013_case_list_order_triggers")
HELD = keys_0013.HELD

# One case's keys, for the case row ``casework_case`` being updated (SQLite).
KEYS = f"""{keys_0013.KEYS},
    custody_held = COALESCE((
        SELECT d.status IN {HELD} FROM detainees_detention d
        WHERE d.id = casework_case.detention_id
    ), FALSE),
    custody_released_at = (
        SELECT d.released_at FROM detainees_detention d WHERE d.id = casework_case.detention_id
    )
"""


def _postgresql(facts: bool) -> str:
    """The case's BEFORE trigger and the detention's trigger, with or without the facts."""
    select = f"""
        SELECT d.arrested_at,
               d.status IN {HELD} AND d.produced_at IS NULL,
               d.status IN {HELD} AND EXISTS (
                   SELECT 1 FROM detainees_riskscreening r
                   WHERE r.case_id = NEW.id AND r.level = 'high'
               )"""
    into = "NEW.list_arrested_at, NEW.list_awaiting, NEW.list_urgent"
    columns = "arrested_at, status, produced_at"
    changed = """OLD.arrested_at IS DISTINCT FROM NEW.arrested_at
              OR OLD.status IS DISTINCT FROM NEW.status
              OR OLD.produced_at IS DISTINCT FROM NEW.produced_at"""
    if facts:
        select += f""",
               COALESCE(d.status IN {HELD}, FALSE),
               d.released_at"""
        into += ", NEW.custody_held, NEW.custody_released_at"
        columns += ", released_at"
        changed += "\n              OR OLD.released_at IS DISTINCT FROM NEW.released_at"
    return f"""
CREATE OR REPLACE FUNCTION case_list_keys() RETURNS trigger AS $$
BEGIN
    {select}
      INTO {into}
      FROM detainees_detention d WHERE d.id = NEW.detention_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS case_list_keys_from_detention ON detainees_detention;
CREATE TRIGGER case_list_keys_from_detention
    AFTER UPDATE OF {columns} ON detainees_detention
    FOR EACH ROW
    WHEN ({changed})
    EXECUTE FUNCTION case_list_keys_from_detention();

UPDATE casework_case SET list_urgent = FALSE;
"""


def _sqlite(keys: str) -> list[str]:
    released = ", released_at" if "custody_released_at" in keys else ""
    return [
        *keys_0013.SQLITE_DROP,
        f"""CREATE TRIGGER case_list_keys_insert AFTER INSERT ON casework_case BEGIN
            UPDATE casework_case SET {keys} WHERE id = NEW.id; END""",
        f"""CREATE TRIGGER case_list_keys_update AFTER UPDATE ON casework_case BEGIN
            UPDATE casework_case SET {keys} WHERE id = NEW.id; END""",
        f"""CREATE TRIGGER case_list_keys_from_detention
            AFTER UPDATE OF arrested_at, status, produced_at{released} ON detainees_detention
            BEGIN UPDATE casework_case SET {keys} WHERE detention_id = NEW.id; END""",
        f"""CREATE TRIGGER case_list_keys_from_risk_insert AFTER INSERT ON detainees_riskscreening
            BEGIN UPDATE casework_case SET {keys} WHERE id = NEW.case_id; END""",
        f"""CREATE TRIGGER case_list_keys_from_risk_update
            AFTER UPDATE OF level, case_id ON detainees_riskscreening BEGIN
            UPDATE casework_case SET {keys} WHERE id IN (OLD.case_id, NEW.case_id); END""",
        f"""CREATE TRIGGER case_list_keys_from_risk_delete AFTER DELETE ON detainees_riskscreening
            BEGIN UPDATE casework_case SET {keys} WHERE id = OLD.case_id; END""",
        f"UPDATE casework_case SET {keys}",
    ]


def _replace(facts: bool):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_postgresql(facts), params=None)
        elif vendor == "sqlite":
            for statement in _sqlite(KEYS if facts else keys_0013.KEYS):
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0012_case_custody_facts"),
        ("detainees", "0016_seed_police_authorities"),
    ]

    operations = [migrations.RunPython(_replace(facts=True), _replace(facts=False))]
