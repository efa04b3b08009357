from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT
from detainees.models import Referral, RiskGroup, RiskLevel


class RiskScreeningForm(forms.Form):
    """Validates and renders; the write goes through risk_services.risk_screening_save."""

    level = forms.ChoiceField(label=_("Risk level if returned"), choices=RiskLevel.choices)
    groups = forms.MultipleChoiceField(
        label=_("Risk groups that apply"),
        choices=RiskGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=200, required=False)
    religion = forms.CharField(label=_("Religion or sect"), max_length=200, required=False)
    sogi = forms.CharField(
        label=_("Sexual orientation and gender identity"), max_length=200, required=False
    )
    affiliations = forms.CharField(
        label=_("Affiliations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Former government or forces, foreign forces, international organisations, "
            "journalism. Only what the case needs."
        ),
    )
    notes = forms.CharField(
        label=_("Risk notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def initial_from(cls, screening) -> dict:
        if screening is None:
            return {}
        return {
            "level": screening.level,
            "groups": screening.group_list,
            "ethnicity": screening.ethnicity,
            "religion": screening.religion,
            "sogi": screening.sogi,
            "affiliations": screening.affiliations,
            "notes": screening.notes,
        }


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ("body", "status", "referred_on", "status_on", "their_reference")
        widgets = {"referred_on": DATE_INPUT, "status_on": DATE_INPUT}
        labels = {
            "body": _("Referred to"),
            "status": _("Status"),
            "referred_on": _("Date referred"),
            "status_on": _("Date of the latest status"),
            "their_reference": _("Their reference"),
        }
