"""Demo incidents (raids) with their detainees logged by bulk intake. Fictional throughout.

Idempotent: an incident is found by its place, and its detainees are logged only while it
has no linked case.
"""

from datetime import timedelta

from django.utils import timezone

from casework.models import Organisation
from detainees.incidents.services import incident_create
from detainees.intake.services import IntakeRow, cases_open, person_fields_from
from detainees.models import Incident

RAIDS = [
    {
        "hours_ago": 9,
        "place": "Afghan Basti, sector I-11, Islamabad",
        "place_kind": "home",
        "agency": "police",
        "reported_by": "Community volunteer (fictional), through the neighbourhood group",
        "estimated_detained": 14,
        "custody_location": "Lock-up, Police Station Shahzad Town, Islamabad",
        "police_station": "Police Station Shahzad Town, Islamabad",
        "detainees": [
            ("Ajmal Durrani", "Sayed Rasul", "por", "DEMO-POR-000101"),
            ("Wali Popalzai", "Amir Jan", "acc", "DEMO-ACC-000102"),
            ("Khadija Barakzai", "Faiz Mohammad", "", ""),
            ("عبدالصمد", "غلام حیدر", "", ""),
            ("Yama Alkozai", "Mohammad Zahir", "unhcr_asylum", "DEMO-UN-000105"),
        ],
        "by": "lawyer",
    },
    {
        "hours_ago": 30,
        "place": "Fruit market, Pirwadhai, Rawalpindi",
        "place_kind": "market",
        "agency": "fia",
        "reported_by": "Shopkeeper (fictional), by phone to the office",
        "estimated_detained": 6,
        "custody_location": "FIA lock-up, Rawalpindi",
        "police_station": "Police Station Pirwadhai, Rawalpindi",
        "detainees": [
            ("Taj Mohammad Nuristani", "Abdul Qayum", "por", "DEMO-POR-000201"),
            ("Sultan Zazai", "Mir Ahmad", "", ""),
            ("Rangina Mangal", "Juma Khan", "", ""),
        ],
        "by": "paralegal",
    },
]


def seed_incidents(organisation: Organisation, *, staff: dict) -> int:
    """Create the demo raids of ``organisation``; ``staff`` maps "lawyer"/"paralegal" to users.
    Returns how many cases were opened."""
    now = timezone.now().replace(second=0, microsecond=0)
    opened = 0
    for raid in RAIDS:
        user = staff[raid["by"]]
        arrested_at = now - timedelta(hours=raid["hours_ago"])
        incident = Incident.objects.filter(organisation=organisation, place=raid["place"]).first()
        if incident is None:
            incident = incident_create(
                created_by=user,
                fields={
                    "occurred_at": arrested_at,
                    "place": raid["place"],
                    "place_kind": raid["place_kind"],
                    "agency": raid["agency"],
                    "reported_by": raid["reported_by"],
                    "estimated_detained": raid["estimated_detained"],
                },
            )
        if incident.detentions.exists():
            continue
        rows = [
            IntakeRow(
                person_fields=person_fields_from(name=name, father_name=father),
                document_kind=kind,
                document_number=number,
            )
            for name, father, kind, number in raid["detainees"]
        ]
        cases = cases_open(
            incident=incident,
            membership=user.membership,
            detention_fields={
                "arrested_at": incident.occurred_at,
                "arrest_place": raid["place"],
                "arrest_place_kind": raid["place_kind"],
                "arresting_agency": raid["agency"],
                "custody_location": raid["custody_location"],
                "police_station": raid["police_station"],
                "sections_charged": "s.14 Foreigners Act 1946",
            },
            rows=rows,
        )
        opened += len(cases)
    return opened
