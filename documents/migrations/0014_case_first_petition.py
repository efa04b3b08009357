"""Keep each case's first petition time on the case row (casework 0013).

The Analytics page's hours from arrest to first petition grouped every case with its
petitions on every count (the page's slowest query at 100,000 cases once the others were
made cheap). The time is copied by triggers, as the case list keys are
(detainees/migrations/0013_case_list_order_triggers.py): petitions are written by the
services, by queryset updates and by bulk inserts, and a whole-row save of a case object
read earlier would put an old value back; a trigger on the petitions and a BEFORE trigger
on the case (which recomputes the time on every insert or update of a case) miss none of
them. Nothing in Python writes the column.

Applying the migration recomputes every case (an update of each case runs its BEFORE
trigger), so existing cases get their time too.
"""

from django.db import migrations

FIRST = "(SELECT MIN(p.created_at) FROM documents_petition p WHERE p.case_id = {case})"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION case_first_petition() RETURNS trigger AS $$
BEGIN
    NEW.first_petition_at := {FIRST.format(case="NEW.id")};
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_first_petition BEFORE INSERT OR UPDATE ON casework_case
    FOR EACH ROW EXECUTE FUNCTION case_first_petition();

CREATE OR REPLACE FUNCTION case_first_petition_from_petition() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE casework_case SET first_petition_at = NULL WHERE id = OLD.case_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id) THEN
        UPDATE casework_case SET first_petition_at = NULL WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_first_petition_from_petition AFTER INSERT OR DELETE ON documents_petition
    FOR EACH ROW EXECUTE FUNCTION case_first_petition_from_petition();
CREATE TRIGGER case_first_petition_from_petition_update
    AFTER UPDATE OF created_at, case_id ON documents_petition
    FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.case_id <> NEW.case_id)
    EXECUTE FUNCTION case_first_petition_from_petition();

UPDATE casework_case SET first_petition_at = NULL;
"""
# (Each UPDATE above only touches the case: its BEFORE trigger computes the time.)

POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS case_first_petition_from_petition_update ON documents_petition;
DROP TRIGGER IF EXISTS case_first_petition_from_petition ON documents_petition;
DROP FUNCTION IF EXISTS case_first_petition_from_petition();
DROP TRIGGER IF EXISTS case_first_petition ON casework_case;
DROP FUNCTION IF EXISTS case_first_petition();
"""

SET = f"UPDATE casework_case SET first_petition_at = {FIRST.format(case='casework_case.id')}"
SQLITE = [
    f"""CREATE TRIGGER case_first_petition_update AFTER UPDATE ON casework_case BEGIN
        {SET} WHERE id = NEW.id; END""",
    f"""CREATE TRIGGER case_first_petition_from_petition_insert
        AFTER INSERT ON documents_petition BEGIN {SET} WHERE id = NEW.case_id; END""",
    f"""CREATE TRIGGER case_first_petition_from_petition_update
        AFTER UPDATE OF created_at, case_id ON documents_petition BEGIN
        {SET} WHERE id IN (OLD.case_id, NEW.case_id); END""",
    f"""CREATE TRIGGER case_first_petition_from_petition_delete
        AFTER DELETE ON documents_petition BEGIN {SET} WHERE id = OLD.case_id; END""",
    SET,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "case_first_petition_update", "case_first_petition_from_petition_insert",
        "case_first_petition_from_petition_update", "case_first_petition_from_petition_delete",
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
        ("casework", "0013_case_first_petition_at"),
        ("documents", "0013_case_coverage_kinds"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
