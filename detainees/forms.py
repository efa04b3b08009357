from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL, NATIVE
from casework.models import Stage
from detainees.case_list import AWAITING_PRODUCTION
from detainees.models import CustodyChange, CustodyStatus, Detention, Person
from detainees.services import DETENTION_FIELDS, PERSON_FIELDS
from documents.selectors import CASE_COVERAGE_CHOICES


class PersonForm(forms.ModelForm):
    """Validates and renders; the write goes through detainees.services.person_update."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "given_name_native": forms.TextInput(attrs=NATIVE),
            "family_name_native": forms.TextInput(attrs=NATIVE),
            "father_name_native": forms.TextInput(attrs=NATIVE),
            "husband_name_native": forms.TextInput(attrs=NATIVE),
            "date_of_birth": DATE_INPUT,
            "address_in_pakistan": forms.Textarea(attrs={"rows": 3}),
        }


class DetentionForm(forms.ModelForm):
    class Meta:
        model = Detention
        fields = DETENTION_FIELDS
        widgets = {
            "arrested_at": DATETIME_LOCAL,
            "arrest_time": forms.RadioSelect,
            "produced_at": DATETIME_LOCAL,
            "fir_date": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrest_time"].required = False

    def clean_arrest_time(self):
        # Not sent (an older form, a script): the time stays described as it was.
        return self.cleaned_data["arrest_time"] or self.instance.arrest_time


class CustodyChangeForm(forms.ModelForm):
    """Validates and renders; the write goes through detainees.services.custody_change_record."""

    class Meta:
        model = CustodyChange
        fields = ("kind", "occurred_at", "place", "source", "order_date", "remand_days")
        widgets = {"occurred_at": DATETIME_LOCAL, "order_date": DATE_INPUT}
        help_texts = {
            "order_date": "For a police or judicial remand: the magistrate's order.",
            "remand_days": "For a remand: how many days the order allows.",
        }


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "Name, father's name, reference or FIR"}),
    )  # fmt: skip
    stage = forms.ChoiceField(choices=[("", _("Any stage")), *Stage.choices], required=False)
    custody = forms.ChoiceField(
        label=_("Custody"),
        choices=[
            ("", _("Any custody status")),
            (AWAITING_PRODUCTION, _("Not yet produced before a magistrate")),
            *CustodyStatus.choices,
        ],
        required=False,
    )
    lawyer = forms.TypedChoiceField(
        label=_("Lead lawyer"), coerce=int, required=False, empty_value=None
    )
    papers = forms.ChoiceField(
        label=_("Papers"), choices=[("", _("Any papers")), *CASE_COVERAGE_CHOICES], required=False
    )

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = [("", "Any lawyer")] + [
            (u.pk, u.get_full_name() or u.username) for u in lawyers
        ]
