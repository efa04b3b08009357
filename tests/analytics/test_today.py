"""The supervisor's Today page: queues with links to their cases, caseload, landing page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.today import today_tables, today_window
from casework.models import Role
from casework.services import case_assign
from detainees.hearings.services import outcome_record
from detainees.models import Court, Hearing, Referral
from documents.models import Petition, PetitionState, PetitionTemplate
from documents.petitions.services import petition_create
from tests.factories import member, open_case

pytestmark = pytest.mark.django_db


def rows(table):
    return [row.cells for row in table.rows]


@pytest.fixture
def court():
    return Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (East)",
        defaults={"level": "judicial_magistrate", "seat": "Islamabad"},
    )[0]


def _morning(lawyer, supervisor, court, other_lawyer):
    now = timezone.now()
    overdue = open_case(lawyer, hours_ago=30, person={"given_name": "Overdue"})
    fresh = open_case(lawyer, hours_ago=3)
    produced = open_case(lawyer, hours_ago=40)
    type(produced.detention).objects.filter(pk=produced.detention_id).update(produced_at=now)
    case_assign(case=fresh, lead_lawyer=None, team=[], by=supervisor.membership)
    open_case(other_lawyer, hours_ago=50)  # another organisation's, past the limit too
    window = today_window(supervisor.membership, now)
    for starts in (window.start + timedelta(minutes=1), window.start + timedelta(days=3)):
        Hearing.objects.create(
            organisation=overdue.organisation, case=overdue, court=court, starts_at=starts,
            purpose="bail",
        )  # fmt: skip
    template = PetitionTemplate.objects.filter(organisation=None).order_by("pk").first()
    petition = petition_create(case=overdue, template=template, by=lawyer)
    Petition.objects.filter(pk=petition.pk).update(state=PetitionState.IN_REVIEW)
    petition_create(case=fresh, template=template, by=supervisor)  # a draft: not waiting
    outcome_record(
        case=produced, outcome="bail_refused", occurred_at=now - timedelta(hours=1),
        source="Order seen", by=lawyer,
    )  # fmt: skip
    today = timezone.localdate()
    for days, status in ((20, "sent"), (3, "sent"), (30, "acknowledged")):
        Referral.objects.create(
            organisation=overdue.organisation, case=overdue, body="unhcr", status=status,
            referred_on=today - timedelta(days=days),
        )  # fmt: skip
    return overdue, fresh, produced, timezone.now()


@pytest.fixture
def other_lawyer(other_org):
    return member(other_org, Role.LAWYER, "other-lawyer-today")


def test_each_queue_lists_what_waits_and_links_its_case(
    lawyer, supervisor, court, other_lawyer, colleague
):
    overdue, fresh, produced, now = _morning(lawyer, supervisor, court, other_lawyer)
    tables = today_tables(supervisor, supervisor.membership, now)
    custody = tables["custody"]
    assert [r.reference for r in custody.rows] == [overdue.reference]
    assert custody.rows[0].cells[1] == "Overdue Safi"
    assert custody.rows[0].cells[3] == 30
    assert [r.reference for r in tables["hearings_today"].rows] == [overdue.reference]
    assert rows(tables["hearings_by_court"]) == [[court.name, 1, 2]]
    assert [r.reference for r in tables["petitions"].rows] == [overdue.reference]
    assert [r.reference for r in tables["outcomes"].rows] == [produced.reference]
    assert rows(tables["unhcr"]) == [
        [overdue.reference, (timezone.localdate() - timedelta(days=20)).strftime("%d %b %Y"), 20]
    ]
    # The lawyer leads the overdue and the produced case; the fresh one has no lead.
    assert rows(tables["caseload"]) == [
        [lawyer.first_name, 2, 2, 1],
        [colleague.first_name, 0, 0, 0],
        ["No lead lawyer", 1, 1, 0],
    ]


def test_today_page_links_every_row_to_its_case(login, supervisor, lawyer, court, other_lawyer):
    overdue, *_ = _morning(lawyer, supervisor, court, other_lawyer)
    response = login(supervisor).get("/today/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="/cases/{overdue.reference}/"' in body
    assert "Open caseload per lawyer" in body
    assert "data:image/svg+xml;base64," in body
    assert "<script" not in body.split("</head>", 1)[1]


def test_supervisors_land_on_today_and_lawyers_on_the_case_list(login, supervisor, lawyer):
    assert login(supervisor).get("/").url == "/today/"
    assert login(lawyer).get("/").url == "/cases/"


def test_today_costs_the_same_queries_for_one_case_or_many(
    client, login, supervisor, lawyer, court, other_lawyer
):
    login(supervisor)
    _morning(lawyer, supervisor, court, other_lawyer)
    client.get("/today/")  # the first request of a session also refreshes it
    with CaptureQueriesContext(connection) as few:
        assert client.get("/today/").status_code == 200
    for _ in range(2):
        _morning(lawyer, supervisor, court, other_lawyer)
    for i in range(3):
        member(supervisor.membership.organisation, Role.LAWYER, f"extra-lawyer-{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/today/").status_code == 200
    assert len(many) == len(few)


def test_a_remand_ending_this_week_is_on_the_today_page(login, supervisor, lawyer):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from detainees.services import custody_change_record
    from tests.factories import open_case

    case = open_case(lawyer, hours_ago=30)
    custody_change_record(
        case=case, kind="judicial_remand", occurred_at=timezone.now() - timedelta(hours=2),
        order_date=timezone.localdate(), remand_days=3, by=lawyer,
    )  # fmt: skip
    page = login(supervisor).get(reverse("analytics:today")).content.decode()
    assert "Remands ending within a week" in page
    assert case.reference in page.split("Remands ending within a week", 1)[1]
