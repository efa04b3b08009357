"""Case list at scale: milliseconds and queries per page for a supervisor and a lawyer.

Run on PostgreSQL (a throwaway test database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/case_list.py --cases 100000

It prints figures; it asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Permission  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from casework.models import (  # noqa: E402
    Case,
    CaseUserObjectPermission,
    Membership,
    Organisation,
    Role,
)
from casework.paging import paginate  # noqa: E402
from detainees.case_list import CaseFilters, case_list  # noqa: E402
from detainees.models import Detention, Person  # noqa: E402

BATCH = 5000


def build(cases: int, lawyer_share: int):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    org = Organisation.objects.create(name="Bench Org", reference_prefix="BEN")
    supervisor = User.objects.create(username="bench-supervisor")
    lawyer = User.objects.create(username="bench-lawyer")
    Membership.objects.create(user=supervisor, organisation=org, role=Role.SUPERVISOR)
    Membership.objects.create(user=lawyer, organisation=org, role=Role.LAWYER)
    view = Permission.objects.get(codename="view_case", content_type__app_label="casework")
    now = timezone.now()
    for start in range(0, cases, BATCH):
        size = min(BATCH, cases - start)
        persons = Person.objects.bulk_create(
            Person(organisation=org, given_name=f"Given{start + i}", father_name="Father")
            for i in range(size)
        )
        detentions = Detention.objects.bulk_create(
            Detention(
                organisation=org,
                person=p,
                arrested_at=now - timedelta(minutes=start + i),
                custody_location="Lock-up",
                produced_at=None if i % 3 else now,
            )
            for i, p in enumerate(persons)
        )
        made = Case.objects.bulk_create(
            Case(
                organisation=org,
                reference=f"BEN-2026-{start + i:06d}",
                person=p,
                detention=d,
            )
            for i, (p, d) in enumerate(zip(persons, detentions, strict=True))
        )
        CaseUserObjectPermission.objects.bulk_create(
            CaseUserObjectPermission(content_object=c, user=lawyer, permission=view)
            for i, c in enumerate(made)
            if (start + i) % lawyer_share == 0
        )
    return supervisor, lawyer


def measure(user, filters: CaseFilters, repeats: int):
    timings, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            page = paginate(case_list(user, filters), number=1, size=25, narrow=True)
            [c.person.display_name for c in page.items]
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return statistics.median(timings), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--lawyer-share", type=int, default=20, help="lawyer sees 1 in N cases")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        supervisor, lawyer = build(args.cases, args.lawyer_share)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}, cases: {args.cases:,}")
        print(f"built in {time.perf_counter() - started:.1f} s")
        for label, user in (("supervisor", supervisor), ("lawyer", lawyer)):
            for name, filters in (
                ("default order", CaseFilters()),
                ("search 'Given12'", CaseFilters(q="Given12")),
                ("awaiting production", CaseFilters(custody="awaiting")),
            ):
                ms, queries = measure(user, filters, args.repeats)
                print(f"{label:<11} {name:<22} {ms:8.1f} ms median  {queries} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
