"""The intake duplicate checks (form, rows, CSV) see through spellings and scripts."""

import pytest
from django.urls import reverse

from casework.models import Case
from tests.clock import THE_MORNING_AFTER, frozen
from tests.detainees.test_bulk_intake_views import post_csv, rows_post
from tests.factories import open_case

# The arrests below were typed on 25 November 2026 (Karachi); the clock stands at the next
# morning, so none of them is in the future, whenever the suite runs.
pytestmark = [pytest.mark.django_db, frozen(THE_MORNING_AFTER)]

MOHAMMAD_NABI = {"given_name": "Mohammad Nabi", "family_name": "Sherzad",
                 "father_name": "Abdul Wahid", "given_name_native": "", "family_name_native": "",
                 "father_name_native": ""}  # fmt: skip


@pytest.fixture
def incident_urls(lawyer):
    from tests.detainees.incident_helpers import record_incident

    incident = record_incident(lawyer)
    return (
        reverse("incidents:incident-intake", args=[incident.public_id]),
        reverse("incidents:incident-intake-csv", args=[incident.public_id]),
    )


def test_intake_form_warns_of_the_same_person_spelt_otherwise(login, lawyer):
    existing = open_case(lawyer, person=MOHAMMAD_NABI)
    response = login(lawyer).post(
        reverse("casework:case-create"),
        {"given_name": "Muhammad Nabi", "family_name": "Sherzaad",
         "father_name_native": "عبدالواحد", "arrested_at": "2026-11-25T21:30",
         "custody_location": "Lock-up, Police Station Tarnol"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Possible matches" in response.content.decode()
    assert existing.reference in response.content.decode()
    assert Case.objects.count() == 1


def test_intake_form_does_not_warn_of_a_namesake_with_another_father(login, lawyer):
    open_case(lawyer, person=MOHAMMAD_NABI)
    response = login(lawyer).post(
        reverse("casework:case-create"),
        {"given_name": "Muhammad Nabi", "family_name": "Sherzad", "father_name": "Ghulam Rasool",
         "arrested_at": "2026-11-25T21:30", "custody_location": "Lock-up, Police Station Tarnol"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_bulk_rows_and_csv_wait_for_the_same_person_spelt_otherwise(login, lawyer, incident_urls):
    rows_url, csv_url = incident_urls
    existing = open_case(lawyer, person=MOHAMMAD_NABI)
    client = login(lawyer)
    rows = [
        {"name": "Muhammad Nabi Sherzad", "father_name": "Abdul Waheed"},
        {"name": "Muhammad Nabi Sherzad", "father_name": "Ghulam Rasool"},
        {"name": "گل آغا", "father_name": "شیر علی"},
        {"name": "Gulagha", "father_name": "Sher Ali"},
    ]
    html = client.post(rows_url, rows_post(rows)).content.decode()
    assert existing.reference in html
    assert 'name="rows-0-confirm_new"' in html
    assert 'name="rows-1-confirm_new"' not in html
    assert 'name="rows-3-confirm_new"' in html  # the same as row 3, in the other script
    content = "name,father_name\nمحمد نبی شیرزاد,عبد الواحد\nAbdul Rahim,Sakhi\n".encode()
    html = post_csv(client, csv_url, content).content.decode()
    assert existing.reference in html
    assert 'name="confirm_line" value="2"' in html
    assert 'name="confirm_line" value="3"' not in html
    assert Case.objects.count() == 1
