"""Case list filtered by papers (coverage on the day of arrest) at scale.

Builds the same cases as bench/case_list.py, gives half the detainees a PoR card
(arrests spread over 2023-2025, so every verdict occurs), then prints the median
milliseconds and queries per page for each papers filter. Run on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/case_list_papers.py --cases 50000

It prints figures; it asserts nothing.
"""

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import case_list as base  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402

from detainees.case_list import CaseFilters  # noqa: E402
from detainees.models import Detention  # noqa: E402
from documents.case_coverage import case_coverage_refresh_all  # noqa: E402
from documents.models import IdentityDocument, ValidityRule, ValidityRuleRevision  # noqa: E402
from documents.seed_timeline import seed_validity_timeline  # noqa: E402


def add_documents() -> None:
    start = datetime(2023, 1, 1, 6, tzinfo=UTC)
    detentions = list(Detention.objects.values_list("pk", "person_id", "organisation_id"))
    # Arrests spread over three years: some days are covered, some in a gap, some uncertain.
    Detention.objects.bulk_update(
        [
            Detention(pk=pk, arrested_at=start + timedelta(days=index % 1000))
            for index, (pk, _, _) in enumerate(detentions)
        ],
        ["arrested_at"],
        batch_size=2000,
    )
    IdentityDocument.objects.bulk_create(
        IdentityDocument(
            organisation_id=org_id,
            person_id=person_id,
            kind="por",
            number_normalised=f"BN{person_id}",
        )  # fmt: skip
        for index, (_, person_id, org_id) in enumerate(detentions)
        if index % 2 == 0
    )
    # Bulk writes pass by the services: the stored verdicts are worked out once here.
    case_coverage_refresh_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        seed_validity_timeline(ValidityRule, ValidityRuleRevision)
        supervisor, lawyer = base.build(args.cases, 20)
        add_documents()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        print(f"database: {connection.vendor}, cases: {args.cases:,}, half with a PoR card")
        for label, user in (("supervisor", supervisor), ("lawyer", lawyer)):
            for papers in ("", "covered", "not_covered", "unknown", "none"):
                ms, queries = base.measure(user, CaseFilters(papers=papers), args.repeats)
                name = f"papers={papers or 'any'}"
                print(f"{label:<11} {name:<22} {ms:8.1f} ms median  {queries} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
