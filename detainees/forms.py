from django import forms

from casework.forms import DATE_INPUT, DATETIME_LOCAL, NATIVE
from detainees.models import Detention, Person
from detainees.services import DETENTION_FIELDS, PERSON_FIELDS


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
            "produced_at": DATETIME_LOCAL,
            "fir_date": DATE_INPUT,
        }
