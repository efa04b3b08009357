"""Writes for persons and detentions. Case-level services call these inside their transaction."""

import zoneinfo
from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case, Organisation
from detainees.alerts import child_held_alert_on_commit
from detainees.children import person_refresh_minor
from detainees.custody import OUTCOMES_OF_MOVE, detention_custody_refresh
from detainees.models import REMAND_KINDS, ArrestTime, CustodyChange, Detention, Person
from detainees.names import NAME_KEY_FIELDS, person_refresh_name_keys
from detainees.normalise import match_key
from detainees.outcomes import case_lock, outcome_add, outcome_for_move
from documents.case_coverage import case_coverage_refresh

PERSON_FIELDS = (
    "given_name", "family_name", "given_name_native", "family_name_native",
    "father_name", "father_name_native", "gender", "date_of_birth", "estimated_age",
    "province_of_origin", "district_of_origin", "languages", "phone", "family_contact",
    "address_in_pakistan", "year_of_arrival", "family_in_pakistan", "illness",
    "husband_name", "husband_name_native", "age_approximate",
)  # fmt: skip
# Nobody held is older than this; an age above it is a typing slip (a year, a phone digit).
OLDEST_AGE = 110
DETENTION_FIELDS = (
    "arrested_at", "arrest_time", "arrest_place", "arrest_place_kind", "arresting_agency",
    "police_station", "fir_number", "fir_date", "sections_charged", "custody_location",
    "produced_at",
)  # fmt: skip


def _apply(instance, fields: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _validate_person(person: Person) -> None:
    errors = {}
    if not (person.given_name or person.given_name_native):
        errors["given_name"] = gettext("Enter the detainee's name in either script.")
    if not (person.father_name or person.father_name_native):
        errors["father_name"] = gettext("Enter the father's name in either script.")
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        errors["date_of_birth"] = gettext("The date of birth cannot be in the future.")
    if person.estimated_age is not None and person.estimated_age > OLDEST_AGE:
        errors["estimated_age"] = gettext(
            "Enter the age in years (at most %(oldest)s), or leave it empty."
        ) % {"oldest": OLDEST_AGE}
    if errors:
        raise ValidationError(errors)
    person.full_clean(exclude=["organisation"])


def _refresh_match_keys(person: Person) -> None:
    person_refresh_name_keys(person)
    person.match_key = match_key(person.given_name, person.family_name, person.father_name)
    person.match_key_native = match_key(
        person.given_name_native, person.family_name_native, person.father_name_native
    )


def person_build(*, organisation: Organisation, fields: dict[str, Any]) -> Person:
    """A validated, unsaved person (bulk intake saves many at once)."""
    person = Person(organisation=organisation)
    _apply(person, fields, PERSON_FIELDS)
    _validate_person(person)
    _refresh_match_keys(person)
    return person


def _earliest_possible_arrest(detention: Detention) -> None:
    """With only the date known, the arrest counts from that day's first minute in the
    organisation's time zone: the clock then never runs behind the truth."""
    if detention.arrest_time != ArrestTime.UNKNOWN or detention.arrested_at is None:
        return
    zone = zoneinfo.ZoneInfo(detention.organisation.time_zone)
    day = detention.arrested_at.astimezone(zone).date()
    detention.arrested_at = datetime.combine(day, time.min, tzinfo=zone)


def _validate_detention(detention: Detention, now=None) -> None:
    now = now or timezone.now()
    _earliest_possible_arrest(detention)
    errors = {}
    if detention.arrested_at and detention.arrested_at > now:
        errors["arrested_at"] = gettext("The arrest cannot be in the future.")
    if (
        detention.produced_at
        and detention.arrested_at
        and detention.produced_at < detention.arrested_at
    ):
        errors["produced_at"] = gettext("Production before a magistrate cannot precede the arrest.")
    if errors:
        raise ValidationError(errors)
    detention.full_clean(exclude=["organisation", "person"])


def detention_build(
    *, organisation: Organisation, person: Person, fields: dict[str, Any]
) -> Detention:
    detention = Detention(organisation=organisation, person=person)
    _apply(detention, fields, DETENTION_FIELDS)
    _validate_detention(detention)
    return detention


@transaction.atomic
def person_update(*, case: Case, fields: dict[str, Any], by) -> list[str]:
    person = case.person
    changed = _apply(person, fields, PERSON_FIELDS)
    if not changed:
        return []
    _validate_person(person)
    _refresh_match_keys(person)
    became_child = person_refresh_minor(person, case.detention) and person.minor
    person.save(
        update_fields=[*changed, "match_key", "match_key_native", "minor", *NAME_KEY_FIELDS]
    )
    if became_child:
        child_held_alert_on_commit([case])
    log_action(
        "person.updated",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=person,
        data={"fields": changed},
    )
    return changed


@transaction.atomic
def detention_update(*, case: Case, fields: dict[str, Any], by) -> list[str]:
    case_lock(case)
    detention = case.detention
    arrested_at = detention.arrested_at
    changed = _apply(detention, fields, DETENTION_FIELDS)
    if not changed:
        return []
    _validate_detention(detention)
    if detention.arrested_at != arrested_at and "arrested_at" not in changed:
        changed.append("arrested_at")  # moved to the earliest possible time of the day
    detention.save(update_fields=changed)
    if {"produced_at", "arrested_at"} & set(changed):
        # A production typed here is one record among the remands and hearings.
        detention_custody_refresh(case=case)
    if "arrested_at" in changed and person_refresh_minor(case.person, detention):
        case.person.save(update_fields=["minor"])
    if "arrested_at" in changed:
        # The papers are judged on the day of arrest.
        case_coverage_refresh(organisation=case.organisation, cases=Case.objects.filter(pk=case.pk))
    log_action(
        "detention.updated",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=detention,
        data={"fields": changed},
    )
    return changed


def _validate_custody_change(change: CustodyChange, detention: Detention, now) -> None:
    errors = {}
    if change.occurred_at > now:
        errors["occurred_at"] = gettext("A move in custody cannot be in the future.")
    elif change.occurred_at < detention.arrested_at:
        errors["occurred_at"] = gettext("A move in custody cannot precede the arrest.")
    if change.kind in REMAND_KINDS:
        if change.order_date is None:
            errors["order_date"] = gettext("Give the date of the remand order.")
        if not change.remand_days:
            errors["remand_days"] = gettext("Give the number of days the magistrate remanded for.")
    if errors:
        raise ValidationError(errors)
    change.full_clean(exclude=["organisation", "detention", "recorded_by"])


@transaction.atomic
def custody_change_record(
    *,
    case: Case,
    kind: str,
    occurred_at,
    by,
    place: str = "",
    source: str = "",
    order_date=None,
    remand_days: int | None = None,
    outcome: str = "",
) -> CustodyChange:
    """Record where the detainee was moved; custody follows from the records.

    A remand rests on a magistrate's order, so it also records that the detainee was
    produced (the 24-hour clock stops there). A release or a deportation that is now the
    latest move also records the outcome it was (``outcome``, or the one it can only be:
    ``outcome_for_move``), so the case closes or stays before the court and goes to the
    supervisors' review, as when the outcome is recorded first.
    """
    case = case_lock(case)
    detention = Detention.objects.select_for_update(no_key=True).get(pk=case.detention_id)
    change = CustodyChange(
        organisation_id=case.organisation_id,
        detention=detention,
        kind=kind,
        occurred_at=occurred_at,
        place=place.strip(),
        source=source.strip(),
        order_date=order_date if kind in REMAND_KINDS else None,
        remand_days=remand_days if kind in REMAND_KINDS else None,
        recorded_by=by,
    )
    _validate_custody_change(change, detention, timezone.now())
    latest = not detention.custody_changes.filter(occurred_at__gt=occurred_at).exists()
    ending = (
        outcome_for_move(case, kind=kind, outcome=outcome)
        if latest and (kind in OUTCOMES_OF_MOVE)
        else None
    )
    change.save()
    if latest and change.place:
        detention.custody_location = change.place
        detention.save(update_fields=["custody_location"])
    if ending:
        outcome_add(case=case, outcome=ending, occurred_at=occurred_at, source=change.source, by=by)
    changed = detention_custody_refresh(case=case)
    log_action(
        "custody.changed",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=change,
        data={
            "kind": kind,
            "occurred_at": occurred_at.isoformat(),
            "current": latest,
            "changed": changed,
        },
    )
    return change
