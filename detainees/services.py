"""Writes for persons and detentions. Case-level services call these inside their transaction."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casework.audit import log_action
from casework.models import Case, Organisation
from detainees.models import Detention, Person
from detainees.names import NAME_KEY_FIELDS, person_refresh_name_keys
from detainees.normalise import match_key

PERSON_FIELDS = (
    "given_name", "family_name", "given_name_native", "family_name_native",
    "father_name", "father_name_native", "gender", "date_of_birth", "estimated_age",
    "province_of_origin", "district_of_origin", "languages", "phone", "family_contact",
    "address_in_pakistan", "year_of_arrival",
)  # fmt: skip
DETENTION_FIELDS = (
    "arrested_at", "arrest_place", "arrest_place_kind", "arresting_agency", "police_station",
    "fir_number", "fir_date", "sections_charged", "custody_location", "produced_at",
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
        errors["given_name"] = "Enter the detainee's name in either script."
    if not (person.father_name or person.father_name_native):
        errors["father_name"] = "Enter the father's name in either script."
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


def _validate_detention(detention: Detention, now=None) -> None:
    now = now or timezone.now()
    errors = {}
    if detention.arrested_at and detention.arrested_at > now:
        errors["arrested_at"] = "The arrest cannot be in the future."
    if (
        detention.produced_at
        and detention.arrested_at
        and detention.produced_at < detention.arrested_at
    ):
        errors["produced_at"] = "Production before a magistrate cannot precede the arrest."
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
    person.save(update_fields=[*changed, "match_key", "match_key_native", *NAME_KEY_FIELDS])
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
    detention = case.detention
    changed = _apply(detention, fields, DETENTION_FIELDS)
    if not changed:
        return []
    _validate_detention(detention)
    detention.save(update_fields=changed)
    log_action(
        "detention.updated",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=detention,
        data={"fields": changed},
    )
    return changed
