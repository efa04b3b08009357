"""Background work. Tasks take ids, load, and call one service; running twice is harmless."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext

from casework.health import heartbeat_record
from casework.links import absolute_url, case_url
from casework.models import Case, CaseAssignment, Membership, Notification, Role
from casework.notifications import addressed_to, notification_email, notification_send

logger = logging.getLogger(__name__)

# Delivery is retried for a day; after that a notification is still in the app, unemailed.
DELIVERY_WINDOW = timedelta(days=1)
# Younger than this, the first attempt may still be on its way.
DELIVERY_GRACE = timedelta(minutes=1)


def assignment_notification_key(assignment_id) -> str:
    return f"case-assigned:{assignment_id}"


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_case_assigned(assignment_id: int) -> None:
    assignment = (
        CaseAssignment.objects.select_related("case__organisation", "user")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:  # unassigned again before the task ran
        return
    case = assignment.case
    with addressed_to(assignment.user):
        notification_send(
            key=f"case-assigned:{assignment.pk}",
            recipient=assignment.user,
            organisation=case.organisation,
            case=case,
            subject=gettext("Panah: you have been assigned to case %(reference)s")
            % {"reference": case.reference},
            body=gettext(
                "You have been added to the team for case %(reference)s.\n"
                "Open it in Panah: %(link)s\n"
            )
            % {"reference": case.reference, "link": case_url(case.reference)},
        )


@shared_task
def anonymise_expired_cases() -> int:
    """Periodic (beat): anonymise every closed case past its organisation's retention period.

    One transaction per case, so a failure leaves the others done and the next run retries.
    """
    from casework.retention import case_anonymise, cases_due_for_anonymisation

    return sum(case_anonymise(case_id=pk) for pk in cases_due_for_anonymisation())


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_cases_opened(case_ids: list[int]) -> int:
    """Tell the supervisors and the paralegals on intake duty that cases were opened: one
    notification per person for a whole raid. References only, never a name."""
    cases = list(Case.objects.filter(pk__in=case_ids).select_related("organisation", "opened_by"))
    if not cases:
        return 0
    cases.sort(key=lambda c: c.reference)
    first, last, organisation = cases[0], cases[-1], cases[0].organisation
    recipients = [
        m.user
        for m in Membership.objects.filter(organisation=organisation, user__is_active=True)
        .filter(Q(role=Role.SUPERVISOR) | Q(role=Role.PARALEGAL, on_intake_duty=True))
        .select_related("user")
        if m.user_id != first.opened_by_id
    ]
    words = {
        "count": len(cases), "first": first.reference, "last": last.reference,
        "reference": first.reference, "link": case_url(first.reference),
        "list": absolute_url("casework:case-list"),
    }  # fmt: skip

    def compose() -> tuple[str, str]:
        if len(cases) == 1:
            return (
                gettext("Panah: new case %(reference)s") % words,
                gettext("Case %(reference)s was opened.\nOpen it in Panah: %(link)s\n") % words,
            )
        return (
            gettext("Panah: %(count)s new cases, %(first)s to %(last)s") % words,
            gettext(
                "%(count)s cases were opened together after a raid, %(first)s to %(last)s.\n"
                "See them in Panah: %(list)s\n"
            )
            % words,
        )

    for user in recipients:
        with addressed_to(user):
            subject, body = compose()
            notification_send(
                key=f"cases-opened:{first.pk}:{len(cases)}:{user.pk}", recipient=user,
                organisation=organisation, case=first if len(cases) == 1 else None,
                subject=subject, body=body,
            )  # fmt: skip
    return len(recipients)


@shared_task
def notifications_deliver_pending() -> int:
    """Periodic (beat, every minute): deliver what a broker or mail outage held back.

    Assignments whose notification task never ran (the queue was down when the case was
    assigned) get their notification now; notifications not yet emailed are emailed.
    Both steps are idempotent, keyed as the original delivery is.
    """
    now = timezone.now()
    since, until = now - DELIVERY_WINDOW, now - DELIVERY_GRACE
    notified = Notification.objects.filter(
        key=Concat(Value("case-assigned:"), Cast(OuterRef("pk"), CharField()))
    )
    unsent_assignments = (
        CaseAssignment.objects.filter(assigned_at__range=(since, until))
        .exclude(Exists(notified))
        .values_list("pk", flat=True)
    )
    done = 0
    for assignment_id in list(unsent_assignments):
        notify_case_assigned(assignment_id)
        done += 1
    unemailed = (
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__range=(since, until), recipient__is_active=True
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    for notification_id in list(unemailed):
        try:
            notification_email(notification_id=notification_id)
        except Exception:  # one bad mailbox must not hold back the others
            logger.warning("Notification %s could not be emailed", notification_id, exc_info=True)
            continue
        done += 1
    return done


@shared_task
def worker_heartbeat() -> None:
    """Periodic (beat), on the default queue: for the health page."""
    heartbeat_record(settings.CELERY_TASK_DEFAULT_QUEUE)


@shared_task
def audit_heads_export() -> int:
    """Periodic (beat): the signed chain heads, written outside the database."""
    from casework.audit import heads_export

    return len(heads_export()["heads"])


@shared_task
def stored_files_sweep() -> dict:
    """Periodic (beat): delete stored files no row names, place committed ones; how many."""
    from casework.orphan_files import stored_files_sweep as sweep

    return sweep().as_dict()
