"""Writes for incidents (raids). Their detainees are logged by ``detainees.intake``."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case, Membership
from detainees.models import Incident

INCIDENT_FIELDS = (
    "occurred_at", "place", "place_kind", "agency", "reported_by", "estimated_detained",
    "notes",
)  # fmt: skip


def _organisation_of(user):
    try:
        return user.membership.organisation
    except Membership.DoesNotExist:
        raise ValidationError(gettext("This account does not belong to an organisation.")) from None


def _validate(incident: Incident) -> None:
    if incident.occurred_at and incident.occurred_at > timezone.now():
        raise ValidationError({"occurred_at": gettext("The raid cannot be in the future.")})
    incident.full_clean(exclude=["organisation", "created_by"])


def _apply(incident: Incident, fields: dict[str, Any]) -> list[str]:
    unknown = set(fields) - set(INCIDENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(incident, name) != value]
    for name in changed:
        setattr(incident, name, fields[name])
    return changed


@transaction.atomic
def incident_create(*, created_by, fields: dict[str, Any]) -> Incident:
    organisation = _organisation_of(created_by)
    incident = Incident(organisation=organisation, created_by=created_by)
    _apply(incident, fields)
    _validate(incident)
    incident.save()
    log_action(
        "incident.created", organisation=organisation, actor=created_by, obj=incident,
        # Not the place: a raid's place locates a community, and the trail outlives retention.
        data={"occurred_at": incident.occurred_at.isoformat()},
    )  # fmt: skip
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, fields: dict[str, Any], by) -> list[str]:
    changed = _apply(incident, fields)
    if not changed:
        return []
    _validate(incident)
    incident.save(update_fields=changed)
    log_action(
        "incident.updated", organisation=incident.organisation, actor=by, obj=incident,
        data={"summary": f"changed {', '.join(changed)}", "fields": changed},
    )  # fmt: skip
    return changed


@transaction.atomic
def incident_link_case(*, incident: Incident, case: Case, by) -> None:
    """Link a case logged on its own (say, before the raid was recorded) to the raid."""
    if case.organisation_id != incident.organisation_id:
        raise ValidationError(gettext("This case belongs to another organisation."))
    detention = case.detention
    if detention.incident_id == incident.pk:
        return
    if detention.incident_id is not None:
        raise ValidationError(
            gettext("%(reference)s is already linked to another incident.")
            % {"reference": case.reference}
        )
    detention.incident = incident
    detention.save(update_fields=["incident"])
    log_action(
        "detention.incident_linked", organisation=case.organisation, actor=by, case=case,
        obj=detention,
        data={"incident": incident.pk, "occurred_at": incident.occurred_at.isoformat()},
    )  # fmt: skip
