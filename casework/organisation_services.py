"""An organisation's own settings, changed by its admins: retention period, time zone and
letterhead. A shorter retention period destroys data (``casework/retention.py``
anonymises closed cases once it has passed), so it is bounded and, when it would catch
closed cases at once, must be confirmed."""

import zoneinfo
from datetime import timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from casework import registry
from casework.audit import log_action
from casework.models import Case, Membership, Organisation, Role

# A closed case is sometimes reopened (an appeal, a re-arrest): under a month leaves no time
# to notice before its papers are gone.
RETENTION_MIN_DAYS = 30
RETENTION_MAX_DAYS = 36500
LETTERHEAD_MAX_CHARS = 1000


@cache
def time_zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def closed_cases_due(*, organisation: Organisation, retention_days: int, now=None) -> int:
    """How many closed, not yet anonymised cases a retention period of ``retention_days``
    would anonymise at the next daily run."""
    now = now or timezone.now()
    return Case.objects.filter(
        organisation=organisation,
        closed_at__lte=now - timedelta(days=retention_days),
        anonymised_at__isnull=True,
    ).count()


def _check_admin(by, organisation: Organisation) -> None:
    if not Membership.objects.filter(
        user=by, organisation=organisation, role=Role.ADMIN, user__is_active=True
    ).exists():
        raise ValidationError(gettext("Only an admin of this organisation changes its settings."))


def _validate(*, organisation, retention_days, time_zone, letterhead, confirm) -> None:
    errors: dict[str, str] = {}
    if not RETENTION_MIN_DAYS <= retention_days <= RETENTION_MAX_DAYS:
        errors["retention_days"] = gettext(
            "Keep closed cases for between %(least)s and %(most)s days."
        ) % {"least": RETENTION_MIN_DAYS, "most": RETENTION_MAX_DAYS}
    elif retention_days < organisation.retention_days and not confirm:
        due = closed_cases_due(organisation=organisation, retention_days=retention_days)
        if due:
            errors["retention_days"] = ngettext(
                "At %(days)s days, %(count)s closed case would be anonymised at the next daily "
                "run: names, document numbers, notes and files are erased for good. Tick the "
                "confirmation box to go ahead.",
                "At %(days)s days, %(count)s closed cases would be anonymised at the next daily "
                "run: names, document numbers, notes and files are erased for good. Tick the "
                "confirmation box to go ahead.",
                due,
            ) % {"days": retention_days, "count": due}
    if time_zone not in time_zone_names():
        errors["time_zone"] = gettext("Choose a time zone from the list, e.g. Asia/Karachi.")
    if len(letterhead) > LETTERHEAD_MAX_CHARS:
        errors["letterhead"] = gettext("Keep the letterhead under %(limit)s characters.") % {
            "limit": LETTERHEAD_MAX_CHARS
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by,
    retention_days: int,
    time_zone: str,
    letterhead: str,
    confirm_shorter_retention: bool = False,
) -> list[str]:
    """Save the settings; returns the names of the fields that changed (none: no event)."""
    _check_admin(by, organisation)
    # NO KEY UPDATE: serialises settings changes without blocking the inserts that
    # reference the organisation (every audit event does).
    organisation = Organisation.objects.select_for_update(no_key=True).get(pk=organisation.pk)
    letterhead = letterhead.strip().replace("\r\n", "\n")
    _validate(
        organisation=organisation, retention_days=retention_days, time_zone=time_zone,
        letterhead=letterhead, confirm=confirm_shorter_retention,
    )  # fmt: skip
    new = {"retention_days": retention_days, "time_zone": time_zone, "letterhead": letterhead}
    changed = [name for name, value in new.items() if getattr(organisation, name) != value]
    if not changed:
        return []
    # Numbers and zone names say what happened; the letterhead's text stays off the trail.
    data: dict = {"fields": changed}
    for name in ("retention_days", "time_zone"):
        if name in changed:
            data[name] = {"from": getattr(organisation, name), "to": new[name]}
    for name in changed:
        setattr(organisation, name, new[name])
    organisation.save(update_fields=changed)
    log_action(
        "organisation.updated", organisation=organisation, actor=by, obj=organisation, data=data
    )
    for hook in registry.settings_change_hooks.values():
        hook(organisation=organisation, changed=changed)
    return changed


@transaction.atomic
def intake_duty_set(*, organisation: Organisation, by: Membership, user_ids: set[int]) -> int:
    """Put exactly these paralegals on intake duty; returns how many now are."""
    if by.organisation_id != organisation.pk or not by.sees_whole_organisation:
        raise ValidationError(
            gettext("Only a supervisor or admin of this organisation sets the duty.")
        )
    paralegals = Membership.objects.filter(
        organisation=organisation, role=Role.PARALEGAL, user__is_active=True
    )
    unknown = set(user_ids) - set(paralegals.values_list("user_id", flat=True))
    if unknown:
        raise ValidationError(
            gettext("Only active paralegals of this organisation can be on duty.")
        )
    paralegals.filter(user_id__in=user_ids).update(on_intake_duty=True)
    paralegals.exclude(user_id__in=user_ids).update(on_intake_duty=False)
    log_action(
        "organisation.intake_duty_set", organisation=organisation, actor=by.user,
        obj=organisation, data={"on_duty": len(user_ids)},
    )  # fmt: skip
    return len(user_ids)
