"""Hearings: scheduling, results with the court order, and the pages that do it."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Stage
from detainees.case_list import case_stage
from detainees.hearings.services import hearing_record_result, hearing_schedule
from detainees.models import Court, CourtLevel, CustodyStatus, Hearing
from documents.models import FilePurpose, StoredFile
from tests.documents.samples import png_bytes
from tests.factories import open_case

KARACHI = zoneinfo.ZoneInfo("Asia/Karachi")


@pytest.fixture
def court(db):
    return Court.objects.get(name="District and Sessions Court, Islamabad (East)")


@pytest.fixture
def past_case(case):
    """The case fixture, arrested ten days ago so that hearings can lie in the past."""
    case.detention.arrested_at = timezone.now() - timedelta(days=10)
    case.detention.save(update_fields=["arrested_at"])
    return case


def past_hearing(case, court, by, *, hours_ago=3, purpose="bail"):
    return hearing_schedule(
        case=case, court=court, starts_at=timezone.now() - timedelta(hours=hours_ago),
        purpose=purpose, attending=[by], by=by,
    )  # fmt: skip


def local_form_time(moment: datetime) -> str:
    return moment.astimezone(KARACHI).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
def test_courts_are_seeded_with_real_levels_and_seats():
    seats = set(Court.objects.values_list("seat", flat=True))
    assert {"Islamabad", "Rawalpindi", "Lahore", "Peshawar", "Karachi", "Quetta"} <= seats
    high_courts = set(
        Court.objects.filter(level=CourtLevel.HIGH_COURT).values_list("name", flat=True)
    )
    assert {"Islamabad High Court", "Lahore High Court", "Peshawar High Court",
            "Sindh High Court", "Balochistan High Court"} <= high_courts  # fmt: skip
    assert Court.objects.filter(level=CourtLevel.SUPREME_COURT, seat="Islamabad").count() == 1
    for seat in ("Islamabad", "Rawalpindi", "Lahore", "Peshawar", "Karachi", "Quetta"):
        levels = set(Court.objects.filter(seat=seat).values_list("level", flat=True))
        assert {CourtLevel.JUDICIAL_MAGISTRATE, CourtLevel.SESSIONS} <= levels, seat


def test_scheduling_a_hearing_records_it_on_the_timeline(case, court, lawyer, supervisor):
    starts = timezone.now() + timedelta(days=2)
    hearing = hearing_schedule(case=case, court=court, starts_at=starts, purpose="remand",
                               judge="Judge (fictional) A. Rahman", attending=[lawyer, supervisor],
                               by=lawyer)  # fmt: skip
    assert set(hearing.attending.all()) == {lawyer, supervisor}
    event = Event.objects.get(case=case, verb="hearing.scheduled")
    assert (
        "Remand hearing before District and Sessions Court, Islamabad (East)"
        in (event.data["summary"])
    )


def test_only_the_case_team_lawyers_and_supervisors_may_attend(
    case, court, lawyer, paralegal, colleague, outsider
):
    for stranger in (colleague, paralegal, outsider):
        with pytest.raises(ValidationError) as error:
            hearing_schedule(case=case, court=court, starts_at=timezone.now() + timedelta(days=1),
                             purpose="bail", attending=[stranger], by=lawyer)  # fmt: skip
        assert "attending" in error.value.error_dict
    assert not Hearing.objects.exists()


def test_a_hearing_before_the_arrest_is_refused(case, court, lawyer):
    with pytest.raises(ValidationError) as error:
        hearing_schedule(case=case, court=court, purpose="remand", by=lawyer,
                         starts_at=case.detention.arrested_at - timedelta(hours=1))  # fmt: skip
    assert "starts_at" in error.value.error_dict


def test_result_with_outcome_and_next_date_updates_case_and_agenda(past_case, court, lawyer, org):
    hearing = past_hearing(past_case, court, lawyer)
    next_day = timezone.localdate() + timedelta(days=14)
    hearing_record_result(hearing=hearing, result="Bail granted against surety of Rs 50,000",
                          next_date=next_day, schedule_next=True, outcome="bail_sessions",
                          by=lawyer)  # fmt: skip
    past_case.refresh_from_db()
    past_case.detention.refresh_from_db()
    assert past_case.outcome == "bail_sessions"
    assert case_stage(past_case) == Stage.COURT
    assert past_case.detention.status == CustodyStatus.RELEASED
    assert past_case.detention.released_at == hearing.starts_at
    follow_up = past_case.hearings.exclude(pk=hearing.pk).get()
    assert follow_up.starts_at.astimezone(KARACHI) == datetime(
        next_day.year, next_day.month, next_day.day, 9, 0, tzinfo=KARACHI
    )
    assert list(follow_up.attending.all()) == [lawyer]
    assert past_case.outcomes.get().hearing == hearing


def test_result_of_a_future_hearing_is_refused(case, court, lawyer):
    hearing = hearing_schedule(case=case, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    with pytest.raises(ValidationError):
        hearing_record_result(hearing=hearing, result="Adjourned", by=lawyer)


def test_lawyer_adds_a_hearing_through_the_page(login, case, court, lawyer):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=3)
    response = login(lawyer).post(
        reverse("detainees:hearing-create", args=[case.reference]),
        {"court": court.pk, "starts_at": local_form_time(starts), "purpose": "bail",
         "judge": "", "attending": [lawyer.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    hearing = case.hearings.get()
    assert hearing.starts_at == starts  # typed in Karachi time, stored as the same instant
    page = login(lawyer).get(reverse("casework:case-detail", args=[case.reference]))
    assert "District and Sessions Court, Islamabad (East)" in page.content.decode()


def test_bad_hearing_input_is_shown_again_with_reasons(login, case, court, lawyer, colleague):
    response = login(lawyer).post(
        reverse("detainees:hearing-create", args=[case.reference]),
        {"court": court.pk, "starts_at": "tomorrow-ish", "purpose": "bail",
         "judge": "Judge (fictional) B. Qadir", "attending": [colleague.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "Judge (fictional) B. Qadir" in body  # what was typed is kept
    assert "Enter a valid date/time" in body
    assert not Hearing.objects.exists()


def test_result_page_stores_the_order_through_the_safe_upload_path(login, past_case, court, lawyer):
    hearing = past_hearing(past_case, court, lawyer)
    order = SimpleUploadedFile("order.png", png_bytes(with_gps=True), content_type="image/png")
    response = login(lawyer).post(
        reverse("detainees:hearing-result", args=[past_case.reference, hearing.public_id]),
        {"result": "Released on personal bond", "outcome": "released_by_court", "order": order},
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    stored = hearing.order_file
    assert stored.case == past_case and stored.purpose == FilePurpose.COURT_ORDER
    page = login(lawyer).get(reverse("casework:case-detail", args=[past_case.reference]))
    download = reverse("documents:file-download", args=[past_case.reference, stored.public_id])
    assert download in page.content.decode()
    assert login(lawyer).get(download).status_code == 200


def test_a_disguised_order_file_is_refused_and_nothing_is_saved(login, past_case, court, lawyer):
    hearing = past_hearing(past_case, court, lawyer)
    fake = SimpleUploadedFile("order.pdf", b"<html><script>alert(1)</script></html>")
    response = login(lawyer).post(
        reverse("detainees:hearing-result", args=[past_case.reference, hearing.public_id]),
        {"result": "Released", "outcome": "released_by_court", "order": fake},
    )
    assert response.status_code == 400
    assert "Released" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.result == "" and hearing.order_file is None
    assert not StoredFile.objects.exists()
    assert not past_case.outcomes.exists()


def test_hearing_of_another_case_is_404_even_for_its_own_lawyer(login, case, court, lawyer):
    other = open_case(lawyer, hours_ago=4)
    hearing = hearing_schedule(case=other, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    client = login(lawyer)
    for name in ("detainees:hearing-edit", "detainees:hearing-result"):
        assert (
            client.get(reverse(name, args=[case.reference, hearing.public_id])).status_code == 404
        )
        assert (
            client.get(reverse(name, args=[other.reference, hearing.public_id])).status_code == 200
        )


def test_hearing_pages_are_hidden_from_strangers(case, court, lawyer, assert_hidden_from_strangers):
    hearing = hearing_schedule(case=case, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    assert_hidden_from_strangers(reverse("detainees:hearing-create", args=[case.reference]))
    for name in ("detainees:hearing-edit", "detainees:hearing-result"):
        assert_hidden_from_strangers(reverse(name, args=[case.reference, hearing.public_id]))


def test_changing_a_hearing_keeps_one_row_and_logs_what_changed(login, case, court, lawyer):
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    hearing = hearing_schedule(case=case, court=court, purpose="bail", by=lawyer, starts_at=starts)
    magistrate = Court.objects.get(name="Judicial Magistrate, Islamabad (East)")
    response = login(lawyer).post(
        reverse("detainees:hearing-edit", args=[case.reference, hearing.public_id]),
        {"court": magistrate.pk, "starts_at": local_form_time(hearing.starts_at),
         "purpose": "remand", "judge": "", "attending": [lawyer.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert (hearing.court, hearing.purpose) == (magistrate, "remand")
    event = Event.objects.get(case=case, verb="hearing.updated")
    assert set(event.data["fields"]) == {"court", "purpose", "attending"}


def test_a_mistaken_hearing_is_taken_off_the_agenda_and_the_timeline_says_why(
    login, case, court, lawyer
):
    hearing = hearing_schedule(case=case, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    url = reverse("detainees:hearing-cancel", args=[case.reference, hearing.public_id])
    client = login(lawyer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "entered twice"}).status_code == 400  # a choice now
    assert client.post(url, {"reason": "duplicate"}).status_code == 302
    assert not case.hearings.exists()
    event = Event.objects.get(case=case, verb="hearing.cancelled")
    assert event.data["reason"] == "duplicate"
    page = client.get(reverse("casework:case-detail", args=[case.reference])).content.decode()
    assert "took a hearing off the agenda" in page and "(Entered twice)" in page


def test_a_hearing_with_a_result_stays_on_the_record(login, past_case, court, lawyer):
    hearing = past_hearing(past_case, court, lawyer)
    hearing_record_result(hearing=hearing, result="Adjourned", by=lawyer)
    url = reverse("detainees:hearing-cancel", args=[past_case.reference, hearing.public_id])
    response = login(lawyer).post(url, {"reason": ""})
    assert response.status_code == 400
    assert "part of the record" in response.content.decode()
    assert past_case.hearings.filter(pk=hearing.pk).exists()


def test_hearing_cancel_page_is_hidden_from_strangers(
    case, court, lawyer, assert_hidden_from_strangers
):
    hearing = hearing_schedule(case=case, court=court, purpose="bail", by=lawyer,
                               starts_at=timezone.now() + timedelta(days=1))  # fmt: skip
    assert_hidden_from_strangers(
        reverse("detainees:hearing-cancel", args=[case.reference, hearing.public_id])
    )
    assert Hearing.objects.filter(pk=hearing.pk).exists()


def test_a_bail_hearing_before_a_magistrate_records_the_production(lawyer):
    case = open_case(lawyer, hours_ago=30)
    court = Court.objects.filter(level=CourtLevel.JUDICIAL_MAGISTRATE).first()
    hearing = past_hearing(case, court, lawyer, hours_ago=10)
    hearing_record_result(hearing=hearing, result="Bail refused; remanded to jail", by=lawyer)
    case.detention.refresh_from_db()
    assert case.detention.produced_at == hearing.starts_at
