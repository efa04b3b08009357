"""Four clients whose papers the coverage engine judges four ways, for the pleading tests.

Every name, number and place is fictional. Each case has an FIR, is in custody with no
production recorded (so habeas can lie as well as bail) and a bail application refused by
the magistrate (so bail after refusal is offered): every template can be drafted for each.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from casework.services import case_assign
from detainees.bail.contacts import case_contact_save
from detainees.hearings.application_services import application_record
from detainees.models import Court
from documents.models import (
    AdvocateProfile,
    IdentityDocument,
    Petition,
    PetitionTemplate,
    VerificationAttempt,
    VerificationMethod,
    VerificationResult,
)
from documents.petitions import services
from documents.petitions.context import petition_context
from documents.petitions.offers import why_not
from documents.petitions.selectors import latest_version
from documents.petitions.services import court_heading
from tests.documents.petition_helpers import ensure_seeded
from tests.factories import open_case

KARACHI = ZoneInfo("Asia/Karachi")
SITUATIONS = ("covered", "uncertain", "unknown", "not_covered")
FIR = "219/2024"
SECTIONS = "s.14(2) Foreigners Act 1946"


@dataclass(frozen=True)
class Situation:
    """What a situation's case is, and what its petitions must and must not say."""

    name: str
    gender: str
    arrested: date
    kind: str
    number: str
    expires_on: date | None
    district: str  # the court's district, as the English heading prints it
    district_ur: str
    month: str
    month_ur: str
    pleaded: bool  # the document may be pleaded as valid
    latin_name: bool = True


SITUATION = {
    # A PoR card on 15 Aug 2024: the confirmed SAFRON notification for 1 Jul 2024-30 Jun 2025.
    "covered": Situation(
        "covered", "male", date(2024, 8, 15), "por", "PK-7731-0042-X", date(2023, 6, 30),
        "Islamabad (East)", "اسلام آباد (شرقی)", "August", "اگست", pleaded=True,
    ),
    # 15 Mar 2024: only the April 2024 decision, whose start date is assumed, spans the day.
    "uncertain": Situation(
        "uncertain", "female", date(2024, 3, 15), "por", "PK-5510-0077-Q", date(2023, 6, 30),
        "Lahore", "لاہور", "March", "مارچ", pleaded=False,
    ),
    # A UNHCR certificate with no printed expiry: no rule decides it.
    "unknown": Situation(
        "unknown", "", date(2024, 9, 2), "unhcr_asylum", "UNHCR-ISB-24-00912", None,
        "Karachi South", "کراچی جنوبی", "September", "ستمبر", pleaded=False, latin_name=False,
    ),
    # 15 Aug 2025: after the Interior Ministry's end of PoR validity.
    "not_covered": Situation(
        "not_covered", "male", date(2025, 8, 15), "por", "PK-9902-0311-K", date(2023, 6, 30),
        "Peshawar", "پشاور", "August", "اگست", pleaded=False,
    ),
}  # fmt: skip

FATHER, FATHER_UR = "Nazar Gul", "نظر گل"
# The covered client's sureties and next friend (fictional people and numbers), and the bond
# the Sessions Court fixed when it granted bail after the magistrate's refusal.
SURETIES = (
    {"name": "Habib Noorzai", "relation": "son_of", "relation_name": "Wali Noorzai",
     "relation_to_detainee": "cousin", "cnic": "6110144556671",
     "address": "House 3, Street 9, G-9/2, Islamabad",
     "solvency": "owner of a shop in Sitara Market, G-7, Islamabad",
     "solvency_value": 800000},
    {"name": "Shazia Bibi", "relation": "wife_of", "relation_name": "Karim Khan",
     "relation_to_detainee": "neighbour", "cnic": "37405-7788990-2",
     "address": "House 40, Street 2, I-10/1, Islamabad",
     "solvency": "a teacher at a private school, earning Rs. 60,000 a month"},
)  # fmt: skip
NEXT_FRIEND = {
    "name": "Jawed Hotaki", "relation": "son_of", "relation_name": FATHER,
    "relation_to_detainee": "brother", "cnic": "61101-2233445-5",
    "address": "House 12, Street 4, Sector I-11, Islamabad",
}  # fmt: skip
BOND = 100000
NAME, NAME_UR = "Zarifa Hotaki", "ظریفہ هوتکی"


def make_case(situation: Situation, *, lawyer, paralegal, supervisor):
    ensure_seeded()
    person = {
        "given_name": NAME.split()[0] if situation.latin_name else "",
        "family_name": NAME.split()[1] if situation.latin_name else "",
        "given_name_native": NAME_UR.split()[0], "family_name_native": NAME_UR.split()[1],
        "father_name": FATHER if situation.latin_name else "", "father_name_native": FATHER_UR,
        "gender": situation.gender, "year_of_arrival": 2009,
        "address_in_pakistan": "House 12, Street 4, Sector I-11, Islamabad",
    }  # fmt: skip
    if situation.name == "covered":
        person |= {"family_in_pakistan": "wife and three children in Islamabad",
                   "illness": "diabetic, needs insulin"}  # fmt: skip
    case = open_case(
        lawyer,
        person=person,
        detention={
            "arrested_at": datetime.combine(situation.arrested, datetime.min.time(), KARACHI)
            .replace(hour=10),
            "fir_number": FIR, "fir_date": situation.arrested,
            "police_station": "Police Station Saddar", "sections_charged": SECTIONS,
            "custody_location": "District Jail",
        },
    )  # fmt: skip
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    case.refresh_from_db()
    document = IdentityDocument.objects.create(
        organisation=case.organisation, person=case.person, kind=situation.kind,
        number=situation.number, number_normalised=situation.number.replace("-", ""),
        expires_on=situation.expires_on,
        # A card of the 2021-22 renewal: the later extensions cover only cards it issued.
        issued_on=date(2021, 9, 20),
    )  # fmt: skip
    if situation.name == "covered":
        # UNHCR's own confirmation: the only case where Rahil Azizi may be cited.
        VerificationAttempt.objects.create(
            document=document, method=VerificationMethod.UNHCR,
            result=VerificationResult.GENUINE, checked_by=paralegal,
        )  # fmt: skip
    magistrate = Court.objects.get(name=f"Judicial Magistrate, {situation.district}")
    application_record(
        case=case, by=lawyer, kind="bail", court=magistrate, filed_on=situation.arrested,
        number="412/2024", result="refused", order_on=situation.arrested,
    )  # fmt: skip
    if situation.name == "covered":
        for surety in SURETIES:
            case_contact_save(case=case, by=lawyer, role="surety", fields=surety)
        case_contact_save(case=case, by=lawyer, role="next_friend", fields=NEXT_FRIEND)
        sessions = Court.objects.get(name=f"District and Sessions Court, {situation.district}")
        application_record(
            case=case, by=lawyer, kind="bail", court=sessions,
            filed_on=situation.arrested + timedelta(days=2), number="88/2024",
            result="granted", order_on=situation.arrested + timedelta(days=4), bond_amount=BOND,
        )  # fmt: skip
    AdvocateProfile.objects.update_or_create(
        user=lawyer,
        defaults={
            "enrolment_number": "ICTBC/4711", "bar_council": "Islamabad Bar Council",
            "office_address": "Office 7, Blue Area, Islamabad", "name_ur": "وکیل صاحب",
        },
    )  # fmt: skip
    return case


def forum_for(template: PetitionTemplate, situation: Situation) -> Court | None:
    level = template.default_level
    if not level:
        return None
    if level == "high_court":
        name = {
            "Islamabad (East)": "Islamabad High Court", "Lahore": "Lahore High Court",
            "Karachi South": "Sindh High Court", "Peshawar": "Peshawar High Court",
        }[situation.district]  # fmt: skip
        return Court.objects.get(name=name)
    prefix = (
        "Judicial Magistrate" if level == "judicial_magistrate" else "District and Sessions Court"
    )
    return Court.objects.get(name=f"{prefix}, {situation.district}")


def draft(case, template: PetitionTemplate, by, **fields):
    """A draft through the service; where the remedy is not offered for the case, the draft
    one made before the record changed (e.g. the timeline was corrected) would be."""
    forum = forum_for(template, fields.pop("situation"))
    if why_not(case, template.offered_when):
        petition = Petition.objects.create(
            organisation_id=case.organisation_id, case=case, version=latest_version(template),
            context=petition_context(case), court=court_heading(forum) if forum else "Court",
            forum=forum, drafted_by=by,
        )  # fmt: skip
    else:
        petition = services.petition_create(case=case, template=template, by=by, forum=forum)
    if fields:
        services.petition_update(
            petition=petition, by=by, court=petition.court, forum=forum,
            facts=fields.get("facts", ""), grounds=fields.get("grounds", ""),
            prayer_additions="",
        )  # fmt: skip
    return petition


def global_templates() -> list[PetitionTemplate]:
    ensure_seeded()
    return [
        t
        for t in PetitionTemplate.objects.filter(organisation=None).order_by("key", "language")
        if latest_version(t) is not None
    ]
