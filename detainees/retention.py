"""What retention wipes and keeps of a closed case's person, detention, hearings, outcomes,
referrals, raids and risk screening (casework/retention.py runs it)."""

from casework.registry import Anonymiser
from casework.retention import ANONYMISED_NAME

PERSON_WIPE = {
    "given_name": ANONYMISED_NAME, "family_name": "", "given_name_native": "",
    "family_name_native": "", "father_name": "", "father_name_native": "",
    "date_of_birth": None, "estimated_age": None, "district_of_origin": "", "languages": "",
    "phone": "", "family_contact": "", "address_in_pakistan": "", "match_key": "",
    "match_key_native": "", "family_in_pakistan": "", "illness": "",
    "husband_name": "", "husband_name_native": "", "spelling_key": "",
    "spelling_key_native": "", "search_keys": "",
}  # fmt: skip
DETENTION_WIPE = {"fir_number": "", "arrest_place": ""}
# Where and who said so; the kinds and dates of the moves stay for the analytics.
CUSTODY_WIPE = {"place": "", "source": ""}
INCIDENT_WIPE = {"place": ANONYMISED_NAME, "reported_by": "", "notes": ""}
# A surety's or next friend's identity goes; that the case had one (and how solvent) stays.
CONTACT_WIPE = {
    "name": ANONYMISED_NAME, "relation_name": "", "relation_to_detainee": "", "cnic": "",
    "address": "", "phone": "", "solvency": "",
}  # fmt: skip
UNHCR_REQUEST_WIPE = {"consent_given_by": "", "their_reference": "", "answer_note": ""}
RISK_WIPE = {
    "groups": "",
    "ethnicity": "",
    "religion": "",
    "sogi": "",
    "affiliations": "",
    "notes": "",
}


def _wipe(case, *, person_too: bool) -> None:
    from detainees.models import (
        Application,
        CaseContact,
        CaseOutcome,
        CustodyChange,
        Detention,
        Hearing,
        Person,
        Referral,
        RiskScreening,
        UnhcrRequest,
    )

    Hearing.objects.filter(case=case).update(result="")
    CaseOutcome.objects.filter(case=case).update(source="", review_comment="")
    Referral.objects.filter(case=case).update(their_reference="")
    # A court's application number finds the client in the cause lists.
    Application.objects.filter(case=case).update(number="", release_order_delivered_to="")
    CaseContact.objects.filter(case=case).update(**CONTACT_WIPE)
    UnhcrRequest.objects.filter(case=case).update(**UNHCR_REQUEST_WIPE)
    # Empty strings bypass encryption: there is nothing left to protect.
    RiskScreening.objects.filter(case=case).update(**RISK_WIPE)
    Detention.objects.filter(pk=case.detention_id).update(**DETENTION_WIPE)
    CustodyChange.objects.filter(detention_id=case.detention_id).update(**CUSTODY_WIPE)
    if person_too:
        Person.objects.filter(pk=case.person_id).update(**PERSON_WIPE)
    _wipe_incident(case)


def _wipe_incident(case) -> None:
    """A raid's reporter, place and notes go with the last of its cases to be anonymised:
    until then the other detainees' teams still need them."""
    from casework.models import Case
    from detainees.models import Incident

    incident_id = case.detention.incident_id
    if incident_id is None:
        return
    others = Case.objects.filter(detention__incident_id=incident_id, anonymised_at__isnull=True)
    if not others.exclude(pk=case.pk).exists():
        Incident.objects.filter(pk=incident_id).update(**INCIDENT_WIPE)


ANONYMISER = Anonymiser(
    name="detainees",
    wipe=_wipe,
    claims={
        "detainees.Person": set(PERSON_WIPE),
        "detainees.Detention": set(DETENTION_WIPE),
        "detainees.Hearing": {"result"},
        "detainees.CaseOutcome": {"source", "review_comment"},
        "detainees.Referral": {"their_reference"},
        "detainees.Application": {"number", "release_order_delivered_to"},
        "detainees.CaseContact": set(CONTACT_WIPE),
        "detainees.UnhcrRequest": set(UNHCR_REQUEST_WIPE),
        "detainees.RiskScreening": set(RISK_WIPE),
        "detainees.Incident": set(INCIDENT_WIPE),
        "detainees.CustodyChange": set(CUSTODY_WIPE),
    },
    keeps={
        "detainees.Person": {"province_of_origin"},
        "detainees.Detention": {"police_station", "custody_location", "sections_charged"},
        "detainees.Hearing": {"judge"},
    },
    order=20,
)

EXEMPT = {
    "detainees.Court": "public facts: courts and their seats",
    "detainees.CalendarFeed": "a staff member's feed token hash",
    "detainees.PoliceAuthority": "public facts: each province's police authority",
}
