"""Helpers for incident and bulk-intake tests. Every name here is fictional."""

from datetime import timedelta

from django.utils import timezone

from detainees.incidents.services import incident_create
from detainees.intake.services import IntakeRow, cases_open, person_fields_from

NAMES = [
    ("Abdul Wahid", "Gul Zaman"), ("Noor Agha", "Sayed Karim"), ("Hamidullah", "Khan Agha"),
    ("Zabihullah", "Mohammad Rafiq"), ("Shir Khan", "Baz Mohammad"), ("Faridun", "Aziz Gul"),
]  # fmt: skip


def record_incident(user, **fields):
    return incident_create(
        created_by=user,
        fields={
            "occurred_at": timezone.now() - timedelta(hours=5),
            "place": "Afghan Basti, Tarnol",
            "agency": "police",
            "reported_by": "Community elder (fictional), via a neighbour",
            "estimated_detained": 30,
            **fields,
        },
    )


def shared_arrest(**fields):
    return {
        "arrested_at": timezone.now() - timedelta(hours=5),
        "custody_location": "Lock-up, Police Station Tarnol, Islamabad",
        "police_station": "Police Station Tarnol",
        **fields,
    }


def rows_for(count: int, *, start: int = 0, documents: bool = False) -> list[IntakeRow]:
    """``count`` fictional detainees, with fictional PoR numbers if ``documents``."""
    rows = []
    for n in range(start, start + count):
        name, father = NAMES[n % len(NAMES)]
        rows.append(
            IntakeRow(
                person_fields=person_fields_from(name=f"{name} {n}", father_name=father),
                document_kind="por" if documents else "",
                document_number=f"TEST-{n:07d}" if documents else "",
            )
        )
    return rows


def intake(user, incident, count: int, **kwargs):
    rows = rows_for(count, **kwargs)
    # Tests log the same made-up names again and again: confirmed as different people.
    return cases_open(
        incident=incident, membership=user.membership, detention_fields=shared_arrest(),
        rows=rows, confirmed=range(len(rows)),
    )  # fmt: skip
