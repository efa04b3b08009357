"""Sureties, the next friend and the release order: access check, one service, redirect."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user
from detainees.bail.contacts import case_contact_remove, case_contact_save
from detainees.bail.forms import ContactForm, ReleaseOrderForm
from detainees.bail.release import release_order_record
from detainees.models import ApplicationKind, ApplicationResult, ContactRole

# Whole sentences for each role: a language may inflect "surety" and "next friend" apart.
TEXTS = {
    ContactRole.SURETY: {
        "add": _("Add a surety"),
        "correct": _("Correct the surety"),
        "remove": _("Remove the surety"),
        "saved": _("The surety is recorded."),
        "removed": _("The surety is removed from the case."),
    },
    ContactRole.NEXT_FRIEND: {
        "add": _("Add a next friend"),
        "correct": _("Correct the next friend"),
        "remove": _("Remove the next friend"),
        "saved": _("The next friend is recorded."),
        "removed": _("The next friend is removed from the case."),
    },
    ContactRole.GUARDIAN: {
        "add": _("Add the guardian"),
        "correct": _("Correct the guardian"),
        "remove": _("Remove the guardian"),
        "saved": _("The guardian is recorded."),
        "removed": _("The guardian is removed from the case."),
    },
}


def contact_edit(request, reference: str, role: str | None = None, contact_id: UUID | None = None):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "contact"})  # fmt: skip
    contact = None
    if contact_id is not None:
        contact = get_object_or_404(case.contacts.all(), public_id=contact_id)
        role = contact.role
    if role not in ContactRole.values:
        raise Http404
    form = ContactForm(request.POST or None, role=role, initial=ContactForm.initial_from(contact))
    if request.method == "POST" and form.is_valid():
        try:
            case_contact_save(
                case=case, by=request.user, role=role, contact=contact, fields=form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, TEXTS[role]["saved"])
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "detainees/case_section_form.html",
        {"case": case, "form": form, "title": TEXTS[role]["correct" if contact else "add"]},
        status=400 if form.errors else 200,
    )


def contact_remove(request, reference: str, contact_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "contact"})  # fmt: skip
    contact = get_object_or_404(case.contacts.all(), public_id=contact_id)
    if request.method == "POST":
        case_contact_remove(case=case, by=request.user, contact=contact)
        messages.success(request, TEXTS[contact.role]["removed"])
        return redirect("casework:case-detail", reference=case.reference)
    return render(
        request, "detainees/contact_remove.html",
        {"case": case, "contact": contact, "title": TEXTS[contact.role]["remove"]},
    )  # fmt: skip


def release_order_edit(request, reference: str, application_id: UUID):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "release_order"})  # fmt: skip
    application = get_object_or_404(
        case.applications.filter(kind=ApplicationKind.BAIL, result=ApplicationResult.GRANTED),
        public_id=application_id,
    )
    initial = {
        "delivered_at": application.release_order_delivered_at,
        "delivered_to": application.release_order_delivered_to,
    }
    form = ReleaseOrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            release_order_record(
                case=case, by=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Delivery of the release order recorded."))
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "detainees/case_section_form.html",
        {"case": case, "form": form, "title": gettext("Release order delivered")},
        status=400 if form.errors else 200,
    )
