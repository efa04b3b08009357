"""The curated context a petition template sees: plain values only, never model instances.

A template (which administrators edit) can read exactly these keys; everything is a str,
int, bool, list or dict, so there is no method, related manager or queryset to reach.

    organisation.name, organisation.letterhead
    case.reference
    person.name, person.name_native, person.father_name, person.father_name_native,
        person.child_of ("son of" / "daughter of" / "child of"), person.gender,
        person.he / person.him / person.his ("she" / "her" / "her" for a woman),
        person.age, person.origin, person.languages, person.address,
        person.year_of_arrival
    detention.arrested_on ("12 March 2026"), detention.arrest_place, detention.agency,
        detention.police_station, detention.fir_number, detention.fir_date,
        detention.sections_charged, detention.custody_location, detention.produced_on,
        detention.hours_held (hours without production when still unproduced, else "")
    documents: list of {kind, kind_ur, number, expiry, name_as_printed, status
        ("covered" / "not covered" / "unknown"), covered (bool), valid_until, citation
        (decision or notification, its date and source), explanation, annexure (letter or "")}
    precedents: list of {name, citation, holding}
    today.long ("26 November 2026"), today.year
    -- added at render time, not snapshotted:
    court, advocate.name, sections.facts / sections.grounds / sections.prayer_additions
        (lists of paragraphs), annexures: list of {letter, title}
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from casework.models import Case
from documents.petitions.sources import documents_with_coverage

PRECEDENTS = [
    {
        "name": "Rahil Azizi v. The State",
        "citation": "Islamabad High Court, W.P. No. 1666 of 2023",
        "holding": "Article 31 of the Refugee Convention read into s.14 Foreigners Act; "
        "UNHCR-verified refugees not to be held like under-trial prisoners.",
    },
    {
        "name": "Aamir Aman v. Federation of Pakistan",
        "citation": "PLD 2020 Sindh 533",
        "holding": "",
    },
    {
        "name": "Hafiz Hamdullah Saboor v. Government of Pakistan",
        "citation": "PLD 2021 Islamabad 305",
        "holding": "Birthright citizenship under s.4 Citizenship Act 1951.",
    },
]


PRONOUNS = {
    "male": {"he": "he", "him": "him", "his": "his"},
    "female": {"he": "she", "him": "her", "his": "her"},
    "": {"he": "he/she", "him": "him/her", "his": "his/her"},
}


def _long(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _local_date(moment, zone: ZoneInfo) -> date | None:
    # Days as the organisation counts them, whatever zone the request or worker runs in.
    return timezone.localtime(moment, zone).date() if moment else None


def _person(person) -> dict:
    return {
        "name": person.display_name,
        "name_native": person.native_name,
        "father_name": person.display_father_name,
        "father_name_native": person.father_name_native,
        "child_of": person.child_of,
        # Pronouns for the wording: "he"/"she", falling back to "he/she" when not recorded.
        **PRONOUNS.get(person.gender, PRONOUNS[""]),
        "gender": person.gender,
        "age": person.estimated_age or "",
        "origin": ", ".join(p for p in (person.district_of_origin, person.province_of_origin) if p),
        "languages": person.languages,
        "address": " ".join(person.address_in_pakistan.split()),
        "year_of_arrival": person.year_of_arrival or "",
    }


def _detention(detention, now, zone: ZoneInfo) -> dict:
    hours = detention.hours_without_production(now)
    return {
        "arrested_on": _long(_local_date(detention.arrested_at, zone)),
        "arrest_place": detention.arrest_place,
        "agency": detention.get_arresting_agency_display() if detention.arresting_agency else "",
        "police_station": detention.police_station,
        "fir_number": detention.fir_number,
        "fir_date": _long(detention.fir_date),
        "sections_charged": detention.sections_charged,
        "custody_location": detention.custody_location,
        "produced_on": _long(_local_date(detention.produced_at, zone)),
        "hours_held": int(hours) if hours is not None else "",
    }


def petition_context(case: Case, *, now=None) -> dict:
    """The snapshot stored on a petition. ``case`` comes from ``case_for_user``."""
    now = now or timezone.now()
    zone = ZoneInfo(case.organisation.time_zone)
    today = timezone.localtime(now, zone).date()
    return {
        "organisation": {
            "name": case.organisation.name,
            "letterhead": case.organisation.letterhead,
        },
        "case": {"reference": case.reference},
        "person": _person(case.person),
        "detention": _detention(case.detention, now, zone),
        "documents": documents_with_coverage(case),
        "precedents": PRECEDENTS,
        "today": {"long": _long(today), "year": today.year},
    }


def paragraphs(text: str) -> list[str]:
    """Free text as the numbered paragraphs a petition is made of: split on blank lines."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]
