"""Children: under 18 on the day of arrest (Juvenile Justice System Act 2018, s.2).

The age comes from the date of birth, or else from the age given for the day of arrest;
either may be approximate. Whether the person was a child is written onto the person
(``Person.minor``) whenever the date of birth, the age or the arrest changes, so that
lists and queues filter on it without computing ages in SQL.
"""

import zoneinfo
from datetime import date

from django.utils import timezone

from detainees.models import Detention, Person

ADULT_AGE = 18


def years_between(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def arrest_day(detention: Detention) -> date:
    zone = zoneinfo.ZoneInfo(detention.organisation.time_zone)
    return timezone.localtime(detention.arrested_at, zone).date()


def age_at_arrest(person: Person, detention: Detention) -> int | None:
    if person.date_of_birth is not None:
        return years_between(person.date_of_birth, arrest_day(detention))
    return person.estimated_age


def minor_at_arrest(person: Person, detention: Detention) -> bool:
    age = age_at_arrest(person, detention)
    return age is not None and age < ADULT_AGE


def person_refresh_minor(person: Person, detention: Detention) -> bool:
    """Set ``person.minor`` from the records (unsaved); True when it changed."""
    minor = minor_at_arrest(person, detention)
    changed = person.minor != minor
    person.minor = minor
    return changed
