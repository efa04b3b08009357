"""A large, realistic data set on PostgreSQL for the scale benchmarks (bench/case_list.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah_scale \\
        .venv/bin/python bench/seed.py --cases 1000000 [--organisations 12] [--reset]

Writes into the database of ``DATABASE_URL`` (refused unless its name ends in ``_scale``,
so a working database is never filled with a million fictional cases), migrated first.
``--reset`` drops and recreates that database.

What it makes, all with bulk SQL (``INSERT … SELECT generate_series``, COPY):

- ``--organisations`` organisations; the largest holds 30 % of the cases (at most
  300,000, what its supervisor sees), the others shrink geometrically;
- per organisation a supervisor and a team of lawyers and paralegals (one member per
  750 cases, 10 to 400); each case has a team of 3 to 6 drawn with a skew (member ``i``
  of ``M`` is drawn as ``floor(M * u^1.8)``), so a few lawyers see tens of thousands of
  cases and most a few hundred to a few thousand. Two newcomer lawyers per organisation
  are on its 100 and 400 newest cases. Every team member holds the team's direct-FK
  grants (``view_case``, ``change_case``, ``draft_petition``), as ``case_assign`` gives;
- a person per case, from a pool of ``--distinct-names`` synthetic people
  (bench/synthetic_names.py: Latin, Perso-Arabic or both scripts, several spellings),
  with the name keys the app computes (detainees.names, in Python, once per pool entry);
- a detention per case (arrests over 18 months, most recent most often; held, moved to a
  holding centre, whereabouts unknown, released or deported; produced before a
  magistrate except for the newest and a few forgotten), some cases closed;
- identity documents for seven in ten people (PoR, ACC, tazkira, UNHCR, passport), a
  risk screening for one case in twelve, hearings for four in ten cases.

The case list's order keys are filled by the triggers of detainees/0012, as for any
write. It prints how long each step and the whole seeding took.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import UUIDField  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.synthetic_names import person_row  # noqa: E402
from casework.models import (  # noqa: E402
    Case,
    CaseAssignment,
    CaseUserObjectPermission,
    Membership,
    Organisation,
    ReferenceCounter,
    Role,
)
from casework.services import TEAM_PERMISSIONS  # noqa: E402
from detainees.models import Detention, Hearing, Person, RiskScreening  # noqa: E402
from detainees.names import person_name_keys  # noqa: E402
from detainees.normalise import match_key  # noqa: E402
from documents.case_coverage import case_coverage_refresh_all  # noqa: E402
from documents.models import IdentityDocument  # noqa: E402

User = get_user_model()
LARGEST = 300_000
SKEW = 1.8  # member i of M is drawn as floor(M * u^SKEW): a few carry most of the work
NEWCOMERS = (100, 400)  # newest cases each newcomer lawyer is on
YEAR = 2026
# Tables whose indexes and constraints are built once after loading, not row by row.
BULK_TABLES = (Person, Detention, Case, CaseAssignment, CaseUserObjectPermission,
               IdentityDocument, Hearing)  # fmt: skip

# A uniform number in [0, 1) from the case number ``g`` and a salt: the same every time it
# is asked, so the lead lawyer picked for a case and its first team slot agree.
UNIFORM = "(abs(hashint8(({g}) * 64 + {salt})::bigint)::float8 / 2147483649.0)"


def uniform(g: str, salt: int) -> str:
    return UNIFORM.format(g=g, salt=salt)


def organisation_sizes(cases: int, organisations: int) -> list[int]:
    if organisations == 1:
        return [cases]
    largest = min(LARGEST, cases * 3 // 10)
    rest = cases - largest
    weights = [0.6**i for i in range(organisations - 1)]
    sizes = [int(rest * w / sum(weights)) for w in weights]
    sizes[0] += rest - sum(sizes)
    return sorted([largest, *sizes], reverse=True)


def insert_select(cursor, model, values: dict[str, str], source: str, params=()) -> int:
    """INSERT INTO model's table SELECT ``values`` (column -> SQL) FROM ``source``; every
    other column gets the field's default, prepared as Django would (an encrypted field's
    empty default is encrypted; a unique public id is drawn per row)."""
    columns, exprs, defaults = [], [], []
    for field in model._meta.concrete_fields:
        if field.column in values:
            columns.append(field.column)
            exprs.append(values[field.column])
        elif isinstance(field, UUIDField) and field.unique:
            # A public id: one fresh value per row, not one default for all.
            columns.append(field.column)
            exprs.append("gen_random_uuid()")
        elif not field.primary_key:
            columns.append(field.column)
            exprs.append("%s")
            defaults.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(exprs)} FROM {source}"
    )
    cursor.execute(sql, [*defaults, *params])
    return cursor.rowcount


class Steps:
    def __init__(self):
        self.started = self.last = time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        print(f"  {what:<58} {now - self.last:7.1f} s", flush=True)
        self.last = now


def guard_database(reset: bool) -> None:
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not name.endswith("_scale"):
        sys.exit(f"Refused: seed only a PostgreSQL database named *_scale (not {name!r}).")
    if not reset:
        return
    connection.close()
    admin = connections.create_connection("default")
    admin.settings_dict = {**admin.settings_dict, "NAME": "postgres"}
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    print(f"recreated the database {name}")


def make_members(organisations: list[Organisation], sizes: list[int]) -> list[tuple]:
    """Users and memberships (ORM: thousands of rows); returns (org, idx, user_id, role)."""
    rows = []
    for org, size in zip(organisations, sizes, strict=True):
        team = min(max(size // 750, 10), 400)
        people = [("supervisor", Role.SUPERVISOR)]
        people += [(f"m{i}", Role.PARALEGAL if i % 4 == 3 else Role.LAWYER) for i in range(team)]
        people += [(f"new{n}", Role.LAWYER) for n in NEWCOMERS]
        users = User.objects.bulk_create(
            User(
                username=f"{org.reference_prefix.lower()}-{name}",
                password="!",
                first_name=name.capitalize(),
                last_name=org.reference_prefix,
            )  # fmt: skip
            for name, _ in people
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=org, role=role)
            for u, (_, role) in zip(users, people, strict=True)
        )
        for i, (u, (name, role)) in enumerate(zip(users, people, strict=True)):
            idx = i - 1 if name.startswith("m") else -1
            rows.append((org.pk, idx, u.pk, role, team if name.startswith("m") else 0, name))
    return rows


def name_pool(cursor, distinct: int) -> None:
    """The pool of synthetic people with their name keys, computed once each in Python."""
    cursor.execute(
        "CREATE TEMP TABLE bench_name (i int PRIMARY KEY, given text, family text, father text,"
        " given_n text, family_n text, father_n text, gender text, spelling_key text,"
        " spelling_key_native text, search_keys text, match_key text, match_key_native text)"
    )
    sql = "COPY bench_name FROM STDIN"
    with cursor.cursor.copy(sql) as copy:
        for i in range(distinct):
            row = person_row(i)
            keys = person_name_keys(SimpleNamespace(**row))
            gender = "female" if i % 9 == 0 else "male"
            copy.write_row([
                i, row["given_name"], row["family_name"], row["father_name"],
                row["given_name_native"], row["family_name_native"], row["father_name_native"],
                gender, keys["spelling_key"], keys["spelling_key_native"], keys["search_keys"],
                match_key(row["given_name"], row["family_name"], row["father_name"]),
                match_key(row["given_name_native"], row["family_name_native"],
                          row["father_name_native"]),
            ])  # fmt: skip


def drop_constraints_and_indexes(cursor) -> list[str]:
    """Drop the foreign keys, unique constraints and plain indexes of the big tables (not
    their primary keys), so that each is built or checked once over the loaded rows
    instead of row by row; returns the statements that put them back."""
    tables = [m._meta.db_table for m in BULK_TABLES]
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
        FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')
        ORDER BY contype DESC
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = ANY(%s) AND NOT EXISTS (
            SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _, name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    # Unique constraints and indexes first; foreign keys last ('u' sorts after 'f' above).
    restore = [definition for _, _, definition in indexes]
    restore += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, _ in constraints]
    return restore[: len(indexes)] + sorted(restore[len(indexes) :], key=lambda s: "FOREIGN" in s)


def seed(cases: int, organisations: int, distinct: int) -> None:
    steps = Steps()
    now = timezone.now()
    NOW = f"'{now.isoformat()}'::timestamptz"  # noqa: N806
    sizes = organisation_sizes(cases, organisations)
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Legal Aid Network {i + 1}", reference_prefix=f"N{i + 1:02d}")
        for i in range(organisations)
    )
    members = make_members(orgs, sizes)
    steps.done(f"{organisations} organisations, {len(members)} members")
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET work_mem = '64MB'")
        # Which cases (g = 1..N) each organisation holds, and its team's size.
        cursor.execute(
            "CREATE TEMP TABLE bench_org (org_id int, prefix text, lo bigint, hi bigint,"
            " team int, supervisor_id int)"
        )
        lo = 1
        for org, size in zip(orgs, sizes, strict=True):
            team = next(m[4] for m in members if m[0] == org.pk and m[1] >= 0)
            supervisor = next(m[2] for m in members if m[0] == org.pk and m[5] == "supervisor")
            cursor.execute(
                "INSERT INTO bench_org VALUES (%s, %s, %s, %s, %s, %s)",
                [org.pk, org.reference_prefix, lo, lo + size - 1, team, supervisor],
            )
            lo += size
        cursor.execute(
            "CREATE TEMP TABLE bench_member (org_id int, idx int, user_id int, role text,"
            " name text, PRIMARY KEY (org_id, idx, name))"
        )
        cursor.executemany(
            "INSERT INTO bench_member VALUES (%s, %s, %s, %s, %s)",
            [(o, i, u, r, n) for o, i, u, r, _, n in members],
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_case AS SELECT g, o.org_id, o.prefix, g - o.lo + 1 AS seq,"
            " o.hi - g AS newest, o.team, o.supervisor_id"
            " FROM generate_series(1, %s::bigint) g JOIN bench_org o ON g BETWEEN o.lo AND o.hi",
            [cases],
        )
        cursor.execute("ALTER TABLE bench_case ADD PRIMARY KEY (g)")
        cursor.execute("ANALYZE bench_case")
        name_pool(cursor, distinct)
        # Temporary tables get no statistics from autovacuum: without them the planner
        # scans the members once per case and team slot instead of hashing them.
        cursor.execute("ANALYZE bench_org; ANALYZE bench_member; ANALYZE bench_name")
        steps.done(f"name pool of {distinct:,} people with their keys")
        rebuild = drop_constraints_and_indexes(cursor)

        # Persons, detentions and cases share the case number g as their id.
        insert_select(
            cursor, Person,
            {"id": "c.g", "organisation_id": "c.org_id", "given_name": "n.given",
             "family_name": "n.family", "father_name": "n.father", "given_name_native": "n.given_n",
             "family_name_native": "n.family_n", "father_name_native": "n.father_n",
             "gender": "n.gender", "spelling_key": "n.spelling_key",
             "spelling_key_native": "n.spelling_key_native", "search_keys": "n.search_keys",
             "match_key": "n.match_key", "match_key_native": "n.match_key_native",
             "estimated_age": "18 + mod(c.g, 40)", "languages": "'Dari, Pashto'"},
            "bench_case c JOIN bench_name n ON n.i = mod(c.g * 7919, %s)", [distinct],
        )  # fmt: skip
        steps.done(f"{cases:,} persons")
        age = f"(power({uniform('c.g', 1)}, 2) * 540 * 24)"  # hours since arrest
        status = uniform("c.g", 2)
        insert_select(
            cursor, Detention,
            {"id": "c.g", "organisation_id": "c.org_id", "person_id": "c.g",
             "arrested_at": f"{NOW} - {age} * interval '1 hour'",
             "arrest_time": "'exact'", "arresting_agency": "'police'",
             "police_station": "'Police Station ' || (1 + mod(c.g, 120))",
             "fir_number": "(1 + mod(c.g * 31, 997)) || '/' || (2025 + mod(c.g, 2))",
             "sections_charged": "'s.14 Foreigners Act 1946'",
             "custody_location": "'Lock-up, Police Station ' || (1 + mod(c.g, 120))",
             "status": f"""CASE WHEN {status} < 0.30 THEN 'in_custody'
                 WHEN {status} < 0.37 THEN 'holding_centre' WHEN {status} < 0.40 THEN 'unknown'
                 WHEN {status} < 0.85 THEN 'released' ELSE 'deported' END""",
             "produced_at": f"""CASE WHEN {age} < 36 OR {uniform('c.g', 3)} < 0.04 THEN NULL
                 ELSE {NOW} - ({age} - 20) * interval '1 hour' END""",
             "released_at": f"""CASE WHEN {status} >= 0.40 AND {status} < 0.85
                 THEN {NOW} - ({age} / 2) * interval '1 hour' END""",
             "deported_at": f"""CASE WHEN {status} >= 0.85
                 THEN {NOW} - ({age} / 2) * interval '1 hour' END"""},
            "bench_case c",
        )  # fmt: skip
        steps.done(f"{cases:,} detentions")
        lead = f"floor(c.team * power({uniform('c.g', 11)}, {SKEW}))::int"
        insert_select(
            cursor, Case,
            {"id": "c.g", "organisation_id": "c.org_id",
             "reference": f"c.prefix || '-{YEAR}-' || lpad(c.seq::text, 6, '0')",
             "person_id": "c.g", "detention_id": "c.g", "lead_lawyer_id": "m.user_id",
             "opened_by_id": "c.supervisor_id", "opened_at": "d.arrested_at + interval '2 hours'",
             "closed_at": f"""CASE WHEN d.status IN ('released', 'deported')
                 AND {uniform('c.g', 4)} < 0.7 THEN d.arrested_at + interval '10 days' END"""},
            f"""bench_case c JOIN detainees_detention d ON d.id = c.g
                JOIN bench_member m ON m.org_id = c.org_id AND m.name LIKE 'm%%'
                 AND m.idx = {lead} - CASE WHEN mod({lead}, 4) = 3 THEN 1 ELSE 0 END""",
        )  # fmt: skip
        steps.done(f"{cases:,} cases (order keys by trigger)")
        # Team slot 1 is the lead lawyer; slots 2..6 are drawn with the same skew.
        slot = f"floor(c.team * power({uniform('c.g', '10 + k')}, {SKEW}))::int"
        team_sql = f"""
            SELECT DISTINCT c.g AS case_id, m.user_id FROM bench_case c
            CROSS JOIN LATERAL generate_series(1, 3 + mod(c.g * 13, 4)::int) k
            JOIN bench_member m ON m.org_id = c.org_id AND m.name LIKE 'm%%' AND m.idx =
                CASE WHEN k = 1 THEN {slot} - CASE WHEN mod({slot}, 4) = 3 THEN 1 ELSE 0 END
                ELSE {slot} END
            UNION
            SELECT c.g, m.user_id FROM bench_case c JOIN bench_member m
                ON m.org_id = c.org_id AND m.name LIKE 'new%%'
                AND c.newest < substr(m.name, 4)::int
        """
        insert_select(
            cursor, CaseAssignment,
            {"case_id": "t.case_id", "user_id": "t.user_id", "assigned_by_id": "b.supervisor_id",
             "assigned_at": NOW},
            f"({team_sql}) t JOIN bench_case b ON b.g = t.case_id",
        )  # fmt: skip
        steps.done("team assignments")
        permissions = list(
            Permission.objects.filter(
                content_type__app_label="casework", codename__in=TEAM_PERMISSIONS
            ).values_list("pk", flat=True)
        )
        grants = insert_select(
            cursor, CaseUserObjectPermission,
            {"content_object_id": "a.case_id", "user_id": "a.user_id", "permission_id": "p"},
            "casework_caseassignment a CROSS JOIN unnest(%s::int[]) p", [permissions],
        )  # fmt: skip
        steps.done(f"{grants:,} direct-FK grants")
        number = "lpad(mod(c.g * 7919 + k * 104729, 9999991)::text, 7, '0')"
        kinds = "(ARRAY['por','por','por','acc','acc','tazkira','unhcr_refugee','passport'])"
        documents = insert_select(
            cursor, IdentityDocument,
            {"organisation_id": "c.org_id", "person_id": "c.g",
             "kind": f"{kinds}[1 + mod(c.g * 7 + k, 8)]",
             "number": f"'BX-' || {number}",
             "number_normalised": f"'BX' || {number}",
             "issued_on": "date '2021-09-20' - mod(c.g, 700)::int",
             "expires_on": "date '2023-06-30' + mod(c.g * 3, 900)::int",
             "added_at": NOW},
            f"""bench_case c CROSS JOIN LATERAL generate_series(1,
                CASE WHEN {uniform('c.g', 5)} < 0.3 THEN 0
                     WHEN {uniform('c.g', 5)} < 0.8 THEN 1 ELSE 2 END) k""",
        )  # fmt: skip
        steps.done(f"{documents:,} identity documents")
        screenings = insert_select(
            cursor, RiskScreening,
            {"organisation_id": "c.org_id", "case_id": "c.g",
             "level": f"""CASE WHEN {uniform('c.g', 7)} < 0.4 THEN 'high'
                 WHEN {uniform('c.g', 7)} < 0.7 THEN 'medium' ELSE 'low' END""",
             "screened_at": NOW, "updated_at": NOW},
            f"bench_case c WHERE {uniform('c.g', 6)} < 1.0 / 12",
        )  # fmt: skip
        steps.done(f"{screenings:,} risk screenings (order keys by trigger)")
        purposes = "(ARRAY['remand','bail','habeas_corpus','trial','other'])"
        hearings = insert_select(
            cursor, Hearing,
            {"organisation_id": "c.org_id", "case_id": "c.g",
             "court_id": "courts[1 + mod(c.g + k, array_length(courts, 1))]",
             "starts_at": "d.arrested_at + (k * 7) * interval '1 day'",
             "purpose": f"{purposes}[1 + mod(c.g + k, 5)]", "created_at": NOW},
            f"""bench_case c JOIN detainees_detention d ON d.id = c.g
                CROSS JOIN (SELECT array_agg(id ORDER BY id) AS courts FROM detainees_court) ct
                CROSS JOIN LATERAL generate_series(1,
                    CASE WHEN {uniform('c.g', 8)} < 0.4 THEN 1 + mod(c.g, 2)::int ELSE 0 END) k""",
        )  # fmt: skip
        steps.done(f"{hearings:,} hearings")
        for definition in rebuild:
            cursor.execute(definition)
        steps.done(f"{len(rebuild)} indexes and constraints put back")
        for model in BULK_TABLES:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        ReferenceCounter.objects.bulk_create(
            ReferenceCounter(organisation=org, year=YEAR, last_number=size)
            for org, size in zip(orgs, sizes, strict=True)
        )
        steps.done("sequences, reference counters")
        # The bulk inserts skip the services that store each case's papers verdict.
        stored = case_coverage_refresh_all()
        steps.done(f"{stored:,} stored papers verdicts")
        # As autovacuum would in time: statistics, and the visibility map that lets the
        # grants be read from their index alone.
        cursor.execute("VACUUM ANALYZE")
        steps.done("VACUUM ANALYZE")
    print(f"seeded {cases:,} cases in {time.perf_counter() - steps.started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--organisations", type=int, default=12)
    parser.add_argument("--distinct-names", type=int, default=50_000)
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    args = parser.parse_args()
    guard_database(args.reset)
    call_command("migrate", verbosity=0)
    if Case.objects.exists():
        sys.exit("The database already holds cases; run again with --reset.")
    print(f"seeding {args.cases:,} cases in {args.organisations} organisations", flush=True)
    seed(args.cases, args.organisations, args.distinct_names)


if __name__ == "__main__":
    main()
