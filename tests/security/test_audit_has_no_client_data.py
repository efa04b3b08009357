"""The audit trail is append-only and outlives retention: it must hold no client data.

One case goes through intake, documents, hearings, outcomes, a raid, risk screening,
referrals, petitions and export, with distinctive (fictional) names, numbers and notes;
no event's data may then contain any of them. Every name and number here is invented.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.export import case_export
from casework.models import Event
from casework.services import case_assign
from detainees.hearings.services import (
    hearing_cancel,
    hearing_record_result,
    hearing_schedule,
    hearing_update,
)
from detainees.incidents.services import incident_create, incident_link_case, incident_update
from detainees.intake.services import IntakeRow, cases_open, person_fields_from
from detainees.models import Court
from detainees.outcomes import outcome_record, outcome_review
from detainees.risk.services import referral_save, risk_screening_reveal, risk_screening_save
from detainees.services import custody_change_record, detention_update, person_update
from documents.models import FilePurpose
from documents.petitions import services as petitions
from documents.services import (
    document_add,
    document_attach_scans,
    document_update,
    stored_file_create,
    verification_record,
)
from documents.uploads import accept_upload
from tests.documents.petition_helpers import template, two_page_pdf
from tests.documents.samples import png_bytes, upload
from tests.factories import open_case

# Each is distinctive enough that finding it anywhere in an event can only be a leak.
GIVEN, FAMILY, FATHER = "Palwashtu", "Karezgulzai", "Nangyalai Zirakwal"
GIVEN_NATIVE = "پلوشتو"
PHONE, NEW_PHONE = "+92 300 5550173", "0345 5550199"
FAMILY_CONTACT = "Uncle Tormalangzai on 0333 5550142"
ADDRESS = "House 77, Street Qaderabad-9, Zirakabad colony"
FIR, NEW_FIR = "FIR-8847/2026", "FIR-8848/2026"
ARREST_PLACE = "Zirakabad fruit market"
DOCUMENT_NUMBER, NEW_DOCUMENT_NUMBER = "PK-9911-QX-0475", "PK-9911-QX-0476"
NAME_AS_PRINTED = "PALWASHTU KAREZGULZAI"
VERIFICATION_NOTES = "Hotline clerk Spinghar-Qx confirmed the card"
JUDGE, NEW_JUDGE = "Mr Justice Gulbaharzai", "Ms Justice Sapeedarzai"
RESULT = "Bail granted on the surety of Haji Qaderzai-Qx"
OUTCOME_SOURCE = "Order sheet seen by Advocate Zmaraywal"
REVIEW_COMMENT = "Appeal for the Karezgulzai family tomorrow"
RAID_PLACE, NEW_RAID_PLACE = "Afghan Basti Zirakabad", "Katchi Abadi Qaderabad"
CUSTODY_PLACE, CUSTODY_SOURCE = "Holding cell Zirakabad-Qx", "Munshi Spinzarakai by phone"
REPORTED_BY = "Elder Malangyar via a neighbour"
ETHNICITY, RELIGION, SOGI = "Hazarawal-Qx", "Ismailiwal-Qx", "Nonbinarywal-Qx"
AFFILIATIONS = "Interpreter for the Qx provincial reconstruction team"
RISK_NOTES = "Brother Zalmaywal threatened at Torkham"
THEIR_REFERENCE = "UNHCR-REF-QX-5521"
FACTS = "Palwashtu was seized at the Zirakabad market while buying bread"
GROUNDS = "The Karezgulzai card was valid on the day of arrest"
RETURN_COMMENT = "Spell Palwashtu as on the card, and name Nangyalai"
FAILURE = "Scan of Karezgulzai's card is missing on disk"
FILE_NAME = "karezgulzai-por-card.png"
BULK_NAME, BULK_FATHER = "Shahwalizai", "Bakhtmirzai"
BULK_DOCUMENT = "PK-5511-QX-2290"

CLIENT_DATA = [
    GIVEN, FAMILY, FATHER, GIVEN_NATIVE, PHONE, NEW_PHONE, FAMILY_CONTACT, ADDRESS, FIR,
    NEW_FIR, ARREST_PLACE, DOCUMENT_NUMBER, NEW_DOCUMENT_NUMBER, NAME_AS_PRINTED,
    VERIFICATION_NOTES, JUDGE, NEW_JUDGE, RESULT, OUTCOME_SOURCE, REVIEW_COMMENT, RAID_PLACE,
    NEW_RAID_PLACE, REPORTED_BY, ETHNICITY, RELIGION, SOGI, AFFILIATIONS, RISK_NOTES,
    THEIR_REFERENCE, FACTS, GROUNDS, RETURN_COMMENT, FAILURE, FILE_NAME, BULK_NAME,
    BULK_FATHER, BULK_DOCUMENT, CUSTODY_PLACE, CUSTODY_SOURCE,
    # Normalised forms are as identifying as the typed ones.
    "PK9911QX0475", "PK9911QX0476", "PK5511QX2290", "karezgulzai", "zirakabad",
]  # fmt: skip


def _scan(name: str = FILE_NAME):
    return accept_upload(upload(name, png_bytes(size=(300, 200))))


def _intake_and_raid(lawyer):
    now = timezone.now()
    case = open_case(
        lawyer,
        hours_ago=30,
        person={
            "given_name": GIVEN, "family_name": FAMILY, "father_name": FATHER,
            "given_name_native": GIVEN_NATIVE, "phone": PHONE,
            "family_contact": FAMILY_CONTACT, "address_in_pakistan": ADDRESS,
        },
        detention={"fir_number": FIR, "arrest_place": ARREST_PLACE},
    )  # fmt: skip
    person_update(case=case, fields={"phone": NEW_PHONE}, by=lawyer)
    detention_update(case=case, fields={"fir_number": NEW_FIR}, by=lawyer)
    custody_change_record(
        case=case, kind="police_lockup", occurred_at=now - timedelta(hours=1), by=lawyer,
        place=CUSTODY_PLACE, source=CUSTODY_SOURCE,
    )  # fmt: skip
    incident = incident_create(
        created_by=lawyer,
        fields={
            "occurred_at": now - timedelta(hours=31), "place": RAID_PLACE, "agency": "police",
            "reported_by": REPORTED_BY, "estimated_detained": 12,
        },
    )  # fmt: skip
    incident_update(incident=incident, fields={"place": NEW_RAID_PLACE}, by=lawyer)
    incident_link_case(incident=incident, case=case, by=lawyer)
    row = IntakeRow(
        person_fields=person_fields_from(name=BULK_NAME, father_name=BULK_FATHER),
        document_kind="por", document_number=BULK_DOCUMENT,
    )  # fmt: skip
    cases_open(
        incident=incident, membership=lawyer.membership, rows=[row],
        detention_fields={
            "arrested_at": now - timedelta(hours=5), "police_station": "Police Station Tarnol",
            "custody_location": "Lock-up, Police Station Tarnol", "fir_number": FIR,
        },
    )  # fmt: skip
    return case


def _documents(case, lawyer):
    document = document_add(
        case=case, by=lawyer, scans=[_scan()],
        fields={"kind": "por", "number": DOCUMENT_NUMBER, "name_as_printed": NAME_AS_PRINTED},
    )  # fmt: skip
    document_update(case=case, document=document, fields={"number": NEW_DOCUMENT_NUMBER}, by=lawyer)
    document_attach_scans(case=case, document=document, uploads=[_scan()], by=lawyer)
    verification_record(
        case=case, document=document, method="unhcr", result="genuine",
        notes=VERIFICATION_NOTES, by=lawyer,
    )  # fmt: skip


def _hearings_and_outcomes(case, lawyer, supervisor):
    court = Court.objects.filter(is_active=True).order_by("pk").first()
    starts_at = case.detention.arrested_at + timedelta(hours=20)
    hearing = hearing_schedule(
        case=case, court=court, starts_at=starts_at, purpose="bail", judge=JUDGE,
        attending=[lawyer], by=lawyer,
    )  # fmt: skip
    hearing_update(
        hearing=hearing, court=court, starts_at=starts_at, purpose="bail", judge=NEW_JUDGE,
        attending=[lawyer], by=lawyer,
    )  # fmt: skip
    mistaken = hearing_schedule(
        case=case, court=court, starts_at=starts_at, purpose="remand", judge=JUDGE, by=lawyer
    )
    hearing_cancel(hearing=mistaken, reason="duplicate", by=lawyer)
    hearing_record_result(
        hearing=hearing, result=RESULT, order=_scan("order.png"), by=lawyer,
        next_date=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    outcome = outcome_record(
        case=case, outcome="bail_magistrate", occurred_at=starts_at, hearing=hearing,
        source=OUTCOME_SOURCE, by=lawyer,
    )  # fmt: skip
    outcome_review(outcome=outcome, comment=REVIEW_COMMENT, by=supervisor)


def _risk(case, lawyer):
    risk_screening_save(
        case=case, by=lawyer,
        fields={
            "level": "medium", "groups": ["minority"], "ethnicity": ETHNICITY,
            "religion": RELIGION, "sogi": "", "affiliations": "", "notes": RISK_NOTES,
        },
    )  # fmt: skip
    risk_screening_save(
        case=case, by=lawyer,
        fields={
            "level": "high", "groups": ["minority", "lgbtqi", "foreign_links"],
            "ethnicity": ETHNICITY, "religion": RELIGION, "sogi": SOGI,
            "affiliations": AFFILIATIONS, "notes": RISK_NOTES,
        },
    )  # fmt: skip
    risk_screening_reveal(case=case, by=lawyer)
    referral = referral_save(
        case=case, by=lawyer,
        fields={"body": "unhcr", "status": "sent", "referred_on": timezone.localdate(),
                "their_reference": THEIR_REFERENCE},
    )  # fmt: skip
    referral_save(
        case=case, referral=referral, by=lawyer,
        fields={"body": "unhcr", "status": "acknowledged", "referred_on": timezone.localdate(),
                "status_on": timezone.localdate(),
                "their_reference": THEIR_REFERENCE + "-B"},
    )  # fmt: skip


def _petitions(case, lawyer, paralegal, supervisor):
    annexure = stored_file_create(
        case=case, upload=accept_upload(upload(FILE_NAME.replace(".png", ".pdf"), two_page_pdf())),
        purpose=FilePurpose.ANNEXURE, by=paralegal,
    )  # fmt: skip
    petition = petitions.petition_create(case=case, template=template("bail-497"), by=paralegal)
    petitions.petition_update(
        petition=petition, by=paralegal, court="Court of the Judicial Magistrate",
        facts=FACTS, grounds=GROUNDS, prayer_additions="",
        annexures=[(annexure.pk, f"Copy of the card of {GIVEN} {FAMILY}")],
    )  # fmt: skip
    petitions.petition_refresh_context(petition=petition, by=paralegal)
    petitions.petition_submit(petition=petition, by=paralegal)
    petitions.petition_return(petition=petition, by=supervisor, comment=RETURN_COMMENT)
    petitions.petition_submit(petition=petition, by=paralegal)
    petitions.petition_approve(petition=petition, by=supervisor)  # the render task waits on commit
    petition.refresh_from_db()
    petitions.petition_render_failed(
        petition_id=petition.pk, token=petition.render_token, reason=FAILURE
    )


@pytest.fixture
def busy_case(lawyer, paralegal, supervisor):
    """A case driven through every service that writes a case event."""
    case = _intake_and_raid(lawyer)
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    case.refresh_from_db()
    _documents(case, lawyer)
    _hearings_and_outcomes(case, lawyer, supervisor)
    _risk(case, lawyer)
    _petitions(case, lawyer, paralegal, supervisor)
    case_export(case=case, by=lawyer)
    return case


def test_no_audit_event_holds_a_clients_names_numbers_or_notes(busy_case):
    verbs = set(Event.objects.values_list("verb", flat=True))
    # The services really ran: a vacuous pass would hide a leak.
    assert {
        "case.opened", "person.updated", "detention.updated", "incident.created",
        "incident.updated", "detention.incident_linked", "incident.intake", "document.added",
        "document.updated", "document.scan_added", "document.verified", "file.uploaded",
        "hearing.scheduled", "hearing.updated", "hearing.cancelled", "hearing.result_recorded",
        "outcome.recorded", "outcome.reviewed", "risk.screened", "risk.updated", "risk.viewed",
        "referral.added", "referral.updated", "petition.drafted", "petition.edited",
        "petition.returned", "petition.approved", "petition.failed", "case.exported",
    } <= verbs  # fmt: skip
    leaks = []
    for event in Event.objects.order_by("id"):
        text = json.dumps(event.data, ensure_ascii=False).casefold()
        leaks += [(event.verb, s) for s in CLIENT_DATA if s.casefold() in text]
    assert leaks == []


def test_the_client_data_is_kept_where_retention_can_wipe_it(busy_case):
    """The other half of the bargain: what left the trail is still on its own row."""
    busy_case.refresh_from_db()
    assert busy_case.person.phone == NEW_PHONE
    assert busy_case.outcomes.get().review_comment == REVIEW_COMMENT
    assert busy_case.hearings.get().result == RESULT
    petition = busy_case.petitions.get()
    assert petition.failure_reason == FAILURE
    assert petition.facts == FACTS
    assert busy_case.detention.incident.place == NEW_RAID_PLACE


def test_the_timeline_still_says_what_happened_without_client_data(busy_case, login, lawyer):
    page = login(lawyer).get(reverse("casework:case-detail", args=[busy_case.reference]))
    timeline = page.content.decode().split('id="timeline-h"', 1)[1]
    for sentence in (
        "reviewed the outcome “Bail granted (magistrate)”, with a comment",
        "took a hearing off the agenda",
        "(Entered twice)",
        "linked the case to the raid of",
        "updated the risk screening (level now high; 3 confidential details changed)",
        "added a referral: UNHCR: sent",
        "returned with comments the petition",
        "could not prepare the PDF of the petition",
        "recorded a check of a document: unhcr confirmation, genuine",
    ):
        assert sentence in timeline.replace("&#x27;", "'")
    assert [s for s in CLIENT_DATA if s.casefold() in timeline.casefold()] == []
