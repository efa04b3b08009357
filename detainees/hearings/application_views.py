"""Applications already made for a case: access check, one service, redirect."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user
from detainees.hearings.application_forms import ApplicationForm
from detainees.hearings.application_services import application_record


def application_edit(request, reference: str, application_id: UUID | None = None):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    application = None
    initial = {}
    if application_id is not None:
        application = get_object_or_404(
            case.applications.select_related("court"), public_id=application_id
        )
        initial = {
            "kind": application.kind, "court": application.court, "filed_on": application.filed_on,
            "number": application.number, "result": application.result,
            "order_on": application.order_on, "bond_amount": application.bond_amount,
        }  # fmt: skip
    log_read(request, "case.viewed", organisation=case.organisation, case=case,
             obj=application or case, data={"page": "application"})  # fmt: skip
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application_record(
                case=case, by=request.user, application=application, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Application recorded."))
            return redirect("casework:case-detail", reference=case.reference)
    title = gettext("Correct an application") if application else gettext("Record an application")
    return render(
        request,
        "detainees/application_form.html",
        {"case": case, "form": form, "title": title, "application": application},
        status=400 if form.errors else 200,
    )
