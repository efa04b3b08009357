"""One call records what happened: ``log_action``. Services call it inside their transaction."""

from typing import Any

from django.db import models

from casework.models import Case, Event, Organisation


def log_action(
    verb: str,
    *,
    organisation: Organisation,
    actor,
    case: Case | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    return Event.objects.create(
        organisation=organisation,
        case=case,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
    )
