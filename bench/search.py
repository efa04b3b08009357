"""Case search at scale: latency of the ranked name search against a plain ILIKE scan, and
how well it finds the corpus people hidden among a million others.

Seeds ``--persons`` synthetic detainees (default 1,000,000) with realistic Afghan and
Pakistani names (common first parts such as Mohammad, Abdul- and -ullah weighted as they
occur, a third without a family name, names spelt several ways, some in Perso-Arabic script
only) with their detentions, cases and, for four in ten, a PoR number; then the 64
corpus people of tests/detainees/name_corpus.py through the intake service. Rows are
written with COPY and INSERT ... SELECT; keys come from detainees.names as at intake.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/search.py --persons 1000000

Prints p50/p95 of the case-list search (first page, as a supervisor sees it) for
``--queries`` queries (names respelt, corpus variants, document, FIR and case numbers),
the same for the old ILIKE '%…%' search on a subset (``--ilike-queries``), their ratio,
and recall/precision of search and of the duplicate check on the corpus. ``--keep`` keeps
the seeded database (test_<name>) for another run. It asserts nothing.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.seed import insert_select  # noqa: E402
from bench.synthetic_names import (  # noqa: E402
    person_row,
    spell,
    synthetic_person,
)
from casework.duplicates import cases_matching  # noqa: E402
from casework.models import Case, Membership, Organisation, Role  # noqa: E402
from casework.paging import paginate  # noqa: E402
from casework.selectors import cases_visible_to  # noqa: E402
from detainees.case_list import CaseFilters, case_list  # noqa: E402
from detainees.models import Detention, Person  # noqa: E402
from detainees.names import person_name_keys, spelling_keys  # noqa: E402
from detainees.search import search_scores  # noqa: E402
from tests.detainees.name_corpus import CORPUS, TYPOS, variant_fields  # noqa: E402
from tests.factories import open_case  # noqa: E402


def _copy_persons(org_id: int, start: int, count: int) -> None:
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults["organisation_id"] = org_id
    defaults["created_at"] = timezone.now()
    sql = f"COPY detainees_person ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for index in range(start, start + count):
            row = person_row(index)
            keys = person_name_keys(SimpleNamespace(**row))
            values = {**defaults, **row, **keys}
            copy.write_row([values[f.attname] for f in fields])


def seed(persons: int, org: Organisation) -> None:
    started = time.perf_counter()
    step = 50_000
    for start in range(0, persons, step):
        _copy_persons(org.pk, start, min(step, persons - start))
        print(f"  persons {start + step:>9,} ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        # Every column the statements leave out gets the model's default (bench/seed.py).
        insert_select(
            cursor, Detention,
            {"organisation_id": "organisation_id", "person_id": "id",
             "arrested_at": "now() - mod(id, 20000) * interval '1 hour'",
             "arresting_agency": "'police'",
             "police_station": "'Police Station ' || mod(id, 300)",
             "fir_number": "(mod(id * 31, 997) + 1) || '/' || (2024 + mod(id, 3))",
             "sections_charged": "'s.14 Foreigners Act 1946'",
             "custody_location": "'Lock-up'", "status": "'in_custody'"},
            "detainees_person WHERE organisation_id = %s", [org.pk],
        )  # fmt: skip
        insert_select(
            cursor, Case,
            {"organisation_id": "organisation_id",
             "reference": "'BEN-' || (2024 + mod(person_id, 3)) || '-' "
                          "|| lpad(person_id::text, 7, '0')",
             "opened_at": "arrested_at", "detention_id": "id", "person_id": "person_id"},
            "detainees_detention WHERE organisation_id = %s", [org.pk],
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO documents_identitydocument (organisation_id, person_id, kind, number,
                number_normalised, name_as_printed, original_seen, added_at)
            SELECT organisation_id, id, 'por',
                'PK-' || lpad(((id * 7919) %% 9999991)::text, 7, '0'),
                'PK' || lpad(((id * 7919) %% 9999991)::text, 7, '0'), '', false, now()
            FROM detainees_person WHERE organisation_id = %s AND id %% 5 < 2
            """,
            [org.pk],
        )
        cursor.execute("ANALYZE")
    print(f"  cases, detentions, documents ({time.perf_counter() - started:.0f} s)", flush=True)


def seed_corpus(user) -> list:
    # Through the intake service, as every case is opened.
    return [open_case(user, person=person.person_fields()) for person in CORPUS]


def _respelt_query(index: int, rng: random.Random) -> str:
    given, family, father, _ = synthetic_person(index)
    native = rng.random() < 0.2
    text = f"{spell(given, rng, native)} {spell(family, rng, native)}".strip()
    if rng.random() < 0.4:
        text += " " + spell(father, rng, native)
    return text


def build_queries(count: int, persons: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text): 60 % respelt seeded names, 20 % corpus variants, 20 % numbers."""
    variants = [(v, f) for p in CORPUS for v, f in p.variants]
    queries = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM detainees_person")
        first = cursor.fetchone()[0]
    for i in range(count):
        roll = i % 10
        pid = first + rng.randrange(persons)
        if roll < 6:
            queries.append(("respelt name", _respelt_query(pid - first, rng)))
        elif roll < 8:
            name, father = rng.choice(variants)
            queries.append(("corpus variant", f"{name} {father}" if rng.random() < 0.5 else name))
        elif roll == 8:
            pid += (5 - pid % 5) % 5  # two in five persons have a PoR number: id % 5 < 2
            number = f"{(pid * 7919) % 9999991:07d}"
            queries.append(("document number", f"PK {number[:3]} {number[3:]}"))
        else:
            queries.append(("case reference", f"BEN-{2024 + pid % 3}-{pid:07d}"))
    return queries


def _page(user, queryset):
    page = paginate(queryset, number=1, size=25, narrow=True)
    return [c.person.display_name for c in page.items]


def ilike_case_list(user, text: str):
    """The search as it was: every word ILIKE '%word%' on eight columns of three tables."""
    qs = case_list(user, CaseFilters())
    for term in text.split():
        qs = qs.filter(
            Q(reference__icontains=term)
            | Q(person__given_name__icontains=term) | Q(person__family_name__icontains=term)
            | Q(person__given_name_native__icontains=term)
            | Q(person__family_name_native__icontains=term)
            | Q(person__father_name__icontains=term)
            | Q(person__father_name_native__icontains=term)
            | Q(detention__fir_number__icontains=term)
        )  # fmt: skip
    return qs


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def corpus_figures(user, cases: list) -> None:
    ranks: dict[str, list[int | None]] = {"name only": [], "name and father": []}
    flagged_right = flagged_wrong = variants_found = variants = 0
    corpus_ids = {c.pk: i for i, c in enumerate(cases)}
    for index, person in enumerate(CORPUS):
        same = {index} | {i for i, p in enumerate(CORPUS) if p.namesake_of == index}
        for name, father in person.variants:
            for label, query in (("name only", name), ("name and father", f"{name} {father}")):
                top = [c.pk for c in case_list(user, CaseFilters(q=query))[:10]]
                hit = cases[index].pk
                ranks[label].append(top.index(hit) + 1 if hit in top else None)
            fields = variant_fields(name, father)
            keys = spelling_keys(
                given=fields.get("given_name", ""), father=fields.get("father_name", ""),
                given_native=fields.get("given_name_native", ""),
                father_native=fields.get("father_name_native", ""),
            )  # fmt: skip
            matches = cases_matching(user, name_keys=list(keys))
            found = {case for cases in matches.by_key.values() for case in cases}
            variants += 1
            variants_found += any(c.pk == cases[index].pk for c in found)
            for case in found:
                if case.pk == cases[index].pk:
                    flagged_right += 1
                else:
                    flagged_wrong += 1
                    if corpus_ids.get(case.pk) in same - {index}:
                        print(f"    merged namesakes: {name} / {father}")
    for label, found_at in ranks.items():
        n = len(found_at)
        at1 = sum(1 for r in found_at if r == 1) / n
        at3 = sum(1 for r in found_at if r is not None and r <= 3) / n
        mrr = sum(1 / r for r in found_at if r) / n
        print(f"  search, {label:<16} {n} queries: recall@1 {at1:.1%}, "
              f"recall@3 {at3:.1%}, MRR {mrr:.3f}")  # fmt: skip
    typo_hits = 0
    for index, typed in TYPOS:
        top = [c.pk for c in case_list(user, CaseFilters(q=typed))[:3]]
        typo_hits += cases[index].pk in top
    print(f"  search, typing mistakes {len(TYPOS)} queries: recall@3 {typo_hits / len(TYPOS):.1%}")
    flagged = flagged_right + flagged_wrong
    precision = flagged_right / flagged if flagged else 0.0
    print(
        f"  duplicate check, {variants} variants: recall {variants_found / variants:.1%}, "
        f"precision {precision:.1%} ({flagged_wrong} other people flagged of {flagged})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ilike-queries", type=int, default=30, help="the old scan is slow")
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the database")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: the benchmark measures pg_trgm.")

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(
        verbosity=0, autoclobber=not args.keep, keepdb=args.keep, serialize=False
    )
    try:
        User = get_user_model()
        org = Organisation.objects.filter(reference_prefix="BEN").first()
        if org is None or not Person.objects.filter(organisation=org).exists():
            org = org or Organisation.objects.create(name="Bench Org", reference_prefix="BEN")
            supervisor, _ = User.objects.get_or_create(username="bench-supervisor")
            Membership.objects.get_or_create(
                user=supervisor, defaults={"organisation": org, "role": Role.SUPERVISOR}
            )
            print(f"seeding {args.persons:,} persons on {connection.settings_dict['NAME']} …")
            seed(args.persons, org)
            cases = seed_corpus(supervisor)
        else:
            supervisor = User.objects.get(username="bench-supervisor")
            cases = list(
                Case.objects.filter(organisation=org, reference__regex=r"^BEN-\d{4}-\d{4}$")
                .order_by("reference")
            )  # fmt: skip
        persons = Person.objects.filter(organisation=org).count()
        print(f"database: {connection.vendor}, persons: {persons:,}")

        rng = random.Random(15)
        queries = build_queries(args.queries, args.persons, rng)
        _page(supervisor, case_list(supervisor, CaseFilters(q=queries[0][1])))  # warm up
        timings: dict[str, list[float]] = {}
        lookups = []
        visible = cases_visible_to(supervisor)
        for kind, text in queries:
            lookups.append(timed(lambda t=text: search_scores(visible, t)))
            ms = timed(lambda t=text: _page(supervisor, case_list(supervisor, CaseFilters(q=t))))
            timings.setdefault(kind, []).append(ms)
        every = [ms for values in timings.values() for ms in values]
        print(
            f"search alone (detainees.search.search_scores), {len(lookups)} queries: "
            f"p50 {percentile(lookups, 0.5):.1f} ms, p95 {percentile(lookups, 0.95):.1f} ms"
        )
        print(
            f"case list page with the search, {len(every)} queries: "
            f"p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms"
        )
        for kind, values in timings.items():
            print(f"  {kind:<16} {len(values):>3}: p50 {percentile(values, .5):7.1f} ms, "
                  f"p95 {percentile(values, .95):7.1f} ms")  # fmt: skip

        subset = rng.sample(queries, min(args.ilike_queries, len(queries)))
        ranked = [timed(lambda t=t: _page(supervisor, case_list(supervisor, CaseFilters(q=t))))
                  for _, t in subset]  # fmt: skip
        scan = [timed(lambda t=t: _page(supervisor, ilike_case_list(supervisor, t)))
                for _, t in subset]  # fmt: skip
        print(
            f"ILIKE '%…%' scan, same {len(subset)} queries: p50 {percentile(scan, 0.5):.1f} ms, "
            f"p95 {percentile(scan, 0.95):.1f} ms; ranked search on them: "
            f"p50 {percentile(ranked, 0.5):.1f} ms, p95 {percentile(ranked, 0.95):.1f} ms"
        )
        print(f"ratio ILIKE / ranked: p50 {percentile(scan, .5) / percentile(ranked, .5):.1f}×, "
              f"p95 {percentile(scan, .95) / percentile(ranked, .95):.1f}×")  # fmt: skip

        print(f"corpus: {len(CORPUS)} people among {persons:,}")
        corpus_figures(supervisor, cases)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
