"""Writes for the sureties, the next friend and the guardian of a case.

Audit events name the role and which fields changed, never a value: the trail outlives
retention and must not keep a relative's name or CNIC in clear.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case
from detainees.models import CaseContact, ContactRole, Relation

CONTACT_FIELDS = (
    "name", "relation", "relation_name", "relation_to_detainee", "cnic", "address", "phone",
    "solvency", "solvency_value",
)  # fmt: skip
CNIC_DIGITS = 13
# Roles a case has one of, and what to say when a second one is added.
ONE_PER_CASE = {
    ContactRole.NEXT_FRIEND: lambda: gettext(
        "A next friend is already recorded; correct that record."
    ),
    ContactRole.GUARDIAN: lambda: gettext("A guardian is already recorded; correct that record."),
}


def normalise_cnic(value: str) -> str:
    """ "3520212345671" or "35202-1234567-1" → "35202-1234567-1"; empty stays empty."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) != CNIC_DIGITS:
        raise ValidationError(
            {"cnic": gettext("A CNIC number has 13 digits, written like 35202-1234567-1.")}
        )
    return f"{digits[:5]}-{digits[5:12]}-{digits[12]}"


def _clean(role: str, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    cleaned = {
        name: " ".join(str(fields.get(name) or "").split())
        for name in CONTACT_FIELDS
        if name not in ("solvency", "solvency_value", "cnic")
    }
    cleaned["solvency"] = (fields.get("solvency") or "").strip()
    cleaned["solvency_value"] = fields.get("solvency_value")
    errors = {}
    if not cleaned["name"]:
        errors["name"] = gettext("Enter the name as it appears on the CNIC.")
    if cleaned["relation"] and cleaned["relation"] not in Relation.values:
        errors["relation"] = gettext("Choose s/o, d/o or w/o from the list.")
    if cleaned["relation"] and not cleaned["relation_name"]:
        errors["relation_name"] = gettext("Enter the father's or husband's name.")
    value = cleaned["solvency_value"]
    if value is not None and (not isinstance(value, int) or value < 0):
        errors["solvency_value"] = gettext("Enter the value in rupees, in figures.")
    if role == ContactRole.SURETY and value and not cleaned["solvency"]:
        errors["solvency"] = gettext(
            "Say what the value is of: the property and where it is, or the job."
        )
    try:
        cleaned["cnic"] = normalise_cnic(fields.get("cnic") or "")
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def case_contact_save(
    *,
    case: Case,
    by,
    role: str,
    fields: dict[str, Any],
    contact: CaseContact | None = None,
) -> CaseContact:
    """Record a surety or the next friend, or correct one. A case has one next friend."""
    if role not in ContactRole.values:
        raise ValidationError(
            gettext("Choose whether this is a surety, the next friend or the guardian.")
        )
    if contact is not None and (contact.case_id != case.pk or contact.role != role):
        raise ValidationError(
            gettext("That person is recorded on another case or in another role.")
        )
    cleaned = _clean(role, fields)
    if contact is None and role in ONE_PER_CASE:
        # The lock serialises two people adding a next friend (or a guardian) at once.
        Case.objects.select_for_update(no_key=True).filter(pk=case.pk).first()
        if case.contacts.filter(role=role).exists():
            raise ValidationError(ONE_PER_CASE[role]())
    created = contact is None
    contact = contact or CaseContact(
        organisation_id=case.organisation_id, case=case, role=role, created_by=by
    )
    changed = [name for name, value in cleaned.items() if getattr(contact, name) != value]
    if not created and not changed:
        return contact
    for name in changed:
        setattr(contact, name, cleaned[name])
    contact.save()
    log_action(
        "contact.added" if created else "contact.updated",
        organisation=case.organisation, actor=by, case=case, obj=contact,
        data={"role": role, "fields": [] if created else changed},
    )  # fmt: skip
    return contact


@transaction.atomic
def case_contact_remove(*, case: Case, by, contact: CaseContact) -> None:
    if contact.case_id != case.pk:
        raise ValidationError(gettext("That person is recorded on another case."))
    log_action(
        "contact.removed", organisation=case.organisation, actor=by, case=case, obj=contact,
        data={"role": contact.role},
    )  # fmt: skip
    contact.delete()
