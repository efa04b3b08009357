from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import TokenScope
from api.services import MAX_TOKEN_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What it is for, e.g. “Office spreadsheet”")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices, initial=TokenScope.READ)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=90
    )


class InboxTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Partner"), max_length=100, help_text=_("Who will hold it, e.g. “Peshawar hotline”")
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("e.g. “Already our client (ISB-2026-0012)”, or “Not in our area”"),
    )
