"""Writes for a raid's batch of petitions: draft one per detainee, send them for approval
together, approve them together (four eyes on each), retry failed renders, and hand over
every ready PDF as one ZIP."""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.outbox import outbox_enqueue
from casework.selectors import membership_of, user_may
from documents.models import PetitionBatch, PetitionState, PetitionTemplate
from documents.petitions.notify import NOTIFY_DEFERRED, notify_batch_submitted
from documents.petitions.offers import why_not
from documents.petitions.selectors import RENDER_AGAIN_AFTER, approval_refusal
from documents.petitions.services import (
    _court_name,
    court_heading,
    petition_approve,
    petition_create,
    petition_downloaded,
    petition_rerender,
    petition_submit,
)

BATCH_RELATED = ("case__organisation", "case__person", "version__template", "drafted_by")


@transaction.atomic
def petition_batch_create(
    *, incident, template: PetitionTemplate, cases, by, forum=None, court: str = ""
) -> PetitionBatch:
    """One draft per detainee of a raid, all addressed to the court chosen once for the
    batch. They stay drafts, to be edited one by one, until the batch is sent for approval."""
    membership = membership_of(by)
    if not membership.sees_whole_organisation or incident.organisation_id != (
        membership.organisation_id
    ):
        raise ValidationError(gettext("Only a supervisor of this organisation starts a batch."))
    if forum is not None and not forum.is_active:
        raise ValidationError({"forum": gettext("Choose a court from the list.")})
    heading = court.strip() or (court_heading(forum) if forum else "")
    if heading:
        _court_name(heading)  # refused here, once, rather than once per detainee
    cases = list(cases)
    if not cases:
        raise ValidationError(gettext("No detainee of this incident has a case yet."))
    # A remedy that cannot lie for a detainee (habeas once remanded, bail without an FIR)
    # is not drafted for them; their cases stay for another petition.
    cases = [case for case in cases if not why_not(case, template.offered_when)]
    if not cases:
        raise ValidationError(
            {"template": gettext("This petition cannot lie for any detainee of this incident.")}
        )
    batch = PetitionBatch.objects.create(
        organisation_id=membership.organisation_id, incident=incident, template=template,
        created_by=by,
    )  # fmt: skip
    for case in cases:
        petition_create(case=case, template=template, by=by, batch=batch, court=heading,
                        forum=forum)  # fmt: skip
    log_action(
        "petition_batch.created", organisation=membership.organisation, actor=by, obj=batch,
        data={"incident": incident.pk, "petitions": len(cases), "template": template.key},
    )  # fmt: skip
    return batch


@transaction.atomic
def petition_batch_submit(*, batch: PetitionBatch, by) -> int:
    """Send every draft of the batch for approval; those who may approve are told once."""
    petitions = list(batch.petitions.filter(state=PetitionState.DRAFT).select_related(
        *BATCH_RELATED))  # fmt: skip
    if not petitions:
        raise ValidationError(gettext("No draft of this batch is waiting to be sent for approval."))
    for petition in petitions:
        petition_submit(petition=petition, by=by, notify=False)
    event = log_action(
        "petition_batch.submitted", organisation=petitions[0].case.organisation, actor=by,
        obj=batch, data={"petitions": len(petitions)},
    )  # fmt: skip
    outbox_enqueue(
        notify_batch_submitted,
        batch.pk,
        event.pk,
        key=f"petition-batch-submitted:{event.pk}",
        deferred=NOTIFY_DEFERRED,
    )
    return len(petitions)


@dataclass(frozen=True)
class BatchApproval:
    approved: int
    # (case reference, why not) for each petition this approver may not approve.
    skipped: list[tuple[str, str]]


@transaction.atomic
def petition_batch_approve(*, batch: PetitionBatch, by) -> BatchApproval:
    """Approve every petition of the batch awaiting review that ``by`` may approve (four
    eyes on each: never one they drafted or edited); the others are left for someone else
    and named in the answer."""
    petitions = batch.petitions.filter(state=PetitionState.IN_REVIEW).select_related(
        *BATCH_RELATED
    ).order_by("case__reference")  # fmt: skip
    approved, skipped = 0, []
    for petition in petitions:
        if refusal := approval_refusal(by, petition):
            skipped.append((petition.case.reference, refusal))
            continue
        petition_approve(petition=petition, by=by)
        approved += 1
    if not approved and not skipped:
        raise ValidationError(gettext("No petition of this batch is awaiting approval."))
    return BatchApproval(approved=approved, skipped=skipped)


@transaction.atomic
def petition_batch_retry(*, batch: PetitionBatch, by) -> int:
    """Render again every failed petition of the batch, and every one stuck in "rendering"
    for longer than a render should take to start (a lost message, a killed worker)."""
    stuck = Q(state=PetitionState.RENDERING) & (
        Q(render_requested_at__isnull=True)
        | Q(render_requested_at__lt=timezone.now() - RENDER_AGAIN_AFTER)
    )
    petitions = batch.petitions.filter(Q(state=PetitionState.FAILED) | stuck).select_related(
        "case__organisation", "version__template"
    )
    count = 0
    for petition in petitions:
        petition_rerender(petition=petition, by=by)
        count += 1
    return count


@dataclass(frozen=True)
class BatchArchive:
    filename: str
    content: bytes
    petitions: int


def petition_batch_zip(*, batch: PetitionBatch, by) -> BatchArchive:
    """Every ready (or filed) PDF of the batch in one ZIP, built in memory under a cap;
    each PDF that leaves is a download on its case's audit trail, as one download is."""
    petitions = list(
        batch.petitions.filter(state__in=(PetitionState.READY, PetitionState.FILED))
        .exclude(pdf="")
        .select_related(*BATCH_RELATED)
        .order_by("case__reference")
    )
    petitions = [p for p in petitions if user_may(by, p.case, "view_case")]
    if not petitions:
        raise ValidationError(gettext("No PDF of this batch is ready yet."))
    limit = settings.PETITION_BATCH_ZIP_MAX_BYTES
    if sum(p.pdf.size for p in petitions) > limit:
        raise ValidationError(
            gettext(
                "These PDFs together are larger than %(megabytes)s MB: download them one by "
                "one from each petition."
            )
            % {"megabytes": limit // (1024 * 1024)}
        )
    buffer = io.BytesIO()
    # PDFs are compressed already: stored, not deflated again.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for petition in petitions:
            with petition.pdf.open("rb") as handle:
                archive.writestr(_zip_name(petition), handle.read())
    with transaction.atomic():
        for petition in petitions:
            petition_downloaded(petition=petition, by=by, batch=str(batch.public_id))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return BatchArchive(
        filename=f"petitions-{batch.template.key}-{stamp}.zip",
        content=buffer.getvalue(),
        petitions=len(petitions),
    )


def _zip_name(petition) -> str:
    return f"{petition.case.reference}-{petition.version.template.key}.pdf"
