"""Background work. Tasks take ids, load, and call one service; running twice is harmless."""

from celery import shared_task
from django.conf import settings

from casework.models import CaseAssignment
from casework.notifications import notification_send


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
    notification_send(
        key=f"case-assigned:{assignment.pk}",
        recipient=assignment.user,
        organisation=case.organisation,
        case=case,
        subject=f"Panah: you have been assigned to case {case.reference}",
        body=(
            f"You have been added to the team for case {case.reference}.\n"
            f"Open it in Panah: {settings.SITE_URL}/cases/{case.reference}/\n"
        ),
    )


@shared_task
def anonymise_expired_cases() -> int:
    """Periodic (beat): anonymise every closed case past its organisation's retention period.

    One transaction per case, so a failure leaves the others done and the next run retries.
    """
    from casework.retention import case_anonymise, cases_due_for_anonymisation

    return sum(case_anonymise(case_id=pk) for pk in cases_due_for_anonymisation())


@shared_task
def audit_heads_export() -> int:
    """Periodic (beat): the signed chain heads, written outside the database."""
    from casework.audit import heads_export

    return len(heads_export()["heads"])
