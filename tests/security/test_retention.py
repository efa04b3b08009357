from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from casework.models import Case, Event
from casework.retention import ANONYMISED_NAME, case_anonymise
from casework.tasks import anonymise_expired_cases
from detainees.hearings.application_services import application_record
from detainees.models import Court, Referral, RiskScreening
from detainees.risk.services import referral_save, risk_screening_save
from documents.models import IdentityDocument, StoredFile
from documents.services import document_add
from documents.uploads import accept_upload
from tests.documents.samples import png_bytes
from tests.factories import open_case


def _close(case: Case, *, days_ago: int) -> None:
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago),
        outcome="bail_magistrate",
        outcome_at=timezone.now() - timedelta(days=days_ago),
    )


def _full_case(lawyer):
    case = open_case(
        lawyer,
        person={"phone": "0300-1234567", "family_contact": "Uncle, 0301-7654321",
                "address_in_pakistan": "House 1, Street 2, I-11", "gender": "male",
                "province_of_origin": "Ghazni", "year_of_arrival": 2001},
        detention={"arrest_place": "Sabzi Mandi", "police_station": "Police Station Golra"},
    )  # fmt: skip
    scan = accept_upload(SimpleUploadedFile("por.png", png_bytes()))
    document_add(
        case=case, fields={"kind": "por", "number": "AFG-0000-FICT", "name_as_printed": "GUL"},
        by=lawyer, scans=[scan],
    )  # fmt: skip
    risk_screening_save(
        case=case, fields={"level": "high", "groups": ["minority"], "ethnicity": "Hazara",
                           "notes": "Threatened."}, by=lawyer,
    )  # fmt: skip
    referral_save(
        case=case, fields={"body": "unhcr", "status": "planned", "their_reference": "UN-FICT-9"},
        by=lawyer,
    )  # fmt: skip
    application_record(
        case=case, by=lawyer, kind="bail", court=Court.objects.order_by("pk").first(),
        filed_on=timezone.localdate(), number="BA-FICT-77",
    )  # fmt: skip
    return case


def _everything_text(case: Case) -> str:
    """Every column of every row about the case, as the database holds it."""
    tables = {
        "detainees_person": ("id", case.person_id),
        "detainees_detention": ("id", case.detention_id),
        "documents_identitydocument": ("person_id", case.person_id),
        "documents_storedfile": ("case_id", case.pk),
        "detainees_referral": ("case_id", case.pk),
        "detainees_application": ("case_id", case.pk),
    }
    dump = []
    with connection.cursor() as cursor:
        for table, (column, value) in tables.items():
            cursor.execute(f"SELECT * FROM {table} WHERE {column} = %s", [value])
            dump += [str(row) for row in cursor.fetchall()]
    return "\n".join(dump)


def test_expired_closed_case_loses_personal_data_and_keeps_aggregates(
    org, lawyer, django_capture_on_commit_callbacks
):
    case = _full_case(lawyer)
    file_name = StoredFile.objects.get(case=case).file.name
    assert default_storage.exists(file_name)
    _close(case, days_ago=org.retention_days + 1)

    with django_capture_on_commit_callbacks(execute=True):
        assert anonymise_expired_cases() == 1

    text = _everything_text(case)
    for personal in ("Gul Ahmad", "Safi", "Sher Mohammad", "گل احمد", "0300-1234567",
                     "Uncle", "House 1", "311/2026", "Sabzi Mandi", "AFG-0000-FICT",
                     "AFG0000FICT", "UN-FICT-9", "BA-FICT-77", "por.png", file_name):  # fmt: skip
        assert personal not in text, personal
    assert not default_storage.exists(file_name)
    screening = RiskScreening.objects.get(case=case)
    assert (screening.ethnicity, screening.notes, screening.groups) == ("", "", "")

    case.refresh_from_db()
    person, detention = case.person, case.detention
    assert person.given_name == ANONYMISED_NAME
    assert (person.gender, person.province_of_origin, person.year_of_arrival) == (
        "male", "Ghazni", 2001,
    )  # fmt: skip
    assert case.outcome == "bail_magistrate" and case.closed_at and case.anonymised_at
    assert detention.arrested_at and detention.police_station == "Police Station Golra"
    assert IdentityDocument.objects.get(person=person).kind == "por"
    assert screening.level == "high"
    assert Referral.objects.get(case=case).body == "unhcr"
    assert Event.objects.filter(case=case, verb="case.anonymised").count() == 1


def test_running_twice_anonymises_once(org, lawyer):
    case = _full_case(lawyer)
    _close(case, days_ago=org.retention_days + 1)
    assert anonymise_expired_cases() == 1
    assert anonymise_expired_cases() == 0
    assert case_anonymise(case_id=case.pk) is False
    assert Event.objects.filter(case=case, verb="case.anonymised").count() == 1


def test_cases_inside_the_retention_period_or_open_are_untouched(org, lawyer):
    recent = _full_case(lawyer)
    _close(recent, days_ago=org.retention_days - 1)
    still_open = open_case(lawyer, person={"given_name": "Karim", "father_name": "Nabi"})

    assert anonymise_expired_cases() == 0

    for case in (recent, still_open):
        case.refresh_from_db()
        assert case.anonymised_at is None
        assert case.person.given_name != ANONYMISED_NAME


def test_retention_period_is_per_organisation(org, other_org, lawyer, outsiders):
    other_lawyer = next(u for u in outsiders if u.username == "other-lawyer")
    org.retention_days = 30
    org.save(update_fields=["retention_days"])
    ours = open_case(lawyer)
    theirs = open_case(other_lawyer)
    _close(ours, days_ago=40)
    _close(theirs, days_ago=40)

    anonymise_expired_cases()

    assert Case.objects.get(pk=ours.pk).anonymised_at is not None
    assert Case.objects.get(pk=theirs.pk).anonymised_at is None


def test_person_detained_again_keeps_name_until_last_case_expires(org, lawyer):
    first = open_case(lawyer)
    second = open_case(lawyer, person=None)
    Case.objects.filter(pk=second.pk).update(person=first.person)
    _close(first, days_ago=org.retention_days + 1)

    anonymise_expired_cases()

    first.refresh_from_db()
    assert first.anonymised_at is not None
    assert first.person.given_name == "Gul Ahmad"
    assert first.detention.fir_number == ""
