"""The organisation's settings page, for its admins only; everyone else gets 404."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext

from accounts.organisation_forms import IntakeDutyForm, OrganisationSettingsForm
from accounts.reauth import reauth_redirect
from accounts.selectors import admin_membership_of
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.models import Role
from casework.organisation_services import (
    closed_cases_due,
    intake_duty_set,
    organisation_update,
)
from casework.selectors import membership_of, organisation_members


def organisation_settings(request, organisation_id: UUID):
    organisation = admin_membership_of(request.user).organisation
    # The id in the URL only ever names the admin's own organisation; any other reads as
    # missing, like every object outside one's organisation.
    if organisation.public_id != organisation_id:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    # Asked before the form is shown, not on saving, so that no one types in vain.
    if stale := reauth_redirect(request):
        return stale
    initial = {
        "retention_days": organisation.retention_days,
        "time_zone": organisation.time_zone,
        "letterhead": organisation.letterhead,
    }
    data = request.POST if request.method == "POST" else None
    form = OrganisationSettingsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = organisation_update(organisation=organisation, by=request.user,
                                          **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            labels = [str(form.fields[name].label).split(" (")[0].lower() for name in changed]
            messages.success(
                request,
                gettext("Saved: %(fields)s.") % {"fields": ", ".join(labels)}
                if labels
                else gettext("Nothing changed."),
            )
            return redirect(
                "accounts:organisation-settings", organisation_id=organisation.public_id
            )
    context = {
        "organisation": organisation,
        "form": form,
        "due_now": closed_cases_due(
            organisation=organisation, retention_days=organisation.retention_days
        ),
    }
    return render(
        request, "accounts/organisation_settings.html", context, status=400 if form.errors else 200
    )


def intake_duty(request, organisation_id: UUID):
    """Which paralegals hear of every new case, set by the organisation's supervisors."""
    membership = membership_of(request.user)
    if (
        not membership.sees_whole_organisation
        or membership.organisation.public_id != organisation_id
    ):
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    paralegals = organisation_members(request.user, (Role.PARALEGAL,))
    form = IntakeDutyForm(
        request.POST or None,
        paralegals=paralegals,
        initial={"paralegals": [u for u in paralegals if u.membership.on_intake_duty]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = intake_duty_set(
                organisation=membership.organisation, by=membership,
                user_ids={u.pk for u in form.cleaned_data["paralegals"]},
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s paralegal on intake duty.",
                    "%(count)s paralegals on intake duty.",
                    count,
                )
                % {"count": count},
            )
            return redirect("accounts:intake-duty", organisation_id=organisation_id)
    return render(
        request, "accounts/intake_duty.html", {"form": form}, status=400 if form.errors else 200
    )
