"""High-risk cases whose detainee is still held rise on the supervisors' pages too: the
outcome-review queue, the court diary and a raid's page, with the same rule as the case
list."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from detainees.hearings.services import hearing_schedule
from detainees.models import Court, CustodyStatus
from detainees.outcomes import outcome_record
from detainees.risk.services import risk_screening_save
from tests.detainees.incident_helpers import intake, record_incident
from tests.factories import open_case

QUEUE = reverse("detainees:outcome-queue")
DIARY = reverse("detainees:court-diary")
KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")
HIGH = {"level": "high", "groups": ["lgbtqi"], "notes": "Fictional: threatened by relatives."}
MEDIUM = {"level": "medium", "groups": ["minority"]}


def detainee(lawyer, name: str, *, screening=None, status=None):
    case = open_case(lawyer, hours_ago=30, person={"given_name": name, "father_name": "Fictional"})
    if screening:
        risk_screening_save(case=case, fields=screening, by=lawyer)
    if status:
        case.detention.status = status
        case.detention.save(update_fields=["status"])
    return case


def record(case, *, by, hours_ago: float):
    # Still held after the outcome, so the outcome itself does not release anyone.
    return outcome_record(
        case=case, outcome="bail_refused", by=by, source="Fictional court order",
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
    )  # fmt: skip


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localtime(timezone.now(), KARACHI).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KARACHI)


def hearing(case, court, hour: int, *, by):
    return hearing_schedule(
        case=case, court=court, starts_at=tomorrow_at(hour), purpose="bail",
        attending=[by], by=by,
    )  # fmt: skip


@pytest.fixture
def courts(db):
    """Two courts at different seats, in the diary's court order."""
    first = Court.objects.filter(is_active=True).order_by("seat", "name").first()
    second = (
        Court.objects.filter(is_active=True, seat__gt=first.seat).order_by("seat", "name").first()
    )
    return [first, second]


def test_queue_puts_high_risk_still_held_first_then_oldest(login, lawyer, supervisor):
    # Recorded in this order: the queue's "oldest" is the order of recording.
    plain_old = record(detainee(lawyer, "Plainold"), by=lawyer, hours_ago=5)
    released_case = detainee(lawyer, "Released", screening=HIGH)
    released = record(released_case, by=lawyer, hours_ago=4)
    released_case.detention.status = CustodyStatus.RELEASED
    released_case.detention.save(update_fields=["status"])
    medium = record(detainee(lawyer, "Medium", screening=MEDIUM), by=lawyer, hours_ago=3)
    risky = record(detainee(lawyer, "Risky", screening=HIGH), by=lawyer, hours_ago=1)

    response = login(supervisor).get(QUEUE)

    assert [o.pk for o in response.context["queue"]] == [
        risky.pk, plain_old.pk, released.pk, medium.pk,
    ]  # fmt: skip
    html = response.content.decode()
    assert html.count("High risk") == 1
    assert html.index("High risk") < html.index(plain_old.case.reference)


def test_queue_treats_a_holding_centre_as_still_held(lawyer, supervisor, login):
    plain = record(detainee(lawyer, "Plain"), by=lawyer, hours_ago=5)
    centre = detainee(lawyer, "Centre", screening=HIGH, status=CustodyStatus.HOLDING_CENTRE)
    moved = record(centre, by=lawyer, hours_ago=1)
    queue = login(supervisor).get(QUEUE).context["queue"]
    assert [o.pk for o in queue] == [moved.pk, plain.pk]


def test_queue_with_high_risk_cases_costs_the_same_queries_however_long(
    login, lawyer, supervisor, django_assert_max_num_queries
):
    record(detainee(lawyer, "First", screening=HIGH), by=lawyer, hours_ago=2)
    client = login(supervisor)
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE)
    for i in range(6):
        record(detainee(lawyer, f"More{i}", screening=HIGH if i % 2 else None), by=lawyer,
               hours_ago=1)  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["queue"]) == 7
    assert response.content.decode().count("High risk") == 4


def test_diary_puts_high_risk_hearings_first_in_their_court_and_day(
    login, lawyer, supervisor, courts
):
    first_court, second_court = courts
    early = hearing(detainee(lawyer, "Early"), first_court, 9, by=lawyer)
    risky_case = detainee(lawyer, "Risky", screening=HIGH)
    late_risky = hearing(risky_case, second_court, 14, by=lawyer)
    later = hearing(detainee(lawyer, "Later"), second_court, 10, by=lawyer)
    released = detainee(lawyer, "Gone", screening=HIGH, status=CustodyStatus.RELEASED)
    released_hearing = hearing(released, second_court, 8, by=lawyer)

    response = login(supervisor).get(DIARY)

    (day,) = response.context["diary"]
    assert [(court.pk, [h.pk for h in hs]) for court, hs in day.courts] == [
        (second_court.pk, [late_risky.pk, released_hearing.pk, later.pk]),
        (first_court.pk, [early.pk]),
    ]
    html = response.content.decode()
    assert html.count("High risk") == 1
    assert html.index("High risk") < html.index(early.case.reference)


def test_diary_keeps_courts_in_their_order_without_high_risk_hearings(
    login, lawyer, supervisor, courts
):
    first_court, second_court = courts
    a = hearing(detainee(lawyer, "Aone"), second_court, 9, by=lawyer)
    b = hearing(detainee(lawyer, "Btwo", screening=MEDIUM), first_court, 11, by=lawyer)
    (day,) = login(supervisor).get(DIARY).context["diary"]
    assert [[h.pk for h in hs] for _, hs in day.courts] == [[b.pk], [a.pk]]


def test_diary_with_high_risk_hearings_costs_the_same_queries_however_many(
    login, lawyer, supervisor, courts, django_assert_max_num_queries
):
    hearing(detainee(lawyer, "First", screening=HIGH), courts[0], 9, by=lawyer)
    client = login(supervisor)
    with django_assert_max_num_queries(30) as few:
        client.get(DIARY)
    for i in range(5):
        case = detainee(lawyer, f"More{i}", screening=HIGH if i % 2 else None)
        hearing(case, courts[i % 2], 10 + i, by=lawyer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DIARY)
    assert sum(len(hs) for d in response.context["diary"] for _, hs in d.courts) == 6
    assert response.content.decode().count("High risk") == 3


def incident_page(incident) -> str:
    return reverse("incidents:incident-detail", kwargs={"incident_id": incident.public_id})


def test_incident_page_lists_high_risk_still_held_cases_first_with_a_badge(login, supervisor):
    incident = record_incident(supervisor)
    first, second, third = intake(supervisor, incident, 3)
    risk_screening_save(case=third, fields=HIGH, by=supervisor)

    response = login(supervisor).get(incident_page(incident))

    assert [c.pk for c in response.context["cases"]] == [third.pk, first.pk, second.pk]
    html = response.content.decode()
    assert html.count("High risk") == 1
    assert html.index("High risk") < html.index(first.reference)


def test_incident_page_with_high_risk_cases_costs_the_same_queries_however_many(
    login, supervisor, django_assert_max_num_queries
):
    incident = record_incident(supervisor)
    risk_screening_save(case=intake(supervisor, incident, 1)[0], fields=HIGH, by=supervisor)
    client = login(supervisor)
    with django_assert_max_num_queries(20) as few:
        client.get(incident_page(incident))
    for case in intake(supervisor, incident, 4):
        risk_screening_save(case=case, fields=HIGH, by=supervisor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(incident_page(incident))
    assert response.content.decode().count("High risk") == 5
