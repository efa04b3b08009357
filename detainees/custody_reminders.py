"""A day before a remand runs out, the lead lawyer and the supervisors are told: the next
hearing decides whether the detainee goes back to the police, to jail or home (s.167 CrPC).
Idempotent: one notification per remand order and recipient, however often it runs."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from casework.links import case_url
from casework.models import Case
from detainees.clock import notify_once, supervisors_by_organisation
from detainees.queues import remands_run_out
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
            compose=lambda case=case, remand=remand: (
                gettext("%(reference)s: remand ends %(day)s")
                % {
                    "reference": case.reference,
                    "day": date_format(remand.expires_on, "DATE_FORMAT"),
                },
                gettext(
                    "The %(remand)s of case %(reference)s ends on %(day)s. Be ready for the "
                    "hearing that decides what follows.\n\nOpen the case: %(link)s\n"
                )
                % {
                    "remand": remand.change.get_kind_display().lower(),
                    "reference": case.reference,
                    "day": date_format(remand.expires_on, "DATE_FORMAT"),
                    "link": case_url(case.reference),
                },
            ),  # fmt: skip
        )
    return len(due)


def remand_run_out_alerts_send(*, now: datetime | None = None) -> int:
    """The lead lawyer and the supervisors are told, once per remand order, that someone
    is still held after their remand ran out with no further order recorded: either an
    order holds them that nobody recorded, or nothing does and they must be released."""
    now = now or timezone.now()
    run_out = remands_run_out(Case.objects.all(), today=timezone.localdate(now))
    supervisors = supervisors_by_organisation({r.case.organisation_id for r in run_out})
    for remand in run_out:
        case = remand.case
        notify_once(
            key_prefix=f"remand-run-out:{remand.change.pk}",
            recipients=[case.lead_lawyer, *supervisors.get(case.organisation_id, [])],
            organisation=case.organisation,
            case=case,
            compose=lambda case=case, remand=remand: (
                gettext("%(reference)s: held after the remand ran out")
                % {"reference": case.reference},
                gettext(
                    "The remand in case %(reference)s ended on %(day)s and no further order "
                    "is recorded, yet the detainee is still held. Record the order that "
                    "holds them now, or act for their release.\n\nOpen the case: %(link)s\n"
                )
                % {
                    "reference": case.reference,
                    "day": date_format(remand.ended_on, "DATE_FORMAT"),
                    "link": case_url(case.reference),
                },
            ),
        )
    return len(run_out)
