"""Fictional sureties, a next friend, a client granted bail and still held, and UNHCR
verification requests for the demo organisation (called by ``seed_demo``).

Idempotent: an organisation with sureties or next friends recorded is left alone. Every
name, CNIC and address is invented. Everything goes through the services, so timelines,
the Today page and the agenda look as they would in use.
"""

from datetime import timedelta

from django.utils import timezone

from casework.models import Case
from detainees.bail.contacts import case_contact_save
from detainees.bail.release import release_order_record
from detainees.hearings.application_services import application_record
from detainees.models import CaseContact, Court, CourtLevel, CustodyStatus
from detainees.unhcr.services import unhcr_request_save

SURETIES = (
    {"name": "Sher Zaman Noorzai (fictional)", "relation": "son_of",
     "relation_name": "Taj Mohammad Noorzai", "relation_to_detainee": "maternal uncle",
     "cnic": "61101-0000001-1", "address": "House 7 (fictional), Street 21, G-9/3, Islamabad",
     "phone": "", "solvency": "Owner of a general store, Karachi Company market, G-9 (fictional)",
     "solvency_value": 1500000},
    {"name": "Nargis Bibi (fictional)", "relation": "wife_of",
     "relation_name": "Abdul Qayyum (fictional)", "relation_to_detainee": "neighbour",
     "cnic": "61101-0000002-2", "address": "House 11 (fictional), Street 3, I-10/2, Islamabad",
     "phone": "", "solvency": "Schoolteacher at a private school (fictional), Rs. 55,000 a month",
     "solvency_value": None},
)  # fmt: skip
NEXT_FRIEND = {
    "name": "Rahmatullah Safi (fictional)", "relation": "son_of",
    "relation_name": "Sher Mohammad (fictional)", "relation_to_detainee": "brother",
    "cnic": "61101-0000003-3", "address": "House 2 (fictional), Street 8, I-11/1, Islamabad",
    "phone": "",
}  # fmt: skip


def _candidates(organisation, now) -> list[Case]:
    return list(
        Case.objects.filter(
            organisation=organisation,
            lead_lawyer__isnull=False,
            detention__status=CustodyStatus.IN_CUSTODY,
            detention__arrested_at__lt=now - timedelta(days=5),
            applications__isnull=True,
            outcome="",
        )
        .select_related("detention", "lead_lawyer", "organisation")
        .order_by("reference")[:3]
    )


def seed_bail_follow_through(organisation) -> int:
    """Returns how many cases it touched; 0 when seeded before or nothing qualifies."""
    if CaseContact.objects.filter(organisation=organisation).exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    cases = _candidates(organisation, now)
    magistrate = (
        Court.objects.filter(level=CourtLevel.JUDICIAL_MAGISTRATE, is_active=True)
        .order_by("name")
        .first()
    )
    if len(cases) < 3 or magistrate is None:
        return 0
    granted, habeas, consented = cases
    # Bail granted two days ago with sureties; the order reached the jail; still held.
    lawyer = granted.lead_lawyer
    for surety in SURETIES:
        case_contact_save(case=granted, by=lawyer, role="surety", fields=surety)
    grant = application_record(
        case=granted, by=lawyer, kind="bail", court=magistrate, number="1187/2026 (fictional)",
        filed_on=today - timedelta(days=3), result="granted",
        order_on=today - timedelta(days=2), bond_amount=100000,
    )  # fmt: skip
    release_order_record(
        case=granted, by=lawyer, application=grant, delivered_at=now - timedelta(hours=30),
        delivered_to="Superintendent, District Jail (fictional)",
    )  # fmt: skip
    # A next friend for a habeas petition, and a UNHCR request unanswered for three weeks.
    lawyer = habeas.lead_lawyer
    case_contact_save(case=habeas, by=lawyer, role="next_friend", fields=NEXT_FRIEND)
    asked = today - timedelta(days=21)
    unhcr_request_save(case=habeas, by=lawyer, fields={
        "consent_given_by": "The client", "consent_on": asked, "consent_how": "signed",
        "sent_on": asked, "channel": "email",
    })  # fmt: skip
    # Consent recorded today: the UNHCR letter is offered, the request not yet sent.
    unhcr_request_save(case=consented, by=consented.lead_lawyer, fields={
        "consent_given_by": "The client", "consent_on": today, "consent_how": "thumb",
    })  # fmt: skip
    return len(cases)
