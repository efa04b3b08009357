"""Petition pages. They fetch the case through case_for_user, then the petition through
the case; everything else is 404. Template pages are in template_views, batches and
approval queues in batch_views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.outbox import say_done
from casework.selectors import case_for_user, user_may
from documents.models import PetitionState
from documents.petitions import previews, selectors, services
from documents.petitions.forms import (
    PetitionCreateForm,
    PetitionEditForm,
    ReturnForm,
)
from documents.petitions.offers import offers_for
from documents.petitions.render import annexures_of


def pdf_response(filename: str, data: bytes, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def petition_create(request, reference: str):
    case = case_for_user(request.user, reference, "draft_petition")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "petition_new"})  # fmt: skip
    offers = offers_for(case, selectors.templates_for_organisation(case.organisation))
    available = [offer.template for offer in offers if offer.available]
    last_hearing = case.hearings.select_related("court").order_by("-starts_at").first()
    form = PetitionCreateForm(
        request.POST or None, templates=available,
        initial={"forum": last_hearing.court if last_hearing else None},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_create(
                case=case, template=form.cleaned_data["template"], by=request.user,
                court=form.cleaned_data["court"], forum=form.cleaned_data["forum"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Draft created from the case. Edit it below."))
            return redirect(petition_page(petition))
    status = 400 if form.errors else 200
    context = {
        "case": case, "form": form, "petitions": selectors.case_petitions(case),
        "not_offered": [offer for offer in offers if not offer.available],
    }  # fmt: skip
    return render(request, "documents/petition_create.html", context, status=status)


def _advocate_advice(case) -> list[dict]:
    lawyer = case.lead_lawyer
    profile = getattr(lawyer, "advocate_profile", None) if lawyer else None
    if lawyer is None:
        return [
            {
                "subject": "Advocate",
                "message": "No lead lawyer is assigned, so the signature block is blank.",
                "check": "Assign the lead lawyer on the case.",
            }
        ]
    if profile is None or not profile.enrolment_number:
        return [
            {
                "subject": "Advocate",
                "message": "The lead lawyer's enrolment number is "
                "not recorded, so the signature block lacks it.",
                "check": "The lead lawyer adds it under “My advocate details”.",
            }
        ]
    return []


def _detail_context(request, case, petition, form=None, return_form=None) -> dict:
    editable = petition.state == PetitionState.DRAFT and user_may(
        request.user, case, "draft_petition"
    )
    if form is None and editable:
        chosen = [str(f) for f in petition.annexures.values_list("pk", flat=True)]
        form = PetitionEditForm(
            initial={
                "forum": petition.forum, "court": petition.court, "facts": petition.facts,
                "grounds": petition.grounds,
                "prayer_additions": petition.prayer_additions, "annexures": chosen,
            },
            files=case.files.order_by("uploaded_at", "id"),
        )  # fmt: skip
    return {
        "case": case,
        "petition": petition,
        "annexures": annexures_of(petition),
        "form": form,
        "return_form": return_form or ReturnForm(),
        "editable": editable,
        "may_approve": petition.state == PetitionState.IN_REVIEW
        and selectors.may_approve(request.user, petition),
        "may_draft": user_may(request.user, case, "draft_petition"),
        "may_file": user_may(request.user, case, "change_case"),
        "is_drafter": petition.drafted_by_id == request.user.pk,
        **_waiting_context(request, case, petition),
        # The verdicts' advice: on screen for the drafter and the approver, never printed.
        "advice": petition.context.get("advice", []) + _advocate_advice(case),
    }


def petition_page(petition) -> str:
    return reverse("documents:petition-detail", args=[petition.case.reference, petition.public_id])


# The edit form's buttons: each saves the text as typed first, then does its step.
AFTER_SAVING = {
    "save": _("Petition saved."),
    "refresh": _("Saved, and the case details were taken again."),
    "submit": _("Saved and sent for approval."),
}


def petition_detail(request, reference: str, petition):
    petition = selectors.petition_for_user(request.user, reference, petition)
    case = petition.case
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=petition,
             data={"page": "petition"})  # fmt: skip
    form = None
    if request.method == "POST":
        if not user_may(request.user, case, "draft_petition"):
            raise Http404
        then = request.POST.get("then", "save")
        form = PetitionEditForm(request.POST, files=case.files.order_by("uploaded_at", "id"))
        if then not in AFTER_SAVING:
            form.add_error(
                None, gettext("That button does nothing here; your text is below, unsaved.")
            )
        elif form.is_valid():
            data = form.cleaned_data
            text = {
                "court": data["court"], "facts": data["facts"], "grounds": data["grounds"],
                "prayer_additions": data["prayer_additions"],
                "annexures": form.annexure_list(), "forum": data["forum"],
            }  # fmt: skip
            try:
                services.petition_update_then(petition=petition, by=request.user, then=then, **text)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                say_done(request, AFTER_SAVING[then])
                return redirect(petition_page(petition))
    context = _detail_context(request, case, petition, form)
    status = 400 if form is not None and form.errors else 200
    return render(request, "documents/petition_detail.html", context, status=status)


def petition_status(request, reference: str, petition):
    """The fragment the petition page polls while a PDF is being rendered."""
    petition = selectors.petition_for_user(request.user, reference, petition)
    case = petition.case
    if refused := method_not_allowed(request, "GET"):
        return refused
    context = {"case": case, "petition": petition, **_waiting_context(request, case, petition)}
    return render(request, "documents/_petition_status.html", context)


def _waiting_context(request, case, petition) -> dict:
    waiting = selectors.render_waiting_since(petition)
    return {
        "waiting_seconds": None if waiting is None else int(waiting.total_seconds()),
        "may_render_again": selectors.render_may_be_stuck(petition)
        and user_may(request.user, case, "draft_petition"),
    }


# Sending for approval and taking the case details again are buttons of the edit form,
# which save the text first (petition_detail); approving and returning share one form.
TRANSITIONS = {
    "render": (services.petition_rerender, _("Rendering again.")),
    "file": (services.petition_mark_filed, _("Marked as filed.")),
}


def petition_transition(request, reference: str, petition, action: str):
    petition = selectors.petition_for_user(request.user, reference, petition)
    case = petition.case
    if refused := method_not_allowed(request, "POST"):
        return refused
    if action in ("return", "approve"):
        return _review(request, case, petition, action)
    if action not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[action]
    try:
        service(petition=petition, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        say_done(request, done)
    return redirect(petition_page(petition))


def _review(request, case, petition, action: str):
    """Approve or return, from the one review form: a refused approval shows the page
    again with the comment as typed and the reason."""
    form = ReturnForm(request.POST)
    if action == "approve":
        form.fields["comment"].required = False
    if form.is_valid():
        try:
            if action == "approve":
                services.petition_approve(petition=petition, by=request.user)
            else:
                services.petition_return(
                    petition=petition, by=request.user, comment=form.cleaned_data["comment"]
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if action == "approve":
                say_done(request, gettext("Approved. The PDF is being prepared."))
            else:
                say_done(request, gettext("Returned to the drafter with your comments."))
            return redirect(petition_page(petition))
    context = _detail_context(request, case, petition, return_form=form)
    if not context["may_approve"]:
        # The review form is not on this user's page: say why where they will see it.
        for message in form.non_field_errors():
            messages.error(request, message)
    return render(request, "documents/petition_detail.html", context, status=400)


def petition_preview(request, reference: str, petition):
    petition = selectors.petition_for_user(request.user, reference, petition)
    case = petition.case
    if refused := method_not_allowed(request, "GET"):
        return refused
    # Rendered by a PDF worker, never here: this page waits for it, reloading itself.
    state, result = previews.preview_result(request.session, petition, request.GET.get("token", ""))
    if state == "unknown":
        token = previews.preview_request(request.session, petition)
        return redirect(f"{request.path}?token={token}")
    if state == "problem":
        return HttpResponse(result, status=400, content_type="text/plain; charset=utf-8")
    if state == "pending":
        response = render(request, "documents/petition_preview_wait.html", {"case": case})
        response["Refresh"] = "2"
        return response
    # The preview embeds the annexed scans: their bytes leave the server as a download.
    services.petition_previewed(petition=petition, by=request.user)
    filename = f"DRAFT-{case.reference}-{petition.version.template.key}-preview.pdf"
    return pdf_response(filename, result, attachment=False)


def petition_download(request, reference: str, petition):
    petition = selectors.petition_for_user(request.user, reference, petition)
    case = petition.case
    if refused := method_not_allowed(request, "GET"):
        return refused
    if petition.state not in (PetitionState.READY, PetitionState.FILED) or not petition.pdf:
        raise Http404
    try:
        handle = petition.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.petition_downloaded(petition=petition, by=request.user)
    response = FileResponse(
        handle, as_attachment=True, content_type="application/pdf",
        filename=f"{case.reference}-{petition.version.template.key}-{str(petition.public_id)[:8]}.pdf",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
