"""Outcomes: one service moves custody and closes the case; every outcome stays as history
and goes to the supervisors' review queue."""

import zoneinfo
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Stage
from detainees.case_list import case_stage
from detainees.hearings.services import hearing_schedule
from detainees.models import CaseOutcome, Court, CustodyStatus
from detainees.outcomes import outcome_record, outcome_review
from tests.factories import open_case

QUEUE = reverse("detainees:outcome-queue")


def record(case, outcome, *, by, hours_ago=1, **extra):
    return outcome_record(
        case=case, outcome=outcome, occurred_at=timezone.now() - timedelta(hours=hours_ago),
        source=extra.pop("source", "Family confirmed by phone"), by=by, **extra,
    )  # fmt: skip


def reload(case):
    case.refresh_from_db()
    case.detention.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("outcome", "custody", "stage", "stamp"),
    [
        ("released_by_police", CustodyStatus.RELEASED, Stage.CLOSED, "released_at"),
        ("released_by_court", CustodyStatus.RELEASED, Stage.CLOSED, "released_at"),
        ("bail_magistrate", CustodyStatus.RELEASED, Stage.COURT, "released_at"),
        ("bail_refused", CustodyStatus.IN_CUSTODY, Stage.COURT, None),
        ("fir_quashed", CustodyStatus.RELEASED, Stage.CLOSED, "released_at"),
        ("convicted_held", CustodyStatus.IN_CUSTODY, Stage.COURT, None),
        ("deported", CustodyStatus.DEPORTED, Stage.CLOSED, "deported_at"),
        # Not a court's doing: the case stays where its records put it.
        ("holding_centre", CustodyStatus.HOLDING_CENTRE, Stage.INTAKE, None),
        ("whereabouts_unknown", CustodyStatus.UNKNOWN, Stage.INTAKE, None),
    ],
)
def test_an_outcome_moves_custody_stage_and_timestamps_together(
    case, lawyer, outcome, custody, stage, stamp
):
    recorded = record(case, outcome, by=lawyer)
    case = reload(case)
    assert (case.outcome, case.outcome_at) == (outcome, recorded.occurred_at)
    assert case.detention.status == custody
    assert case_stage(case) == stage
    assert (case.closed_at is not None) == (stage == Stage.CLOSED)
    for field in ("released_at", "deported_at"):
        expected = recorded.occurred_at if field == stamp else None
        assert getattr(case.detention, field) == expected


def test_outcomes_are_kept_as_history_and_the_latest_one_counts(case, lawyer):
    record(case, "bail_refused", by=lawyer, hours_ago=2)
    record(case, "bail_sessions", by=lawyer, hours_ago=1)
    record(case, "holding_centre", by=lawyer, hours_ago=1.5)  # learned late, happened earlier
    case = reload(case)
    assert case.outcome == "bail_sessions"
    assert case.detention.status == CustodyStatus.RELEASED
    assert case.outcomes.count() == 3
    late = Event.objects.get(case=case, verb="outcome.recorded", data__outcome="holding_centre")
    assert late.data["applied"] is False


def test_an_outcome_in_the_future_or_before_the_arrest_is_refused(case, lawyer):
    for when in (timezone.now() + timedelta(hours=1),
                 case.detention.arrested_at - timedelta(minutes=1)):  # fmt: skip
        with pytest.raises(ValidationError) as error:
            outcome_record(case=case, outcome="deported", occurred_at=when, by=lawyer)
        assert "occurred_at" in error.value.error_dict
    assert not CaseOutcome.objects.exists()
    assert reload(case).detention.status == CustodyStatus.IN_CUSTODY


def test_an_unknown_outcome_is_refused(case, lawyer):
    with pytest.raises(ValidationError):
        record(case, "escaped", by=lawyer)


def test_a_hearing_of_another_case_cannot_produce_the_outcome(case, lawyer):
    other = open_case(lawyer)
    court = Court.objects.first()
    hearing = hearing_schedule(case=other, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() - timedelta(minutes=30))  # fmt: skip
    with pytest.raises(ValidationError):
        record(case, "bail_magistrate", by=lawyer, hearing=hearing)


def test_lawyer_records_an_outcome_through_the_page(login, case, lawyer):
    # Typed as the lawyer reads the clock: in the organisation's zone.
    when = timezone.localtime(
        timezone.now() - timedelta(hours=1), zoneinfo.ZoneInfo("Asia/Karachi")
    )
    response = login(lawyer).post(
        reverse("detainees:outcome-create", args=[case.reference]),
        {"outcome": "released_by_police", "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
         "hearing": "", "source": "Released from the lock-up; brother collected him"},
    )  # fmt: skip
    assert response.status_code == 302
    assert case_stage(reload(case)) == Stage.CLOSED


def test_the_same_outcome_sent_twice_within_a_minute_is_kept_once(login, case, lawyer):
    when = timezone.localtime(
        timezone.now() - timedelta(hours=1), zoneinfo.ZoneInfo("Asia/Karachi")
    )
    form = {"outcome": "bail_refused", "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "hearing": "", "source": "Order read out in court"}  # fmt: skip
    client = login(lawyer)
    url = reverse("detainees:outcome-create", args=[case.reference])
    client.post(url, form)
    again = client.post(url, form, follow=True)  # a double tap on a slow connection
    assert "already recorded a moment ago" in again.content.decode()
    assert CaseOutcome.objects.filter(case=case).count() == 1
    assert Event.objects.filter(case=case, verb="outcome.recorded").count() == 1
    # A minute later the same words are a new outcome (the court refused bail again).
    CaseOutcome.objects.filter(case=case).update(recorded_at=timezone.now() - timedelta(minutes=2))
    client.post(url, form)
    assert CaseOutcome.objects.filter(case=case).count() == 2


def test_a_different_outcome_within_the_minute_is_its_own(case, lawyer):
    first = record(case, "bail_refused", by=lawyer, hours_ago=2)
    second = record(case, "bail_sessions", by=lawyer, hours_ago=2)
    assert first.pk != second.pk
    assert not getattr(second, "repeated", False)


def test_outcome_without_hearing_or_source_is_shown_again_with_a_reason(login, case, lawyer):
    response = login(lawyer).post(
        reverse("detainees:outcome-create", args=[case.reference]),
        {"outcome": "deported", "occurred_at": "2026-01-01T10:00", "hearing": "", "source": ""},
    )
    assert response.status_code == 400
    assert "Say how it happened" in response.content.decode()
    assert not CaseOutcome.objects.exists()


def test_outcome_pages_are_hidden_from_strangers(case, lawyer, assert_hidden_from_strangers):
    outcome = record(case, "bail_refused", by=lawyer)
    assert_hidden_from_strangers(reverse("detainees:outcome-create", args=[case.reference]))
    assert_hidden_from_strangers(
        reverse("detainees:outcome-review", args=[case.reference, outcome.public_id])
    )


def test_review_queue_lists_unreviewed_outcomes_of_the_organisation_only(
    login, case, lawyer, supervisor, outsiders
):
    mine = record(case, "bail_refused", by=lawyer)
    outsider_lawyer = next(u for u in outsiders if u.username == "other-lawyer")
    theirs = record(open_case(outsider_lawyer), "deported", by=outsider_lawyer)
    page = login(supervisor).get(QUEUE)
    assert [o.pk for o in page.context["queue"]] == [mine.pk]
    other_supervisor = next(u for u in outsiders if u.username == "other-supervisor")
    assert [o.pk for o in login(other_supervisor).get(QUEUE).context["queue"]] == [theirs.pk]


def test_marking_reviewed_goes_on_the_timeline_and_leaves_the_queue(
    login, case, lawyer, supervisor
):
    outcome = record(case, "bail_refused", by=lawyer)
    client = login(supervisor)
    response = client.post(
        reverse("detainees:outcome-review", args=[case.reference, outcome.public_id]),
        {"comment": "Appeal to the Sessions Court tomorrow"},
    )
    assert response.status_code == 302
    event = Event.objects.get(case=case, verb="outcome.reviewed")
    assert event.actor == supervisor
    # The comment is kept on the outcome (retention can wipe it), never in the trail.
    assert event.data["commented"] is True
    assert "Appeal" not in str(event.data)
    outcome.refresh_from_db()
    assert outcome.review_comment == "Appeal to the Sessions Court tomorrow"
    assert client.get(QUEUE).context["queue"] == []
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "reviewed the outcome “Bail refused”, with a comment" in page
    assert "Appeal to the Sessions Court tomorrow" in page  # on the outcome itself


def test_review_comment_is_optional_and_a_second_review_is_refused(case, lawyer, supervisor):
    outcome = record(case, "deported", by=lawyer)
    outcome_review(outcome=outcome, by=supervisor)
    with pytest.raises(ValidationError):
        outcome_review(outcome=outcome, by=supervisor, comment="again")
    assert Event.objects.filter(case=case, verb="outcome.reviewed").count() == 1


def test_only_supervisors_review(login, case, lawyer, supervisor, outsider):
    outcome = record(case, "deported", by=lawyer)
    with pytest.raises(ValidationError):
        outcome_review(outcome=outcome, by=lawyer)
    with pytest.raises(ValidationError):
        outcome_review(outcome=outcome, by=outsider)
    client = login(lawyer)
    assert client.get(QUEUE).status_code == 404
    url = reverse("detainees:outcome-review", args=[case.reference, outcome.public_id])
    assert client.post(url, {"comment": "fine"}).status_code == 404
    assert CaseOutcome.objects.get(pk=outcome.pk).reviewed_at is None


def test_review_queue_costs_the_same_queries_however_long(
    login, lawyer, supervisor, django_assert_max_num_queries
):
    for _ in range(2):
        record(open_case(lawyer), "bail_refused", by=lawyer)
    client = login(supervisor)
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE)
    for _ in range(8):
        record(open_case(lawyer), "deported", by=lawyer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert len(response.context["queue"]) == 10


def test_queue_marks_what_was_recorded_since_my_last_review(login, case, lawyer, supervisor):
    first = record(case, "bail_refused", by=lawyer, hours_ago=2)
    outcome_review(outcome=first, by=supervisor)
    CaseOutcome.objects.filter(pk=first.pk).update(
        reviewed_at=timezone.now() - timedelta(minutes=10)
    )
    older = record(open_case(lawyer), "deported", by=lawyer)
    CaseOutcome.objects.filter(pk=older.pk).update(
        recorded_at=timezone.now() - timedelta(minutes=20)
    )
    newer = record(open_case(lawyer), "deported", by=lawyer)
    response = login(supervisor).get(QUEUE)
    assert [o.pk for o in response.context["queue"]] == [older.pk, newer.pk]
    rows = response.content.decode().split("<tr>")[2:]
    assert ">new</span>" not in rows[0] and ">new</span>" in rows[1]
