"""Sign-in events go to the audit trail, including those of people who are not members."""

from typing import Any

from casework.audit import log_action
from casework.models import Membership


def organisation_of(user):
    if user is None or not getattr(user, "pk", None):
        return None
    try:
        return user.membership.organisation
    except Membership.DoesNotExist:
        return None


def record(verb: str, *, actor, organisation, obj=None, data: dict[str, Any]) -> None:
    # Unknown usernames belong to no organisation: their events go to the chain of none.
    log_action(verb, organisation=organisation, actor=actor, obj=obj, data=data)
