"""Every figure of the analytics page against values worked out by hand (fixture.py)."""

from datetime import date, timedelta

import pytest

from analytics.selectors import AnalyticsFilters, analytics_figures
from analytics.stats import percentiles
from casework.models import Case, Role
from tests.analytics.fixture import build
from tests.factories import OrganisationFactory, member, open_case

pytestmark = pytest.mark.django_db


def cells(table):
    return [row.cells for row in table.rows]


@pytest.fixture
def world(org, lawyer):
    return build(lawyer)


def figures(org, **filters):
    return analytics_figures(org, AnalyticsFilters(**filters))


def test_papers_on_the_day_of_arrest(org, world):
    table = figures(org).tables["coverage"]
    assert cells(table) == [
        ["Covered on the day of arrest", 3, "43% (3 of 7)"],
        # A tazkira never gives a right of stay: not covered, not unknown.
        ["Not covered on the day of arrest", 2, "29% (2 of 7)"],
        ["Coverage unknown", 0, "0% (0 of 7)"],
        ["No documents recorded", 2, "29% (2 of 7)"],
    ]


def test_outcome_distribution_counts_the_anonymised_case(org, world):
    assert world.cases["c7"].anonymised_at is not None
    assert cells(figures(org).tables["outcomes"]) == [
        ["Released by police before charge", 1, "14% (1 of 7)"],
        ["Released by court order", 1, "14% (1 of 7)"],
        ["Bail granted (magistrate)", 1, "14% (1 of 7)"],
        ["Bail refused", 1, "14% (1 of 7)"],
        ["Case withdrawn", 1, "14% (1 of 7)"],
        ["Deported", 1, "14% (1 of 7)"],
        ["No outcome yet", 1, "14% (1 of 7)"],
    ]


def test_decisions_by_court_say_too_few_instead_of_a_percentage(org, world):
    assert cells(figures(org).tables["courts"]) == [
        ["Court A, Islamabad", 3, 2, 1, 0, "2 of 3: too few cases for a percentage"],
    ]


def test_release_rate_by_papers_and_by_document(org, world):
    result = figures(org)
    assert cells(result.tables["release_by_coverage"]) == [
        ["Covered on the day of arrest", 3, 3, "3 of 3: too few cases for a percentage"],
        ["Not covered on the day of arrest", 2, 0, "0 of 2: too few cases for a percentage"],
        ["Coverage unknown", 0, 0, "no cases"],
        ["No documents recorded", 1, 1, "1 of 1: too few cases for a percentage"],
    ]
    assert cells(result.tables["release_by_kind"]) == [
        ["UNHCR refugee certificate", 3, 3, "3 of 3: too few cases for a percentage"],
        ["Passport", 1, 0, "0 of 1: too few cases for a percentage"],
        ["Tazkira", 1, 0, "0 of 1: too few cases for a percentage"],
        ["No documents recorded", 1, 1, "1 of 1: too few cases for a percentage"],
    ]


def test_hours_to_first_petition_and_to_release(org, world):
    # Petitions after 2, 4, 6, 8, 10 h: median 6; 90th percentile 8 + 0.6 × 2 = 9.2.
    # Releases of c1, c2, c5, c7 only: four cases are too few for a median.
    assert cells(figures(org).tables["times"]) == [
        ["Arrest to first petition drafted", 5, "6.0 h", "9.2 h"],
        ["Arrest to release", 4, "too few cases (4)", "too few cases (4)"],
    ]


def test_deportations_by_month_in_the_organisations_days(org, world):
    assert cells(figures(org).tables["deportations"]) == [["March 2026", 1]]


def test_filters_narrow_every_figure(org, world, lawyer, colleague):
    assert figures(org, court=world.court.pk).cases == 3
    assert figures(org, court=world.other_court.pk).cases == 0
    assert figures(org, kind="passport").cases == 1
    # Whoever opens a case leads it.
    assert figures(org, lawyer=lawyer.membership.public_id).cases == 7
    assert figures(org, lawyer=colleague.membership.public_id).cases == 0
    Case.objects.filter(pk=world.cases["c1"].pk).update(lead_lawyer=colleague)
    assert figures(org, lawyer=colleague.membership.public_id).cases == 1
    # c3 was arrested at 01:00 on 4 March in Karachi, 20:00 on 3 March in UTC.
    assert figures(org, since=date(2026, 3, 4), until=date(2026, 3, 4)).cases == 2
    assert figures(org, until=date(2026, 3, 3)).cases == 2


def test_incident_filter(org, world, supervisor):
    from tests.detainees.incident_helpers import intake, record_incident

    incident = record_incident(supervisor)
    intake(supervisor, incident, 2)
    result = figures(org, incident=incident.public_id)
    assert result.cases == 2
    assert figures(org).cases == 9


def test_figures_never_mix_organisations(org, world, other_org):
    other_lawyer = member(other_org, Role.LAWYER, "other-lawyer-figures")
    build(other_lawyer, name_prefix="Other ")
    open_case(other_lawyer)
    mine = figures(org)
    assert mine.cases == 7
    assert cells(mine.tables["coverage"])[0] == ["Covered on the day of arrest", 3, "43% (3 of 7)"]
    theirs = figures(other_org)
    assert theirs.cases == 8
    assert cells(theirs.tables["courts"])[0][1] == 3


def test_an_empty_organisation_says_no_cases():
    empty = OrganisationFactory(name="Empty Legal Aid", reference_prefix="EMP")
    result = analytics_figures(empty, AnalyticsFilters())
    assert result.cases == 0
    assert [row[1:] for row in cells(result.tables["coverage"])] == [[0, "no cases"]] * 4
    assert cells(result.tables["outcomes"]) == []
    assert cells(result.tables["courts"]) == []
    assert cells(result.tables["times"]) == [
        ["Arrest to first petition drafted", 0, "no cases", "no cases"],
        ["Arrest to release", 0, "no cases", "no cases"],
    ]
    assert result.charts == {}


def test_percentiles_interpolate_like_percentile_cont(org, lawyer):
    """Released 1, 2, 4 and 10 hours after arrest: median (2 + 4) / 2 = 3; the 90th
    percentile sits at rank 0.9 × 3 = 2.7, so 4 + 0.7 × (10 − 4) = 8.2."""
    from django.db.models import F

    from analytics.stats import HoursBetween

    for hours in (1, 2, 4, 10):
        case = open_case(lawyer, hours_ago=24)
        type(case.detention).objects.filter(pk=case.detention_id).update(
            released_at=case.detention.arrested_at + timedelta(hours=hours)
        )
    scope = Case.objects.filter(organisation=org)
    count, (median, p90) = percentiles(
        scope, HoursBetween(F("detention__released_at"), F("detention__arrested_at"))
    )
    assert count == 4
    assert median == pytest.approx(3.0, abs=1e-6)
    assert p90 == pytest.approx(8.2, abs=1e-6)


def test_analytics_page_costs_the_same_queries_for_few_or_many_cases(
    client, login, supervisor, org, lawyer
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build(lawyer)
    login(supervisor)
    url = "/analytics/?since=2026-01-01&kind=passport"
    client.get(url)  # the first request of a session also refreshes it
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    build(lawyer, name_prefix="More ")
    for _ in range(5):
        open_case(lawyer)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few)
    assert "Show as table" in response.content.decode()


def test_the_page_shows_too_few_instead_of_a_percentage(client, login, supervisor, lawyer):
    build(lawyer)
    login(supervisor)
    body = client.get("/analytics/").content.decode()
    assert "2 of 3: too few cases for a percentage" in body
    assert "43% (3 of 7)" in body
    assert "<script" not in body.split("</head>", 1)[1]


def test_a_period_that_ends_before_it_starts_is_refused(client, login, supervisor):
    login(supervisor)
    response = client.get("/analytics/?since=2026-03-02&until=2026-03-01")
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.content.decode()


def test_figures_are_kept_for_a_few_minutes_and_say_when_they_were_counted(
    client, login, supervisor, lawyer
):
    build(lawyer)
    login(supervisor)
    first = client.get("/analytics/").content.decode()
    assert "7 cases in this selection" in first
    open_case(lawyer)
    assert "7 cases in this selection" in client.get("/analytics/").content.decode()
    # Another selection is counted afresh.
    assert (
        "8 cases in this selection" in client.get("/analytics/?since=2020-01-01").content.decode()
    )
    assert "Counted at" in first
