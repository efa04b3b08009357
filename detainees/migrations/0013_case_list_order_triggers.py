"""Keep the case list's order keys on the case row (casework 0008) true to the records.

The list shows high risk and still held first, then awaiting production, then the
earliest arrest. Those facts live on the detention and the risk screening; sorting a
million cases joined with both on every page was the list's cost at scale. The keys
are copied onto the case by triggers rather than by the services, because the rows
they read are written by many paths (the services, bulk intake, retention's queryset
updates, restore, the admin): a trigger in the same transaction cannot be forgotten
by one of them, and nothing in Python ever writes the keys.

PostgreSQL computes them in a BEFORE trigger on the case (any insert or update of a
case recomputes its keys); the detention and the risk screening touch their case when
a fact the order reads changes. SQLite, the embedded default, does the same with
AFTER triggers (it cannot assign NEW).
"""

from django.db import migrations

HELD = "('in_custody', 'holding_centre', 'unknown')"

# One case's keys, for the case row ``casework_case`` being updated.
KEYS = f"""
    list_arrested_at = (
        SELECT d.arrested_at FROM detainees_detention d WHERE d.id = casework_case.detention_id
    ),
    list_awaiting = COALESCE((
        SELECT d.status IN {HELD} AND d.produced_at IS NULL
        FROM detainees_detention d WHERE d.id = casework_case.detention_id
    ), FALSE),
    list_urgent = COALESCE((
        SELECT d.status IN {HELD} FROM detainees_detention d
        WHERE d.id = casework_case.detention_id
    ), FALSE) AND EXISTS (
        SELECT 1 FROM detainees_riskscreening r
        WHERE r.case_id = casework_case.id AND r.level = 'high'
    )
"""

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION case_list_keys() RETURNS trigger AS $$
BEGIN
    SELECT d.arrested_at,
           d.status IN {HELD} AND d.produced_at IS NULL,
           d.status IN {HELD} AND EXISTS (
               SELECT 1 FROM detainees_riskscreening r
               WHERE r.case_id = NEW.id AND r.level = 'high'
           )
      INTO NEW.list_arrested_at, NEW.list_awaiting, NEW.list_urgent
      FROM detainees_detention d WHERE d.id = NEW.detention_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_list_keys BEFORE INSERT OR UPDATE ON casework_case
    FOR EACH ROW EXECUTE FUNCTION case_list_keys();

CREATE OR REPLACE FUNCTION case_list_keys_from_detention() RETURNS trigger AS $$
BEGIN
    UPDATE casework_case SET list_arrested_at = NULL WHERE detention_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_list_keys_from_detention
    AFTER UPDATE OF arrested_at, status, produced_at ON detainees_detention
    FOR EACH ROW
    WHEN (OLD.arrested_at IS DISTINCT FROM NEW.arrested_at
          OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.produced_at IS DISTINCT FROM NEW.produced_at)
    EXECUTE FUNCTION case_list_keys_from_detention();

CREATE OR REPLACE FUNCTION case_list_keys_from_risk() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE casework_case SET list_urgent = FALSE WHERE id = OLD.case_id;
    ELSE
        UPDATE casework_case SET list_urgent = FALSE WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_list_keys_from_risk
    AFTER INSERT OR DELETE OR UPDATE OF level, case_id ON detainees_riskscreening
    FOR EACH ROW EXECUTE FUNCTION case_list_keys_from_risk();

UPDATE casework_case SET list_urgent = FALSE;
"""
# (Each UPDATE above only touches the case: its BEFORE trigger computes the keys.)

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS case_list_keys_from_risk ON detainees_riskscreening;
DROP FUNCTION IF EXISTS case_list_keys_from_risk();
DROP TRIGGER IF EXISTS case_list_keys_from_detention ON detainees_detention;
DROP FUNCTION IF EXISTS case_list_keys_from_detention();
DROP TRIGGER IF EXISTS case_list_keys ON casework_case;
DROP FUNCTION IF EXISTS case_list_keys();
"""

SQLITE = [
    f"""CREATE TRIGGER case_list_keys_insert AFTER INSERT ON casework_case BEGIN
        UPDATE casework_case SET {KEYS} WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER case_list_keys_update AFTER UPDATE ON casework_case BEGIN
        UPDATE casework_case SET {KEYS} WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER case_list_keys_from_detention
        AFTER UPDATE OF arrested_at, status, produced_at ON detainees_detention BEGIN
        UPDATE casework_case SET {KEYS} WHERE detention_id = NEW.id; END""",
    f"""CREATE TRIGGER case_list_keys_from_risk_insert AFTER INSERT ON detainees_riskscreening
        BEGIN UPDATE casework_case SET {KEYS} WHERE id = NEW.case_id; END""",
    f"""CREATE TRIGGER case_list_keys_from_risk_update
        AFTER UPDATE OF level, case_id ON detainees_riskscreening BEGIN
        UPDATE casework_case SET {KEYS} WHERE id IN (OLD.case_id, NEW.case_id); END""",
    f"""CREATE TRIGGER case_list_keys_from_risk_delete AFTER DELETE ON detainees_riskscreening
        BEGIN UPDATE casework_case SET {KEYS} WHERE id = OLD.case_id; END""",
    f"UPDATE casework_case SET {KEYS}",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "case_list_keys_insert", "case_list_keys_update", "case_list_keys_from_detention",
        "case_list_keys_from_risk_insert", "case_list_keys_from_risk_update",
        "case_list_keys_from_risk_delete",
    )
]  # fmt: skip


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0009_case_list_order_keys"),
        ("detainees", "0012_hearing_and_incident_public_id"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
