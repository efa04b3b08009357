"""Background work. Tasks take ids, load, and call one service; running twice is harmless."""

from celery import shared_task
from django.db.models import Q

from casework.links import absolute_url, case_url
from casework.models import Case, CaseAssignment, Membership, Role
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
            f"Open it in Panah: {case_url(case.reference)}\n"
        ),
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
    if len(cases) == 1:
        subject = f"Panah: new case {first.reference}"
        body = (
            f"Case {first.reference} was opened.\nOpen it in Panah: {case_url(first.reference)}\n"
        )
    else:
        subject = f"Panah: {len(cases)} new cases, {first.reference} to {last.reference}"
        body = (
            f"{len(cases)} cases were opened together after a raid, {first.reference} to "
            f"{last.reference}.\nSee them in Panah: {absolute_url('casework:case-list')}\n"
        )
    for user in recipients:
        notification_send(
            key=f"cases-opened:{first.pk}:{len(cases)}:{user.pk}", recipient=user,
            organisation=organisation, case=first if len(cases) == 1 else None,
            subject=subject, body=body,
        )  # fmt: skip
    return len(recipients)
