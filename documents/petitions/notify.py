"""Telling people about petitions: a draft awaiting their approval, a draft returned, a
petition approved (its PDF on the way, for the drafter and the lead lawyer to file).

Tasks take ids, load, and call ``notification_send`` (in the app, and by email through the
outbox), keyed by the audit event of the hand-off, so a task run twice notifies once.
Emails carry the case reference and a link, never a client's name or anything else about
the client.
"""

from django.db.models import Q
from django.utils.translation import gettext, gettext_noop, ngettext

from casework.links import absolute_url
from casework.models import (
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Membership,
    Role,
)
from casework.notifications import addressed_to, notification_send
from casework.outbox import outbox_task
from documents.models import Petition, PetitionBatch, PetitionState

NOTIFY_DEFERRED = gettext_noop("Saved. Those concerned will be notified when the queue is back.")
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


@outbox_task(kind="petition_submitted")
def notify_petition_submitted(petition_id: int, event_id: int) -> int:
    petition = Petition.objects.select_related(*PETITION_RELATED).filter(pk=petition_id).first()
    if petition is None:
        return 0
    reference = petition.case.reference
    approvers = approvers_of(petition)
    words = {
        "reference": reference, "link": petition_url(petition),
        "queue": absolute_url("documents:petition-queue-awaiting"),
    }  # fmt: skip
    for approver in approvers:
        with addressed_to(approver.user):
            notification_send(
                key=f"petition-submitted:{event_id}:{approver.user_id}", recipient=approver.user,
                organisation=petition.case.organisation, case=petition.case,
                subject=gettext("Panah: a petition on case %(reference)s awaits your approval")
                % words,
                body=gettext(
                    "A petition on case %(reference)s was sent for approval.\n"
                    "Open it in Panah: %(link)s\n"
                    "Everything awaiting your approval: %(queue)s\n"
                ) % words,
            )  # fmt: skip
    return len(approvers)


@outbox_task(kind="petition_returned")
def notify_petition_returned(petition_id: int, event_id: int) -> int:
    petition = Petition.objects.select_related(*PETITION_RELATED).filter(pk=petition_id).first()
    if petition is None or petition.drafted_by is None or not petition.drafted_by.is_active:
        return 0
    words = {"reference": petition.case.reference, "link": petition_url(petition)}
    with addressed_to(petition.drafted_by):
        notification_send(
            key=f"petition-returned:{event_id}", recipient=petition.drafted_by,
            organisation=petition.case.organisation, case=petition.case,
            subject=gettext("Panah: your petition on case %(reference)s was returned") % words,
            body=gettext(
                "Your petition on case %(reference)s was returned with comments.\n"
                "Open it in Panah: %(link)s\n"
            ) % words,
        )  # fmt: skip
    return 1


@outbox_task(kind="petition_approved")
def notify_petition_approved(petition_id: int, event_id: int) -> int:
    """The drafter and the case's lead lawyer: the petition is approved and can be filed."""
    petition = (
        Petition.objects.select_related(*PETITION_RELATED, "case__lead_lawyer", "approved_by")
        .filter(pk=petition_id)
        .first()
    )
    if petition is None:
        return 0
    words = {"reference": petition.case.reference, "link": petition_url(petition)}
    told = 0
    for user in {petition.drafted_by, petition.case.lead_lawyer} - {None, petition.approved_by}:
        if not user.is_active:
            continue
        with addressed_to(user):
            notification_send(
                key=f"petition-approved:{event_id}:{user.pk}", recipient=user,
                organisation=petition.case.organisation, case=petition.case,
                subject=gettext("Panah: a petition on case %(reference)s was approved") % words,
                body=gettext(
                    "A petition on case %(reference)s was approved; its PDF is being prepared.\n"
                    "Open it in Panah: %(link)s\n"
                ) % words,
            )  # fmt: skip
        told += 1
    return told


@outbox_task(kind="batch_submitted")
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
        words = {"count": count, "link": link}
        with addressed_to(approver.user):
            notification_send(
                key=f"petition-batch-submitted:{event_id}:{approver.user_id}",
                recipient=approver.user, organisation=batch.organisation,
                subject=ngettext(
                    "Panah: %(count)s petition of a raid awaits your approval",
                    "Panah: %(count)s petitions of a raid await your approval",
                    count,
                ) % words,
                body=ngettext(
                    "%(count)s petition of a raid's batch was sent for approval.\n"
                    "Open the batch in Panah: %(link)s\n",
                    "%(count)s petitions of a raid's batch were sent for approval.\n"
                    "Open the batch in Panah: %(link)s\n",
                    count,
                ) % words,
            )  # fmt: skip
    return len(per_approver)
