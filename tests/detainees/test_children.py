"""Children: a date of birth or an age (approximate or not) at every way in, a child flagged
on the case page, the lists and Today, an alert while a child is held, and a guardian.

Times are fixed: the arrests below are on 2 March 2026, never "now".
"""

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from analytics.today import today_tables
from api.models import InboxEntry
from api.services import inbox_token_create
from casework.models import Case, Notification
from detainees.bail.contacts import case_contact_save
from detainees.intake.csv_rows import parse_intake_csv
from detainees.intake.forms import parse_age
from detainees.models import ContactRole, CustodyKind, Person
from detainees.services import custody_change_record, person_update
from tests.api.conftest import token_client
from tests.detainees.incident_helpers import record_incident
from tests.factories import open_case

pytestmark = pytest.mark.django_db

ARREST = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 09:00 in Karachi
SHARED = {
    "arrested_at": "2026-03-02T09:00",
    "custody_location": "Lock-up, Police Station Sohrab Goth, Karachi",
    "police_station": "Police Station Sohrab Goth",
    "fir_number": "702/2026",
}


def child_alerts(case) -> set:
    return set(
        Notification.objects.filter(case=case, key__startswith="child-held:").values_list(
            "recipient__username", flat=True
        )
    )


@pytest.mark.parametrize(
    ("typed", "age", "approximate"),
    [
        ("15", 15, False),
        ("~15", 15, True),
        ("15?", 15, True),
        ("about 9", 9, True),
        ("", None, False),
    ],
)
def test_an_age_is_read_as_people_say_it(typed, age, approximate):
    assert parse_age(typed) == (age, approximate)


def test_an_age_that_is_not_a_number_says_what_to_type():
    with pytest.raises(forms.ValidationError, match="~15 if it is approximate"):
        parse_age("fifteen")


def test_the_intake_form_records_an_approximate_age_and_alerts_that_a_child_is_held(
    login, lawyer, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(lawyer).post(
            reverse("casework:case-create"),
            {
                "given_name": "Zabihullah", "father_name": "Fictional Father",
                "estimated_age": "15", "age_approximate": "on", **SHARED,
            },
        )  # fmt: skip
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.person.estimated_age, case.person.age_approximate) == (15, True)
    assert case.person.minor
    assert child_alerts(case) == {lawyer.username, supervisor.username}
    page = login(lawyer).get(reverse("casework:case-detail", args=[case.reference]))
    html = page.content.decode()
    assert "Child" in html and "about 15" in html
    assert "record the guardian" in html


def test_a_date_of_birth_decides_on_the_day_of_arrest(lawyer):
    turned_18_the_day_after = open_case(
        lawyer,
        person={"date_of_birth": date(2008, 3, 3)},
        detention={"arrested_at": ARREST},
    )
    turned_18_that_morning = open_case(
        lawyer,
        person={"given_name": "Other", "date_of_birth": date(2008, 3, 2)},
        detention={"arrested_at": ARREST},
    )
    assert turned_18_the_day_after.person.minor
    assert not turned_18_that_morning.person.minor


def test_bulk_rows_take_age_husband_and_date_of_birth(login, lawyer):
    incident = record_incident(lawyer)
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman", "age": "~14"},
        {
            "name": "Fictional Woman", "father_name": "Fictional Father", "gender": "female",
            "husband_name": "Fictional Husband", "date_of_birth": "01/01/1990",
        },
        {"name": "Noor Agha", "father_name": "Sayed Karim", "age": "16", "age_approximate": "on"},
    ]  # fmt: skip
    data = {**SHARED, "rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{key}": value for key, value in row.items()})
    url = reverse("incidents:incident-intake", args=[incident.public_id])
    assert login(lawyer).post(url, data).status_code == 302
    people = {p.given_name: p for p in Person.objects.all()}
    assert (people["Abdul Wahid"].estimated_age, people["Abdul Wahid"].age_approximate) == (
        14,
        True,
    )
    assert people["Abdul Wahid"].minor and people["Noor Agha"].minor
    assert people["Noor Agha"].age_approximate
    woman = people["Fictional Woman"]
    assert (woman.husband_name, woman.date_of_birth, woman.minor) == (
        "Fictional Husband",
        date(1990, 1, 1),
        False,
    )
    assert woman.parentage_short == "w/o Fictional Husband"


def test_the_csv_takes_age_and_approximate_and_refuses_a_word_it_cannot_read(login, lawyer):
    rows = parse_intake_csv(
        "name,father_name,husband_name,age,age_approximate\n"
        "Abdul Wahid,Gul Zaman,,15,yes\n"
        "Noor Agha,Sayed Karim,,17,maybe\n"
    )
    assert rows[0].values["age_approximate"] == "true" and rows[0].problems == []
    assert "write yes, no or leave it empty" in rows[1].problems[0]
    incident = record_incident(lawyer)
    url = reverse("incidents:incident-intake-csv", args=[incident.public_id])
    text = "name,father_name,dob,age\nAbdul Wahid,Gul Zaman,,c. 12\nزینب,گل محمد,2011-05-01,\n"
    response = login(lawyer).post(url, {**SHARED, "csv_text": text})
    assert response.status_code == 302
    assert Person.objects.filter(minor=True).count() == 2
    assert Person.objects.get(given_name="Abdul Wahid").age_approximate


def test_the_api_takes_the_age_and_reads_the_child_flag(lawyer):
    api = token_client(lawyer)
    response = api.post(
        "/api/v1/cases/",
        {
            "given_name": "Fictional Boy", "father_name": "Fictional Father",
            "arrested_at": ARREST.isoformat(), "custody_location": "Police Station Golra",
            "estimated_age": 13, "age_approximate": True,
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    person = response.json()["person"]
    assert (person["estimated_age"], person["age_approximate"], person["minor"]) == (
        13,
        True,
        True,
    )


def test_a_partners_inbox_entry_carries_the_age_into_the_accept_form(login, lawyer, admin_user):
    _, raw = inbox_token_create(by=admin_user, name="Fictional hotline")
    partner = APIClient()
    partner.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    posted = partner.post(
        "/api/v1/intake/", {"name": "Fictional Boy", "father_name": "Haji Lal", "age": 14},
        format="json",
    )  # fmt: skip
    assert posted.status_code in (200, 201, 202)
    entry = InboxEntry.objects.get()
    client = login(lawyer)
    assert "child, about 14" in client.get(reverse("api_web:inbox-list")).content.decode()
    accept = reverse("api_web:inbox-accept", kwargs={"entry_id": entry.public_id})
    initial = client.get(accept).context["form"].initial
    assert (initial["estimated_age"], initial["age_approximate"]) == (14, True)
    response = client.post(
        accept,
        {
            "given_name": "Fictional Boy", "father_name": "Haji Lal", "estimated_age": "14",
            "age_approximate": "on", **SHARED,
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Case.objects.get().person.minor
    entry.refresh_from_db()
    assert entry.age is None  # the case holds it now


def test_a_child_found_later_is_alerted_once_per_place_of_custody(
    lawyer, supervisor, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person_update(case=case, fields={"estimated_age": 16}, by=lawyer)
    assert child_alerts(case) == {lawyer.username, supervisor.username}
    with django_capture_on_commit_callbacks(execute=True):
        person_update(case=case, fields={"age_approximate": True}, by=lawyer)
    assert Notification.objects.filter(key__startswith="child-held:").count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        custody_change_record(
            case=case,
            kind=CustodyKind.HOLDING_CENTRE,
            occurred_at=case.detention.arrested_at,
            place="Fictional holding centre",
            by=lawyer,
        )
    keys = Notification.objects.filter(key__startswith="child-held:").values_list("key", flat=True)
    assert {key.rsplit(":", 1)[0] for key in keys} == {
        f"child-held:{case.pk}:in_custody",
        f"child-held:{case.pk}:holding_centre",
    }


def test_a_child_is_flagged_on_the_case_list_and_today(login, lawyer, supervisor):
    child = open_case(lawyer, person={"estimated_age": 12}, detention={"arrested_at": ARREST})
    adult = open_case(
        lawyer,
        person={"given_name": "Adult", "estimated_age": 30},
        detention={"arrested_at": ARREST},
    )
    listed = login(supervisor).get(reverse("casework:case-list")).content.decode()
    assert listed.count(">Child</span>") == 1
    tables = today_tables(supervisor, supervisor.membership, now=datetime(2026, 3, 4, tzinfo=UTC))
    assert [row.reference for row in tables["children"].rows] == [child.reference]
    custody = {row.reference: row.cells[1] for row in tables["custody"].rows}
    assert custody[child.reference].endswith("(child)")
    assert not custody[adult.reference].endswith("(child)")


def test_a_guardian_is_recorded_once_like_the_next_friend(login, lawyer, case):
    fields = {"name": "Fictional Uncle", "relation_to_detainee": "uncle", "phone": "0300-0000000"}
    case_contact_save(case=case, by=lawyer, role=ContactRole.GUARDIAN, fields=fields)
    with pytest.raises(ValidationError, match="A guardian is already recorded"):
        case_contact_save(case=case, by=lawyer, role=ContactRole.GUARDIAN, fields=fields)
    page = login(lawyer).get(reverse("casework:case-detail", args=[case.reference]))
    assert "Fictional Uncle" in page.content.decode()


def test_the_guardian_page_is_hidden_from_strangers(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(
        reverse("detainees:contact-create", args=[case.reference, ContactRole.GUARDIAN])
    )
