"""Sign-in events go to the audit trail, including those of people who are not members."""

import logging
from typing import Any

from casework.audit import log_action
from casework.models import Event, Membership

logger = logging.getLogger("panah.security")


def organisation_of(user):
    if user is None or not getattr(user, "pk", None):
        return None
    try:
        return user.membership.organisation
    except Membership.DoesNotExist:
        return None


def record(verb: str, *, actor, organisation, obj=None, data: dict[str, Any]) -> None:
    # Unknown usernames belong to no organisation; the audit table accepts that only once
    # events may lack an organisation, so until then the security log keeps them.
    if organisation is None and not Event._meta.get_field("organisation").null:
        logger.warning("%s %s", verb, data)
        return
    log_action(verb, organisation=organisation, actor=actor, obj=obj, data=data)
