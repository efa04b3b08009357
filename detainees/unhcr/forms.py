from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT
from detainees.models import ConsentHow, UnhcrAnswer, UnhcrChannel
from detainees.unhcr.services import REQUEST_FIELDS


class UnhcrRequestForm(forms.Form):
    """Validates and renders; the write goes through detainees.unhcr.services."""

    consent_given_by = forms.CharField(
        label=_("Consent given by"), max_length=200, required=False,
        help_text=_("The client, or who consented for a minor"),
    )  # fmt: skip
    consent_on = forms.DateField(label=_("Consent given on"), required=False, widget=DATE_INPUT)
    consent_how = forms.ChoiceField(
        label=_("How"), required=False, choices=[("", "—"), *ConsentHow.choices]
    )
    sent_on = forms.DateField(label=_("Request sent on"), required=False, widget=DATE_INPUT,
                              help_text=_("Only once consent is recorded"))  # fmt: skip
    channel = forms.ChoiceField(
        label=_("Sent by"), required=False, choices=[("", "—"), *UnhcrChannel.choices]
    )
    answer = forms.ChoiceField(
        label=_("UNHCR's answer"),
        required=False,
        choices=[("", _("Awaited")), *UnhcrAnswer.choices],
    )
    answered_on = forms.DateField(label=_("Answer received on"), required=False, widget=DATE_INPUT)
    their_reference = forms.CharField(label=_("UNHCR's reference"), max_length=100, required=False)
    answer_note = forms.CharField(label=_("What UNHCR said"), max_length=300, required=False,
                                  help_text=_("Needed for “other answer”"))  # fmt: skip

    @classmethod
    def initial_from(cls, request) -> dict:
        if request is None:
            return {}
        return {name: getattr(request, name) for name in REQUEST_FIELDS}
