from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL, NATIVE
from casework.models import Outcome, Stage
from detainees.case_list import AWAITING_PRODUCTION
from detainees.custody import OUTCOMES_OF_MOVE
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
        labels = {
            "given_name": _("Given name (Latin script)"),
            "family_name": _("Family name (Latin script)"),
            "given_name_native": _("Given name (Perso-Arabic script)"),
            "family_name_native": _("Family name (Perso-Arabic script)"),
            "father_name": _("Father's name (Latin script)"),
            "father_name_native": _("Father's name (Perso-Arabic script)"),
            "gender": _("Gender"),
            "date_of_birth": _("Date of birth"),
            "estimated_age": _("Age on the day of arrest"),
            "age_approximate": _("The date of birth or age is approximate"),
            "province_of_origin": _("Province of origin"),
            "district_of_origin": _("District of origin"),
            "languages": _("Languages"),
            "phone": _("Phone"),
            "family_contact": _("Family contact"),
            "address_in_pakistan": _("Address in Pakistan"),
            "year_of_arrival": _("Year of arrival"),
            "family_in_pakistan": _("Family in Pakistan"),
            "illness": _("Illness or disability"),
            "husband_name": _("Husband's name (Latin script)"),
            "husband_name_native": _("Husband's name (Perso-Arabic script)"),
        }


# The detention's fields as every form names them: the model keeps untranslated names.
DETENTION_LABELS = {
    "arrested_at": _("Arrested at"),
    "arrest_time": _("Time of arrest is"),
    "arrest_place": _("Arrest place"),
    "arrest_place_kind": _("Arrest place kind"),
    "arresting_agency": _("Arresting agency"),
    "police_station": _("Police station"),
    "fir_number": _("FIR number"),
    "fir_date": _("FIR date"),
    "sections_charged": _("Sections charged"),
    "custody_location": _("Where held"),
    "produced_at": _("Produced before a magistrate at"),
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
        labels = DETENTION_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrest_time"].required = False

    def clean_arrest_time(self):
        # Not sent (an older form, a script): the time stays described as it was.
        return self.cleaned_data["arrest_time"] or self.instance.arrest_time


class CustodyChangeForm(forms.ModelForm):
    """Validates and renders; the write goes through detainees.services.custody_change_record.

    A release or a deportation is also an outcome: the form asks which, in the same step
    (the service says when it cannot tell by itself)."""

    outcome = forms.ChoiceField(
        label=_("Which outcome was it?"),
        required=False,
        help_text=_(
            "For a release: how it came about. Left empty, a deportation is recorded as one, "
            "and a release on bail follows the latest bail granted."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Outcome.choices)
        self.fields["outcome"].choices = [("", "—")] + [
            (value, labels[value])
            for value in dict.fromkeys(v for group in OUTCOMES_OF_MOVE.values() for v in group)
        ]

    class Meta:
        model = CustodyChange
        fields = ("kind", "occurred_at", "place", "source", "order_date", "remand_days", "outcome")
        widgets = {"occurred_at": DATETIME_LOCAL, "order_date": DATE_INPUT}
        help_texts = {
            "order_date": _("For a police or judicial remand: the magistrate's order."),
            "remand_days": _("For a remand: how many days the order allows."),
        }
        labels = {
            "kind": _("Kind"),
            "occurred_at": _("When"),
            "place": _("Where"),
            "source": _("Who says so"),
            "order_date": _("Date of the remand order"),
            "remand_days": _("Days of remand"),
        }


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, father's name, reference or FIR")}),
    )  # fmt: skip
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any stage")), *Stage.choices], required=False
    )
    custody = forms.ChoiceField(
        label=_("Custody"),
        choices=[
            ("", _("Any custody status")),
            (AWAITING_PRODUCTION, _("Not yet produced before a magistrate")),
            *CustodyStatus.choices,
        ],
        required=False,
    )
    # Named by membership public id in the querystring; the filter takes the user's id.
    lawyer = forms.ChoiceField(label=_("Lead lawyer"), required=False)
    papers = forms.ChoiceField(
        label=_("Papers"), choices=[("", _("Any papers")), *CASE_COVERAGE_CHOICES], required=False
    )

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._lawyer_ids = {str(u.membership.public_id): u.pk for u in lawyers}
        self.fields["lawyer"].choices = [("", gettext("Any lawyer"))] + [
            (str(u.membership.public_id), u.get_full_name() or u.username) for u in lawyers
        ]

    def clean_lawyer(self) -> int | None:
        return self._lawyer_ids.get(self.cleaned_data["lawyer"])
