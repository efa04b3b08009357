"""Background work. Tasks take ids, load, and call one service; running twice is harmless."""

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext

from casework.health import heartbeat_record
from casework.links import absolute_url, case_url
from casework.models import Case, CaseAssignment, Membership, Role
from casework.notifications import addressed_to, notification_send

# Importing the outbox also registers its own tasks with Celery.
from casework.outbox import outbox_task


@outbox_task(kind="case_assigned")
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


@outbox_task(kind="cases_opened")
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
def worker_heartbeat() -> None:
    """Periodic (beat), on the default queue: for the health page."""
    heartbeat_record(settings.CELERY_TASK_DEFAULT_QUEUE)


@shared_task
def audit_link() -> int:
    """Periodic (beat, every few seconds): link committed audit events into their chains."""
    from casework.audit import audit_link_pending

    return audit_link_pending()


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
