"""A day before a remand runs out, the lead lawyer and the supervisors are told: the next
hearing decides whether the detainee goes back to the police, to jail or home (s.167 CrPC).
Idempotent: one notification per remand order and recipient, however often it runs."""

from datetime import datetime

from django.utils import timezone

from casework.links import case_url
from casework.models import Case
from detainees.clock import notify_once, supervisors_by_organisation
from detainees.selectors import remands_expiring


def remand_reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = remands_expiring(Case.objects.all(), today=timezone.localdate(now), within_days=1)
    supervisors = supervisors_by_organisation({r.case.organisation_id for r in due})
    for remand in due:
        case = remand.case
        notify_once(
            key_prefix=f"remand-expiry:{remand.change.pk}",
            recipients=[case.lead_lawyer, *supervisors.get(case.organisation_id, [])],
            organisation=case.organisation,
            case=case,
            subject=f"{case.reference}: remand ends {remand.expires_on:%-d %b %Y}",
            body=(
                f"The {remand.change.get_kind_display().lower()} of case {case.reference} "
                f"ends on {remand.expires_on:%-d %b %Y}. Be ready for the hearing that "
                f"decides what follows.\n\nOpen the case: {case_url(case.reference)}\n"
            ),
        )
    return len(due)
