"""Telling people about petitions: a draft awaiting their approval, a draft returned, a
petition approved (its PDF on the way, for the drafter and the lead lawyer to file).

Tasks take ids, load, and call ``notification_send`` (in the app and by email), keyed by
the audit event of the hand-off, so a task run twice notifies once. Emails carry the case
reference and a link, never a client's name or anything else about the client.
"""

from celery import shared_task
from django.db.models import Q

from casework.links import absolute_url
from casework.models import (
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Membership,
    Role,
)
from casework.notifications import notification_send
from documents.models import Petition, PetitionBatch, PetitionState

NOTIFY_DEFERRED = "Saved. Those concerned will be notified when the queue is back."
PETITION_RELATED = ("case__organisation", "version__template", "drafted_by")


def petition_url(petition: Petition) -> str:
    return absolute_url("documents:petition-detail", petition.case.reference, petition.public_id)


def approvers_of(petition: Petition) -> list[Membership]:
    """Everyone who may approve ``petition`` (``Membership.approval_refusal`` says so)."""
    granted = set(
        CaseUserObjectPermission.objects.filter(
            content_object_id=petition.case_id, permission__codename="approve_petition"
        ).values_list("user_id", flat=True)
    )
    groups = CaseGroupObjectPermission.objects.filter(
        content_object_id=petition.case_id, permission__codename="approve_petition"
    ).values("group_id")
    granted |= set(
        Membership.objects.filter(
            organisation_id=petition.organisation_id, user__groups__in=groups
        ).values_list("user_id", flat=True)
    )
    candidates = Membership.objects.filter(
        Q(role=Role.SUPERVISOR)
        | Q(role=Role.LAWYER, approves_petitions=True)
        | Q(role=Role.LAWYER, user_id__in=granted),
        organisation_id=petition.organisation_id, user__is_active=True,
    ).select_related("user")  # fmt: skip
    return [
        m
        for m in candidates
        if not m.approval_refusal(petition, granted_on_case=m.user_id in granted)
    ]


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_petition_submitted(petition_id: int, event_id: int) -> int:
    petition = Petition.objects.select_related(*PETITION_RELATED).filter(pk=petition_id).first()
    if petition is None:
        return 0
    reference = petition.case.reference
    approvers = approvers_of(petition)
    for approver in approvers:
        notification_send(
            key=f"petition-submitted:{event_id}:{approver.user_id}", recipient=approver.user,
            organisation=petition.case.organisation, case=petition.case,
            subject=f"Panah: a petition on case {reference} awaits your approval",
            body=(
                f"A petition on case {reference} was sent for approval.\n"
                f"Open it in Panah: {petition_url(petition)}\n"
                f"Everything awaiting your approval: "
                f"{absolute_url('documents:petition-queue-awaiting')}\n"
            ),
        )  # fmt: skip
    return len(approvers)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_petition_returned(petition_id: int, event_id: int) -> int:
    petition = Petition.objects.select_related(*PETITION_RELATED).filter(pk=petition_id).first()
    if petition is None or petition.drafted_by is None or not petition.drafted_by.is_active:
        return 0
    reference = petition.case.reference
    notification_send(
        key=f"petition-returned:{event_id}", recipient=petition.drafted_by,
        organisation=petition.case.organisation, case=petition.case,
        subject=f"Panah: your petition on case {reference} was returned",
        body=(
            f"Your petition on case {reference} was returned with comments.\n"
            f"Open it in Panah: {petition_url(petition)}\n"
        ),
    )  # fmt: skip
    return 1


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_petition_approved(petition_id: int, event_id: int) -> int:
    """The drafter and the case's lead lawyer: the petition is approved and can be filed."""
    petition = (
        Petition.objects.select_related(*PETITION_RELATED, "case__lead_lawyer", "approved_by")
        .filter(pk=petition_id)
        .first()
    )
    if petition is None:
        return 0
    reference = petition.case.reference
    told = 0
    for user in {petition.drafted_by, petition.case.lead_lawyer} - {None, petition.approved_by}:
        if not user.is_active:
            continue
        notification_send(
            key=f"petition-approved:{event_id}:{user.pk}", recipient=user,
            organisation=petition.case.organisation, case=petition.case,
            subject=f"Panah: a petition on case {reference} was approved",
            body=(
                f"A petition on case {reference} was approved; its PDF is being prepared.\n"
                f"Open it in Panah: {petition_url(petition)}\n"
            ),
        )  # fmt: skip
        told += 1
    return told


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_batch_submitted(batch_id: int, event_id: int) -> int:
    """One notification per approver for a raid's batch: how many of its petitions they
    may approve, and where."""
    batch = PetitionBatch.objects.select_related("organisation").filter(pk=batch_id).first()
    if batch is None:
        return 0
    per_approver: dict[int, tuple[Membership, int]] = {}
    waiting = batch.petitions.filter(state=PetitionState.IN_REVIEW)
    for petition in waiting.select_related(*PETITION_RELATED):
        for approver in approvers_of(petition):
            _, count = per_approver.get(approver.user_id, (approver, 0))
            per_approver[approver.user_id] = (approver, count + 1)
    link = absolute_url("documents:petition-batch-detail", batch.public_id)
    for approver, count in per_approver.values():
        notification_send(
            key=f"petition-batch-submitted:{event_id}:{approver.user_id}",
            recipient=approver.user, organisation=batch.organisation,
            subject=f"Panah: {count} petition{'s' if count != 1 else ''} of a raid await "
            "your approval",
            body=f"{count} petitions of a raid's batch were sent for approval.\n"
            f"Open the batch in Panah: {link}\n",
        )  # fmt: skip
    return len(per_approver)
