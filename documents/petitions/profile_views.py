"""A member's own advocate details and the organisation's Urdu print settings."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.http import method_not_allowed
from casework.models import Role
from casework.selectors import membership_of
from documents.models import AdvocateProfile, DigitSystem
from documents.petitions.profile_services import advocate_profile_save, petition_settings_save
from documents.petitions.render import petition_settings


class AdvocateProfileForm(forms.Form):
    enrolment_number = forms.CharField(
        label=_("Enrolment number"), max_length=60, required=False,
        help_text=_("As on your licence, e.g. Advocate High Court, ICTBC/1234"),
    )  # fmt: skip
    bar_council = forms.CharField(label=_("Bar council"), max_length=120, required=False)
    office_address = forms.CharField(
        label=_("Office address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=_("Office phone"), max_length=32, required=False)
    name_ur = forms.CharField(label=_("Your name in Urdu"), max_length=150, required=False)


class PetitionSettingsForm(forms.Form):
    urdu_digits = forms.ChoiceField(
        label=_("Digits in Urdu petitions"), choices=DigitSystem.choices
    )
    letterhead_ur = forms.CharField(
        label=_("Letterhead in Urdu"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Printed at the top of Urdu petitions instead of the English letterhead."),
    )  # fmt: skip


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def advocate_profile(request):
    membership_of(request.user)  # members only
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    profile = AdvocateProfile.objects.filter(user=request.user).first()
    initial = {
        name: getattr(profile, name)
        for name in ("enrolment_number", "bar_council", "office_address", "phone", "name_ur")
    } if profile else {}  # fmt: skip
    form = AdvocateProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        advocate_profile_save(by=request.user, **form.cleaned_data)
        messages.success(request, gettext("Your advocate details are saved; new PDFs print them."))
        return redirect("documents:advocate-profile")
    return render(
        request, "documents/advocate_profile.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip


def petition_settings_edit(request):
    membership = membership_of(request.user)
    if membership.role != Role.ADMIN:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    current = petition_settings(membership.organisation)
    form = PetitionSettingsForm(
        request.POST or None,
        initial={"urdu_digits": current.urdu_digits, "letterhead_ur": current.letterhead_ur},
    )
    if request.method == "POST" and form.is_valid():
        try:
            petition_settings_save(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("Petition settings saved."))
            return redirect("documents:petition-settings")
    return render(
        request, "documents/petition_settings.html", {"form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip
