"""The supervisor's Today page: queues with links to their cases, caseload, landing page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from analytics.today import today_tables, today_window
from casework.models import Role
from casework.services import case_assign
from detainees.models import Court, Hearing, Referral
from detainees.outcomes import outcome_record
from documents.models import Petition, PetitionState, PetitionTemplate
from documents.petitions.services import petition_create
from tests.clock import KARACHI_IS_TOMORROW, frozen, local_today
from tests.factories import member, open_case

# The queues count hours and days from the start of the organisation's day: at this hour
# that day began in UTC's yesterday.
pytestmark = [pytest.mark.django_db, frozen(KARACHI_IS_TOMORROW)]


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
    today = local_today(overdue.organisation)
    for days, status in ((20, "sent"), (3, "sent"), (30, "acknowledged")):
        Referral.objects.create(
            organisation=overdue.organisation, case=overdue, body="unhcr", status=status,
            referred_on=today - timedelta(days=days),
        )  # fmt: skip
    return overdue, fresh, produced, timezone.now()


def _bail_and_unhcr(lawyer, supervisor, court, other_lawyer):
    """Bail granted two days ago and not released (with a bond), bail granted and released,
    bail granted today; UNHCR requests sent 20 and 3 days ago and one answered. Each case
    was produced, so none is in the custody queue; another organisation has its own."""
    from detainees.hearings.application_services import application_record
    from detainees.services import custody_change_record
    from detainees.unhcr.services import unhcr_request_save

    today = local_today(supervisor.membership.organisation)
    made = {}
    grants = (("stalled", lawyer, 2), ("released", lawyer, 2), ("today", lawyer, 0),
              ("theirs", other_lawyer, 2))  # fmt: skip
    for label, owner, order_days in grants:
        case = open_case(owner, hours_ago=96, person={"given_name": label.title()})
        type(case.detention).objects.filter(pk=case.detention_id).update(
            produced_at=timezone.now() - timedelta(hours=90)
        )
        application_record(
            case=case, by=owner, kind="bail", court=court, filed_on=today - timedelta(days=3),
            result="granted", order_on=today - timedelta(days=order_days), bond_amount=50000,
        )  # fmt: skip
        made[label] = case
    custody_change_record(
        case=made["released"], kind="released_on_bail", by=lawyer,
        occurred_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    for label, days, answered in (("stalled", 20, False), ("released", 3, False),
                                  ("today", 30, True), ("theirs", 20, False)):  # fmt: skip
        owner = other_lawyer if label == "theirs" else lawyer
        fields = {"consent_given_by": "The client", "consent_on": today - timedelta(days=days),
                  "consent_how": "signed", "sent_on": today - timedelta(days=days),
                  "channel": "letter"}  # fmt: skip
        if answered:
            # Yesterday: the service checks "not in the future" in the active zone, UTC
            # outside a request, where Karachi's today may still be tomorrow.
            fields |= {"answer": "verified", "answered_on": today - timedelta(days=1)}
        unhcr_request_save(case=made[label], by=owner, fields=fields)
    return made


def test_bail_not_released_and_overdue_unhcr_requests_are_queued(
    lawyer, supervisor, court, other_lawyer
):
    made = _bail_and_unhcr(lawyer, supervisor, court, other_lawyer)
    now = timezone.now()
    tables = today_tables(supervisor, supervisor.membership, now)
    stalled = made["stalled"]
    order_on = local_today(stalled.organisation) - timedelta(days=2)
    window = today_window(supervisor.membership, now)
    # Counted from the start of the order's day, in the organisation's zone.
    hours = int((now - (window.start - timedelta(days=2))).total_seconds() // 3600)
    assert rows(tables["bail"]) == [[
        stalled.reference, "Stalled Safi", court.name, date_format(order_on, "DATE_FORMAT"), hours,
        lawyer.first_name,
    ]]  # fmt: skip
    assert tables["bail"].rows[0].reference == stalled.reference
    sent_on = local_today(stalled.organisation) - timedelta(days=20)
    assert rows(tables["unhcr_requests"]) == [
        [stalled.reference, "Stalled Safi", date_format(sent_on, "DATE_FORMAT"), "Letter", 20]
    ]


def test_an_empty_organisation_has_empty_bail_and_unhcr_queues(supervisor):
    tables = today_tables(supervisor, supervisor.membership)
    assert (tables["bail"].rows, tables["unhcr_requests"].rows) == ([], [])
    assert tables["bail"].count_label == "0"


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
        [
            overdue.reference,
            date_format(local_today(overdue.organisation) - timedelta(days=20), "DATE_FORMAT"),
            20,
        ]
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
    _bail_and_unhcr(lawyer, supervisor, court, other_lawyer)
    client.get("/today/")  # the first request of a session also refreshes it
    with CaptureQueriesContext(connection) as few:
        assert client.get("/today/").status_code == 200
    for _ in range(2):
        _morning(lawyer, supervisor, court, other_lawyer)
        _bail_and_unhcr(lawyer, supervisor, court, other_lawyer)
    for i in range(3):
        member(supervisor.membership.organisation, Role.LAWYER, f"extra-lawyer-{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/today/").status_code == 200
    assert len(many) == len(few)
    body = client.get("/today/").content.decode()
    assert "Bail granted but not released after 24 hours" in body
    assert "UNHCR verification requests with no answer after 14 days" in body


def test_a_remand_ending_this_week_is_on_the_today_page(login, supervisor, lawyer):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from detainees.services import custody_change_record
    from tests.factories import open_case

    case = open_case(lawyer, hours_ago=30)
    custody_change_record(
        case=case, kind="judicial_remand", occurred_at=timezone.now() - timedelta(hours=2),
        order_date=local_today(case.organisation), remand_days=3, by=lawyer,
    )  # fmt: skip
    page = login(supervisor).get(reverse("analytics:today")).content.decode()
    assert "Remands ending within a week" in page
    assert case.reference in page.split("Remands ending within a week", 1)[1]
