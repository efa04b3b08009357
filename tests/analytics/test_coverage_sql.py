"""The organisation-wide verdict count agrees with the case list's verdict, case by case."""

from datetime import UTC, date, datetime

import pytest

from analytics.coverage_sql import RANKS, annotate_coverage_rank
from casework.models import Case
from documents.models import IdentityDocument
from documents.selectors import annotate_case_coverage
from tests.factories import open_case

pytestmark = pytest.mark.django_db

ARRESTS = [date(2015, 6, 1), date(2018, 2, 15), date(2024, 2, 1), date(2024, 5, 1),
           date(2025, 7, 10), date(2025, 8, 20), date(2026, 3, 1)]  # fmt: skip
PAPERS = [
    [],
    [("por", None, None)],
    [("por_family", None, None)],
    [("acc", None, None)],
    [("por", date(2023, 6, 30), None)],
    [("por", None, date(2025, 1, 1))],  # issued later than some arrests
    [("passport", date(2020, 1, 1), None), ("tazkira", None, None)],
    [("unhcr_refugee", date(2027, 1, 1), None)],
    [("visa", date(2024, 3, 1), None), ("por", None, None)],
]


def test_every_case_gets_the_case_lists_verdict(org, lawyer):
    for arrest in ARRESTS:
        for papers in PAPERS:
            case = open_case(lawyer, detention={"arrested_at": datetime(
                arrest.year, arrest.month, arrest.day, 21, 30, tzinfo=UTC)})  # fmt: skip
            for kind, expires_on, issued_on in papers:
                IdentityDocument.objects.create(
                    organisation=org, person=case.person, kind=kind, expires_on=expires_on,
                    issued_on=issued_on,
                )  # fmt: skip
    scope = Case.objects.filter(organisation=org)
    expected = dict(
        annotate_case_coverage(scope, org.time_zone).values_list("pk", "coverage_badge")
    )
    ranked = annotate_coverage_rank(scope, org.time_zone).values_list("pk", "coverage_rank")
    found = {pk: RANKS[rank] for pk, rank in ranked}
    assert found == expected
    assert set(found.values()) == set(RANKS.values())
