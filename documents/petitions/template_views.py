"""Petition template pages, for the organisation's admins: the library, editing a
template, and its live preview filled from a case (as HTML in a sandboxed frame, or as a
PDF rendered by a worker). Anyone else gets 404."""

import time
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user, cases_visible_to, membership_of
from documents.petitions import previews, selectors, services
from documents.petitions.engine import TemplateProblem
from documents.petitions.forms import TemplateEditForm
from documents.petitions.render import template_preview
from documents.petitions.views import pdf_response


def _require_admin(request):
    membership = membership_of(request.user)
    if not membership.is_admin:
        raise Http404
    return membership


def template_list(request):
    membership = _require_admin(request)
    if refused := method_not_allowed(request, "GET"):
        return refused
    templates = selectors.templates_for_organisation(membership.organisation)
    return render(request, "documents/petition_template_list.html", {"templates": templates})


def _preview_cases(request):
    return cases_visible_to(request.user).order_by("-opened_at")[:50]


def template_edit(request, template_id: UUID):
    _require_admin(request)
    template = selectors.template_for_admin(request.user, template_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    current = selectors.latest_version(template)
    initial = {"html": current.html, "css": current.css} if current else {}
    form = TemplateEditForm(request.POST or None, initial=initial, cases=_preview_cases(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.petition_template_save(
                template=template, by=request.user, html=data["html"], css=data["css"],
                note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, gettext("Saved as version %(number)s.") % {"number": version.number}
            )
            return redirect("documents:petition-template-edit", version.template.public_id)
    context = {
        "template": template,
        "form": form,
        "versions": selectors.template_versions(template),
    }
    status = 400 if form.errors else 200
    return render(request, "documents/petition_template_edit.html", context, status=status)


def template_preview_view(request, template_id: UUID):
    """Live preview (htmx) of unsaved template text or, with ``pdf=1``, its PDF: queued to a
    PDF worker, then fetched by GET with the token until it is ready."""
    _require_admin(request)
    template = selectors.template_for_admin(request.user, template_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    if request.method == "GET":
        return _template_preview_pdf(request, template)
    form = TemplateEditForm(request.POST, cases=_preview_cases(request))
    context = {"template": template, "form": form}
    if not form.is_valid() or not form.cleaned_data["case"]:
        context["problem"] = gettext("Choose a case to preview the template with.")
        return render(request, "documents/_petition_template_preview.html", context)
    case = case_for_user(request.user, form.cleaned_data["case"])
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "template_preview"})  # fmt: skip
    html, css = form.cleaned_data["html"], form.cleaned_data["css"]
    if request.POST.get("pdf") == "1":
        # Rendered by a PDF worker under its time limits, never here.
        token = previews.template_preview_request(
            request.session, template=template, case=case, html=html, css=css, by=request.user
        )
        return redirect(f"{request.path}?token={token}")
    try:
        template_preview(case=case, template=template, html=html, css=css, by=request.user)
    except TemplateProblem as problem:
        context["problem"] = str(problem)
        # htmx swaps only successful responses; the problem is the fragment's content.
        status = 200 if request.htmx else 400
        return render(request, "documents/_petition_template_preview.html", context, status=status)
    # The frame fetches the draft back by GET: a srcdoc frame would inherit this page's
    # strict policy, which refuses the template's own <style>.
    request.session[_draft_key(template)] = {"html": html, "css": css, "case": case.reference}
    context["frame_stamp"] = time.monotonic_ns()
    return render(request, "documents/_petition_template_preview.html", context)


def _template_preview_pdf(request, template):
    token = request.GET.get("token", "")
    state, result, reference = previews.template_preview_result(request.session, template, token)
    context = {"template": template, "state": state, "problem": result}
    if state == "pdf":
        # Filled from a client's case: its bytes leaving the server are a download of that
        # case's data, by someone who may still open the case.
        case = case_for_user(request.user, reference)
        services.template_preview_downloaded(template=template, case=case, by=request.user)
        return pdf_response(f"PREVIEW-{template.key}.pdf", result, attachment=False)
    response = render(
        request, "documents/petition_template_preview_wait.html", context,
        status={"pending": 200, "problem": 400}.get(state, 404),
    )  # fmt: skip
    if state == "pending":
        response["Refresh"] = "2"
    return response


def _draft_key(template) -> str:
    return f"petition-template-draft:{template.pk}"


# Only the template's own inline styles run inside the preview frame: no script, no
# requests anywhere but bundled fonts and images, and a sandbox on top.
PREVIEW_FRAME_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'self'; sandbox"
)


@xframe_options_sameorigin
def template_preview_frame(request, template_id: UUID):
    """The last previewed draft, filled from its case, as a page for the preview frame."""
    _require_admin(request)
    template = selectors.template_for_admin(request.user, template_id)
    if refused := method_not_allowed(request, "GET"):
        return refused
    draft = request.session.get(_draft_key(template))
    if draft is None:
        html = "<p>Choose a case to see the template filled in.</p>"
    else:
        case = case_for_user(request.user, draft["case"])
        log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
                 data={"page": "template_preview"})  # fmt: skip
        try:
            html = template_preview(
                case=case, template=template, html=draft["html"], css=draft["css"],
                by=request.user,
            )  # fmt: skip
        except TemplateProblem as problem:
            html = f"<p>{escape(str(problem))}</p>"
    response = HttpResponse(html)
    response["Content-Security-Policy"] = PREVIEW_FRAME_POLICY
    return response
