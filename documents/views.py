"""Document pages. Case-bound ones fetch their case through case_for_user first, then
everything else through that case, so strangers get 404 whatever the method."""

import copy
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user, membership_of
from documents import services
from documents.forms import (
    CoveragePreviewForm,
    DocumentEditForm,
    DocumentForm,
    NumberPatternForm,
    ScanForm,
    ValidityRuleForm,
    VerificationForm,
)
from documents.models import DocumentKind, NumberPattern
from documents.selectors import (
    arrest_date,
    coverage_on_arrest_day,
    documents_of_case,
    duplicate_number,
    number_pattern_warning,
)
from documents.timeline_selectors import (
    TimelineViewer,
    rule_revisions,
    shared_timeline_changes,
    timeline_rule,
    timeline_rules,
    timeline_viewer,
)


def file_download(request, reference: str, file_id):
    case = case_for_user(request.user, reference)
    stored = case.files.filter(public_id=file_id).first()
    if stored is None:
        raise Http404
    if refused := method_not_allowed(request, "GET"):
        return refused
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    services.file_downloaded(case=case, stored=stored, by=request.user)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{case.reference}-{stored.purpose}-{stored.public_id.hex[:8]}.{stored.extension}",
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _submitted(request):
    """Bind forms to every POST, even an empty one: it must fail validation, not look new."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _render_form(
    request, case, form, title, *, status=None, document=None, submit=None, preview=False
):
    log_read(request, "case.viewed", organisation=case.organisation, case=case,
             obj=document or case, data={"page": "document"})  # fmt: skip
    context = {"case": case, "form": form, "title": title, "document": document,
               "submit": submit, "preview": preview}  # fmt: skip
    return render(
        request,
        "documents/case_form.html",
        context,
        status=status or (400 if form.errors else 200),
    )


def _warn_about_number(request, case, document) -> None:
    """Warnings, never refusals: the number may be mistyped, or held on another record."""
    pattern = number_pattern_warning(
        case.organisation_id, document.kind, document.number_normalised
    )
    if pattern:
        messages.warning(request, pattern)
    duplicate = duplicate_number(
        request.user,
        number_normalised=document.number_normalised,
        exclude_person_id=case.person_id,
    )
    if duplicate:
        messages.warning(
            request,
            gettext(
                "A record with this number already exists in your organisation; "
                "see the warning next to the document."
            ),
        )


def document_add(request, reference: str):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = DocumentForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DocumentForm.Meta.fields}
        try:
            document = services.document_add(
                case=case, fields=fields, by=request.user, scans=form.cleaned_data["scans"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, gettext("%(kind)s added.") % {"kind": document.get_kind_display()}
            )
            _warn_about_number(request, case, document)
            return redirect("casework:case-detail", reference=case.reference)
    return _render_form(request, case, form, gettext("Add a document"), preview=True)


def _document_of(case, document_id: UUID):
    document = documents_of_case(case).filter(public_id=document_id).first()
    if document is None:
        raise Http404
    return document


def coverage_preview(request, reference: str):
    """The verdict while the form is being filled (htmx); the form works without it."""
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET"):
        return refused
    form = CoveragePreviewForm(request.GET)
    result = None
    if form.is_valid():
        result = coverage_on_arrest_day(case, **form.cleaned_data)
    return render(
        request,
        "documents/_coverage_preview.html",
        {"case": case, "coverage": result, "arrest_day": arrest_date(case)},
        status=200 if result else 400,
    )


def document_edit(request, reference: str, document_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    document = _document_of(case, document_id)
    # The form validates a copy; the service applies the change and records it.
    form = DocumentEditForm(_submitted(request)[0], instance=copy.copy(document))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in DocumentEditForm.Meta.fields}
        try:
            services.document_update(case=case, document=document, fields=fields, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, gettext("%(kind)s saved.") % {"kind": document.get_kind_display()}
            )
            _warn_about_number(request, case, document)
            return redirect("casework:case-detail", reference=case.reference)
    return _render_form(
        request,
        case,
        form,
        gettext("Correct: %(document)s") % {"document": document},
        document=document,
        preview=True,
    )


def document_scan_add(request, reference: str, document_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    document = _document_of(case, document_id)
    form = ScanForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_attach_scans(
                case=case, document=document, uploads=form.cleaned_data["scans"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Scan added."))
            return redirect("casework:case-detail", reference=case.reference)
    return _render_form(
        request,
        case,
        form,
        gettext("Add scans: %(document)s") % {"document": document},
        document=document,
    )


def verification_add(request, reference: str, document_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    document = _document_of(case, document_id)
    form = VerificationForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.verification_record(
                case=case, document=document, method=data["method"], result=data["result"],
                notes=data["notes"], checked_at=data["checked_at"], by=request.user,
                evidence=data["evidence"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Verification recorded."))
            return redirect("casework:case-detail", reference=case.reference)
    return _render_form(
        request, case, form, gettext("Record a check: %(document)s") % {"document": document},
        document=document,
        submit=gettext("Record the check"),
    )  # fmt: skip


# The validity timeline: shared rules edited by platform staff only; an organisation's own
# rules by its administrators. Number formats: organisation-wide, edited by administrators.


def _is_admin(user) -> bool:
    return membership_of(user).is_admin


def _admin_only(user) -> None:
    # Not "forbidden": like a case that is not yours, a page you may not use does not exist.
    if not _is_admin(user):
        raise Http404


def _timeline_viewer(request) -> TimelineViewer:
    """Members and platform staff read the timeline; anyone else gets 404."""
    viewer = timeline_viewer(request.user)
    if viewer is None:
        raise Http404
    return viewer


def timeline(request):
    viewer = _timeline_viewer(request)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(
        request,
        "documents/timeline.html",
        {"rules": timeline_rules(viewer), "viewer": viewer},
    )


def timeline_changes(request):
    viewer = _timeline_viewer(request)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(
        request,
        "documents/timeline_changes.html",
        {"changes": shared_timeline_changes(viewer), "viewer": viewer},
    )


def rule_history(request, rule_id: UUID):
    viewer = _timeline_viewer(request)
    rule = timeline_rule(viewer, rule_id)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(
        request,
        "documents/rule_history.html",
        {"rule": rule, "revisions": rule_revisions(viewer, rule), "viewer": viewer,
         "can_edit": viewer.may_edit(rule)},
    )  # fmt: skip


def rule_edit(request, rule_id: UUID | None = None):
    viewer = _timeline_viewer(request)
    rule, shared = None, request.GET.get("scope") != "own" and viewer.edits_shared
    if rule_id is not None:
        rule = timeline_rule(viewer, rule_id)
        shared = rule.is_shared
    if not (viewer.may_edit(rule) if rule else viewer.may_create(shared=shared)):
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = ValidityRuleForm(_submitted(request)[0], instance=copy.copy(rule) if rule else None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ValidityRuleForm.Meta.fields}
        try:
            saved = services.validity_rule_save(
                rule=rule, fields=fields, reason=form.cleaned_data["reason"], by=request.user,
                shared=shared,
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, gettext("Timeline rule saved. The earlier version stays on record.")
            )
            return redirect("documents:rule-history", rule_id=saved.public_id)
    return render(
        request,
        "documents/rule_form.html",
        {"form": form, "rule": rule, "shared": shared},
        status=400 if form.errors else 200,
    )


def number_patterns(request):
    _admin_only(request.user)
    membership = membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = NumberPatternForm(_submitted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            services.number_pattern_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Number format saved."))
            return redirect("documents:number-patterns")
    patterns = NumberPattern.objects.filter(organisation_id=membership.organisation_id)
    return render(
        request,
        "documents/number_patterns.html",
        {"form": form, "patterns": patterns, "kinds": DocumentKind},
        status=400 if form.errors else 200,
    )
