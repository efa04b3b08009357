from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms import DATETIME_LOCAL
from detainees.models import ContactRole, Relation


class ContactForm(forms.Form):
    """Validates and renders; the write goes through detainees.bail.contacts."""

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("As on the CNIC"))
    relation = forms.ChoiceField(
        label=_("s/o, d/o or w/o"), required=False, choices=[("", "—"), *Relation.choices]
    )
    relation_name = forms.CharField(label=_("Father's or husband's name"), max_length=200,
                                    required=False)  # fmt: skip
    relation_to_detainee = forms.CharField(
        label=_("Relation to the detainee"), max_length=100, required=False,
        help_text=_("e.g. brother, uncle, employer"),
    )  # fmt: skip
    cnic = forms.CharField(label=_("CNIC number"), max_length=20, required=False,
                           help_text=_("13 digits, e.g. 35202-1234567-1"))  # fmt: skip
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    solvency = forms.CharField(
        label=_("Solvency"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The property (and where it is) or the employment and income that answer "
                    "for the bond"),
    )  # fmt: skip
    solvency_value = forms.IntegerField(label=_("Its value in rupees"), required=False, min_value=0)

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        if role != ContactRole.SURETY:
            # A next friend files the petition; nothing of theirs answers for a bond.
            del self.fields["solvency"], self.fields["solvency_value"]

    @classmethod
    def initial_from(cls, contact) -> dict:
        if contact is None:
            return {}
        return {name: getattr(contact, name) for name in cls.base_fields}


class ReleaseOrderForm(forms.Form):
    delivered_at = forms.DateTimeField(label=_("Delivered at"), widget=DATETIME_LOCAL)
    delivered_to = forms.CharField(
        label=_("Delivered to"), max_length=200,
        help_text=_("e.g. the Superintendent, Central Jail; the SHO of the police station"),
    )  # fmt: skip
