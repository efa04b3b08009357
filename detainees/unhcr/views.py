"""UNHCR verification requests of a case: access check, one service, redirect."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user
from detainees.unhcr.forms import UnhcrRequestForm
from detainees.unhcr.services import unhcr_request_save


def unhcr_request_edit(request, reference: str, request_id: UUID | None = None):
    case = case_for_user(request.user, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "unhcr_request"})  # fmt: skip
    existing = None
    if request_id is not None:
        existing = get_object_or_404(case.unhcr_requests.all(), public_id=request_id)
    form = UnhcrRequestForm(request.POST or None, initial=UnhcrRequestForm.initial_from(existing))
    if request.method == "POST" and form.is_valid():
        try:
            unhcr_request_save(
                case=case, by=request.user, request=existing, fields=form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("UNHCR verification request saved."))
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "detainees/unhcr_request_form.html",
        {"case": case, "form": form, "existing": existing,
         "title": gettext("UNHCR verification request")},
        status=400 if form.errors else 200,
    )  # fmt: skip
