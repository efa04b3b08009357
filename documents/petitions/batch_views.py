"""Batch and queue pages: a raid's petitions, for the organisation's supervisors and admins
(and a lawyer who approves organisation-wide); the approval queues, for each member's own
petitions. Everything else is 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from casework.audit import log_read
from casework.http import method_not_allowed
from casework.outbox import say_done
from casework.paging import page_number_from, paginate
from casework.selectors import membership_of
from documents.models import PetitionState
from documents.petitions import batches, queues, selectors

# Batches --------------------------------------------------------------------------------


def _batch_context(request, batch) -> dict:
    membership = membership_of(request.user)
    petitions = selectors.batch_petitions(batch, request.user)
    progress = selectors.batch_progress(batch)
    drafts = progress["counts"].get(PetitionState.DRAFT, 0)
    # The batch names every client in it, and so does each poll of its progress.
    log_read(request, "case_list.viewed", organisation=membership.organisation, obj=batch,
             data={"page": "petition_batch", "shown": len(petitions)})  # fmt: skip
    return {
        "batch": batch,
        "progress": progress,
        "petitions": petitions,
        "may_approve": any(p.may_approve for p in petitions),
        "may_submit": membership.sees_whole_organisation and drafts > 0,
        "may_download": membership.sees_whole_organisation and progress["ready"] > 0,
        "may_retry": membership.sees_whole_organisation,
    }


def batch_detail(request, batch):
    batch = selectors.batch_for_user(request.user, batch)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(request, "documents/petition_batch_detail.html", _batch_context(request, batch))


def batch_progress(request, batch):
    batch = selectors.batch_for_user(request.user, batch)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(
        request, "documents/_petition_batch_progress.html", _batch_context(request, batch)
    )


def batch_action(request, batch, action: str):
    batch = selectors.batch_for_user(request.user, batch)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if action not in ("submit", "approve", "retry"):
        raise Http404
    try:
        if action == "submit":
            count = batches.petition_batch_submit(batch=batch, by=request.user)
            say_done(
                request,
                ngettext(
                    "%(count)d petition sent for approval.",
                    "%(count)d petitions sent for approval.",
                    count,
                )
                % {"count": count},
            )
        elif action == "approve":
            result = batches.petition_batch_approve(batch=batch, by=request.user)
            say_done(
                request,
                ngettext(
                    "%(count)d petition approved and sent to render.",
                    "%(count)d petitions approved and sent to render.",
                    result.approved,
                )
                % {"count": result.approved},
            )
            for reference, reason in result.skipped:
                messages.warning(
                    request,
                    gettext("%(reference)s left for someone else: %(reason)s")
                    % {"reference": reference, "reason": reason},
                )
        else:
            count = batches.petition_batch_retry(batch=batch, by=request.user)
            say_done(
                request,
                ngettext(
                    "%(count)d petition sent to render.",
                    "%(count)d petitions sent to render.",
                    count,
                )
                % {"count": count},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("documents:petition-batch-detail", batch.public_id)


def batch_download(request, batch):
    """Every ready PDF of the batch as one ZIP; each counts as a download on its case."""
    batch = selectors.batch_for_user(request.user, batch)
    if refused := method_not_allowed(request, "GET"):
        return refused
    try:
        archive = batches.petition_batch_zip(batch=batch, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:petition-batch-detail", batch.public_id)
    response = HttpResponse(archive.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# Queues ---------------------------------------------------------------------------------

QUEUES = {
    "awaiting": (queues.awaiting_my_approval, _("Awaiting my approval")),
    "returned": (queues.returned_to_me, _("Returned to me")),
}
QUEUE_PAGE_SIZE = 50


def petition_queue(request, queue: str):
    membership = membership_of(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    rows, title = QUEUES[queue]
    page = paginate(
        rows(membership), number=page_number_from(request.GET.get("page")), size=QUEUE_PAGE_SIZE
    )
    log_read(request, "case_list.viewed", organisation=membership.organisation,
             data={"page": f"petitions_{queue}", "shown": len(page.items)})  # fmt: skip
    context = {"page": page, "title": title, "queue": queue}
    return render(request, "documents/petition_queue.html", context)
