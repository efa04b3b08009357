"""The Analytics page counts the case list's verdict, and the stored verdict is the one
the documents and the timeline give, case by case."""

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from analytics.selectors import AnalyticsFilters, analytics_figures
from casework.models import Case
from detainees.case_list import CaseFilters, case_list
from documents.case_coverage import annotate_coverage_worked_out
from documents.selectors import CASE_COVERAGE_CHOICES
from documents.services import document_add
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


def test_every_case_gets_the_case_lists_verdict(org, lawyer, supervisor):
    for arrest in ARRESTS:
        for papers in PAPERS:
            case = open_case(lawyer, detention={"arrested_at": datetime(
                arrest.year, arrest.month, arrest.day, 21, 30, tzinfo=UTC)})  # fmt: skip
            for kind, expires_on, issued_on in papers:
                fields = {"kind": kind, "expires_on": expires_on, "issued_on": issued_on}
                document_add(case=case, fields=fields, by=lawyer)
    scope = Case.objects.filter(organisation=org)
    worked_out = dict(
        annotate_coverage_worked_out(scope, org.time_zone).values_list("pk", "coverage_badge")
    )
    listed = {case.pk: case.coverage_badge for case in case_list(supervisor, CaseFilters())}
    assert listed == worked_out
    assert set(listed.values()) == {str(status) for status, _ in CASE_COVERAGE_CHOICES}

    figures = analytics_figures(org, AnalyticsFilters(), charts=False)
    counted = {row.cells[0]: row.cells[1] for row in figures.tables["coverage"].rows}
    by_badge = Counter(listed.values())
    assert counted == {label: by_badge[str(status)] for status, label in CASE_COVERAGE_CHOICES}
    for status, _ in CASE_COVERAGE_CHOICES:
        filtered = case_list(supervisor, CaseFilters(papers=str(status)))
        assert {case.pk for case in filtered} == {
            pk for pk, badge in listed.items() if badge == str(status)
        }
