"""Risk screening pages. Everything is reached through the case; special-category values
are decrypted only by ``risk_screening_reveal``, which audits the read."""

import copy
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import case_for_user
from detainees.risk import services as risk_services
from detainees.risk.forms import ReferralForm, RiskScreeningForm


def _case(request, reference: str, perm: str):
    case = case_for_user(request.user, reference, perm)
    if not risk_services.may_see_special_category(request.user, case):
        raise Http404
    return case


def _page_read(request, case, page: str) -> None:
    # The page is a read of the case record (its referrals name the client at UNHCR or a
    # partner), screening or not; decrypting the screening is audited apart, as risk.viewed.
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": page})  # fmt: skip


def risk_detail(request, reference: str):
    case = _case(request, reference, "view_case")
    if refused := method_not_allowed(request, "GET"):
        return refused
    _page_read(request, case, "risk")
    screening = risk_services.risk_screening_reveal(case=case, by=request.user)
    referrals = case.referrals.all()
    return render(
        request,
        "detainees/risk_detail.html",
        {"case": case, "screening": screening, "referrals": referrals},
    )


def risk_edit(request, reference: str):
    case = _case(request, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    _page_read(request, case, "risk")
    form = RiskScreeningForm(request.POST or None)
    if request.method == "GET":
        screening = risk_services.risk_screening_reveal(case=case, by=request.user, purpose="edit")
        form = RiskScreeningForm(initial=RiskScreeningForm.initial_from(screening))
    elif form.is_valid():
        try:
            risk_services.risk_screening_save(case=case, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Risk screening saved."))
            return redirect("detainees:risk-detail", reference=case.reference)
    return render(
        request,
        "detainees/risk_form.html",
        {"case": case, "form": form, "title": gettext("Risk screening")},
        status=400 if form.errors else 200,
    )


def referral_edit(request, reference: str, referral_id: UUID | None = None):
    case = _case(request, reference, "change_case")
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    referral = None
    if referral_id is not None:
        referral = case.referrals.filter(public_id=referral_id).first()
        if referral is None:
            raise Http404
    _page_read(request, case, "referral")
    # The form validates a copy; the service applies the change and records it.
    form = ReferralForm(request.POST or None, instance=copy.copy(referral))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ReferralForm.Meta.fields}
        try:
            risk_services.referral_save(
                case=case, referral=referral, fields=fields, by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Referral saved."))
            return redirect("detainees:risk-detail", reference=case.reference)
    return render(
        request,
        "detainees/risk_form.html",
        {"case": case, "form": form, "title": "Referral" if referral else "New referral"},
        status=400 if form.errors else 200,
    )
