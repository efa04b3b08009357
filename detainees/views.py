import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user
from detainees import services
from detainees.forms import CustodyChangeForm, DetentionForm, PersonForm


def _edit(request, reference, *, form_class, instance_of, service, title):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case,
             obj=instance_of(case), data={"page": "edit"})  # fmt: skip
    # The form validates a copy; the service applies the change and records it.
    form = form_class(request.POST or None, instance=copy.copy(instance_of(case)))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            service(case=case, fields=fields, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("%(title)s saved.") % {"title": title})
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "detainees/case_section_form.html",
        {"case": case, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


def person_edit(request, reference: str):
    return _edit(
        request, reference, form_class=PersonForm, instance_of=lambda c: c.person,
        service=services.person_update, title=gettext("Detainee details"),
    )  # fmt: skip


def detention_edit(request, reference: str):
    return _edit(
        request, reference, form_class=DetentionForm, instance_of=lambda c: c.detention,
        service=services.detention_update, title=gettext("Detention details"),
    )  # fmt: skip


def custody_change_add(request, reference: str):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "custody"})  # fmt: skip
    # "Record the release" on the bail card opens the form on "released on bail".
    form = CustodyChangeForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            services.custody_change_record(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Custody recorded."))
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "detainees/case_section_form.html",
        {"case": case, "form": form, "title": gettext("Where is the detainee now?")},
        status=400 if form.errors else 200,
    )
