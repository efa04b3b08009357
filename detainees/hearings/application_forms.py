from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT
from detainees.hearings.selectors import courts_in_use
from detainees.models import ApplicationKind, ApplicationResult


class ApplicationForm(forms.Form):
    """Validates and renders; the write goes through detainees.hearings.application_services."""

    kind = forms.ChoiceField(label=_("Application"), choices=[("", "—"), *ApplicationKind.choices])
    court = forms.ModelChoiceField(label=_("Court"), queryset=None, empty_label=_("Choose a court"))
    filed_on = forms.DateField(label=_("Date filed"), widget=DATE_INPUT)
    number = forms.CharField(label=_("Number"), max_length=60, required=False,
                             help_text=_("As the court numbered it, e.g. 412/2026"))  # fmt: skip
    result = forms.ChoiceField(label=_("Result"), choices=ApplicationResult.choices)
    order_on = forms.DateField(
        label=_("Date of the order"), required=False, widget=DATE_INPUT,
        help_text=_("Needed once the court has decided; a petition cites it."),
    )  # fmt: skip
    bond_amount = forms.IntegerField(
        label=_("Bond amount (Rs.)"), required=False, min_value=1,
        help_text=_("When bail is granted: the sum the court fixed for the bond and each surety"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts_in_use()

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("kind", "court", "filed_on", "number", "result", "order_on",
                 "bond_amount")}  # fmt: skip
