"""Demo cases that show the three coverage verdicts (used by seed_demo; names are fictional).

Safe to run again: a case is skipped when its fictional detainee already exists.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from casework.models import Organisation
from casework.services import case_assign
from detainees.intake.services import IntakeRow, cases_open
from detainees.models import Person
from detainees.normalise import match_key
from detainees.services import detention_update
from documents.services import document_add, verification_record

User = get_user_model()

# (given, family, father, native names, arrest day, kind, printed expiry, issued, number,
#  verdict)
EXAMPLES = [
    # A smart card of the 2021-22 renewal, covered by the SAFRON notification of Jul 2024.
    ("Baryalai", "Zadran", "Sher Khan", ("بریالی", "زدران", "شیرخان"), date(2024, 10, 1),
     "por", date(2023, 6, 30), date(2021, 9, 20), "DM-0000001", "covered"),
    # Arrested after the Interior Ministry's order of 31 Jul 2025 ended PoR validity.
    ("Spogmai", "Durrani", "Gul Zaman", ("سپوږمۍ", "درانی", "گل زمان"), date(2025, 8, 5),
     "por", date(2023, 6, 30), date(2021, 10, 4), "DM-0000002", "not_covered"),
    # ACC holders' stay periods before Oct 2023 are not verified: unknown.
    ("Torialai", "Mangal", "Abdul Bari", ("توریالی", "منگل", "عبدالباری"), date(2022, 5, 10),
     "acc", None, None, "DM-ACC-0003", "unknown"),
]  # fmt: skip


@transaction.atomic
def seed_coverage_examples(organisation: Organisation, *, opener, supervisor, lawyer) -> int:
    zone = ZoneInfo(organisation.time_zone)
    made = 0
    for given, family, father, native, day, kind, expiry, issued, number, _verdict in EXAMPLES:
        key = match_key(given, family, father)
        if Person.objects.filter(organisation=organisation, match_key=key).exists():
            continue
        arrested_at = datetime(day.year, day.month, day.day, 10, 30, tzinfo=zone)
        (case,) = cases_open(
            membership=opener.membership,
            rows=[IntakeRow(person_fields={
                "given_name": given, "family_name": family, "father_name": father,
                "given_name_native": native[0], "family_name_native": native[1],
                "father_name_native": native[2], "gender": "male",
            },
            detention_fields={
                "arrested_at": arrested_at,
                "custody_location": "Central Jail Adiala, Rawalpindi",
                "police_station": "Police Station Tarnol, Islamabad",
                "fir_number": f"{100 + made}/{day.year}",
                "sections_charged": "s.14 Foreigners Act 1946",
            })],
        )  # fmt: skip
        detention_update(
            case=case, fields={"produced_at": arrested_at + timedelta(hours=20)}, by=opener
        )
        case_assign(case=case, lead_lawyer=lawyer, team=[opener], by=supervisor.membership)
        document = document_add(
            case=case,
            fields={
                "kind": kind,
                "number": number,
                "expires_on": expiry,
                "issued_on": issued,
                "original_seen": True,
            },  # fmt: skip
            by=opener,
        )
        verification_record(
            case=case, document=document, method="original", result="genuine",
            notes="Original card inspected at the jail.", by=opener,
        )  # fmt: skip
        made += 1
    return made
