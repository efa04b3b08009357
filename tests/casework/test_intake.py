import pytest
from django.urls import reverse

from casework.models import Case
from tests.clock import THE_MORNING_AFTER, frozen
from tests.factories import open_case

# The arrests below were typed on 25 November 2026 (Karachi); the clock stands at the next
# morning, so none of them is in the future, whenever the suite runs.
pytestmark = [pytest.mark.django_db, frozen(THE_MORNING_AFTER)]
URL = reverse("casework:case-create")

VALID = {
    "given_name": "Abdul Rahim",
    "family_name": "Wardak",
    "father_name": "Ghulam Sakhi",
    "arrested_at": "2026-11-25T21:30",
    "custody_location": "Lock-up, Police Station Tarnol",
    "fir_number": "455/2026",
}


def test_intake_form_renders_for_a_member(login, lawyer):
    response = login(lawyer).get(URL)
    assert response.status_code == 200
    assert b'name="arrested_at"' in response.content


def test_intake_creates_the_case_and_opens_it(login, lawyer):
    response = login(lawyer).post(URL, VALID)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:case-detail", args=[case.reference])
    assert case.person.given_name == "Abdul Rahim"
    assert case.detention.fir_number == "455/2026"
    # Typed in Pakistan time, stored in UTC.
    assert case.detention.arrested_at.isoformat() == "2026-11-25T16:30:00+00:00"


def test_invalid_intake_keeps_everything_typed_and_says_what_is_wrong(login, lawyer):
    data = {**VALID, "father_name": "", "arrested_at": "yesterday-ish"}
    response = login(lawyer).post(URL, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the father&#x27;s name in either script." in body
    assert "Enter a valid date/time." in body
    assert 'value="Abdul Rahim"' in body
    assert 'value="Lock-up, Police Station Tarnol"' in body
    assert 'value="455/2026"' in body
    assert not Case.objects.exists()


def test_service_validation_errors_show_on_the_form(login, lawyer):
    response = login(lawyer).post(URL, {**VALID, "arrested_at": "2099-01-01T10:00"})
    assert response.status_code == 400
    assert "The arrest cannot be in the future." in response.content.decode()
    assert not Case.objects.exists()


def test_possible_duplicate_is_shown_before_creating(login, lawyer):
    existing = open_case(
        lawyer, person={"given_name": "Abdul  RAHIM", "family_name": "wardak",
                        "father_name": "Ghulam Sakhi"},
    )  # fmt: skip
    response = login(lawyer).post(URL, VALID)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Possible matches" in body
    assert existing.reference in body
    assert 'name="confirm_new" value="1"' in body
    assert 'value="Abdul Rahim"' in body
    assert Case.objects.count() == 1

    response = login(lawyer).post(URL, {**VALID, "confirm_new": "1"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_duplicate_check_matches_perso_arabic_variants(login, lawyer):
    open_case(
        lawyer,
        person={"given_name": "", "father_name": "", "given_name_native": "علي",
                "family_name_native": "کريمي", "father_name_native": "نذير"},
    )  # fmt: skip
    response = login(lawyer).post(
        URL,
        {**VALID, "given_name": "", "father_name": "", "given_name_native": "علی",
         "family_name_native": "کریمی", "father_name_native": "نذیر"},
    )  # fmt: skip
    assert "Possible matches" in response.content.decode()


def test_duplicates_the_user_may_not_see_are_not_shown(login, lawyer, colleague):
    hidden = open_case(colleague, person={"given_name": "Abdul Rahim", "family_name": "Wardak",
                                          "father_name": "Ghulam Sakhi"})  # fmt: skip
    response = login(lawyer).post(URL, VALID)
    assert response.status_code == 302
    assert hidden.reference not in response.content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_police_station_is_typed_once_and_is_where_they_are_held(login, lawyer):
    data = {**VALID, "custody_location": "", "police_station": "Police Station Golra"}
    assert login(lawyer).post(URL, data).status_code == 302
    detention = Case.objects.get().detention
    assert detention.police_station == "Police Station Golra"
    assert detention.custody_location == "Police lock-up, Police Station Golra"


def test_intake_needs_the_police_station_or_where_they_are_held(login, lawyer):
    data = {**VALID, "custody_location": "", "police_station": ""}
    response = login(lawyer).post(URL, data)
    assert response.status_code == 400
    assert "Enter the police station, or where else they are held." in response.content.decode()
    assert not Case.objects.exists()


def test_an_unknown_arrest_time_counts_from_the_start_of_the_day(login, lawyer):
    data = {**VALID, "arrest_time": "unknown"}
    assert login(lawyer).post(URL, data).status_code == 302
    detention = Case.objects.get().detention
    # 25 Nov in Pakistan begins at 19:00 UTC the day before: the earliest it can have been.
    assert detention.arrested_at.isoformat() == "2026-11-24T19:00:00+00:00"
    page = login(lawyer).get(reverse("casework:case-detail", args=[Case.objects.get().reference]))
    assert "25 Nov 2026, time unknown" in page.content.decode()


def test_intake_records_the_document_with_its_printed_expiry(login, lawyer):
    data = {
        **VALID, "document_kind": "por", "document_number": "AFG-0012-FICT",
        "document_issued_on": "2021-06-01", "document_expires_on": "2023-06-30",
    }  # fmt: skip
    assert login(lawyer).post(URL, data).status_code == 302
    document = Case.objects.get().person.documents.get()
    assert str(document.issued_on) == "2021-06-01"
    assert str(document.expires_on) == "2023-06-30"
