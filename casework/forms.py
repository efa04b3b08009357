from django import forms
from django.core.exceptions import ValidationError

from casework.models import Stage
from casework.selectors import AWAITING_PRODUCTION
from detainees.models import Agency, CustodyStatus, Gender, PlaceKind
from documents.models import DocumentKind
from documents.selectors import CASE_COVERAGE_CHOICES

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NATIVE = {"dir": "rtl", "lang": "fa"}


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class IntakeForm(forms.Form):
    """The one short form a lawyer fills at a police station. Only four things are required."""

    given_name = forms.CharField(label="Name", max_length=120, required=False)
    family_name = forms.CharField(label="Family name", max_length=120, required=False)
    given_name_native = forms.CharField(
        label="Name (Dari/Pashto/Urdu)", max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    family_name_native = forms.CharField(
        label="Family name (Dari/Pashto/Urdu)", max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    father_name = forms.CharField(label="Father's name", max_length=120, required=False)
    father_name_native = forms.CharField(
        label="Father's name (Dari/Pashto/Urdu)", max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    arrested_at = forms.DateTimeField(label="Arrested at (date and time)", widget=DATETIME_LOCAL)
    custody_location = forms.CharField(
        label="Where held now", max_length=200,
        help_text="Police station, jail or holding centre",
    )  # fmt: skip
    police_station = forms.CharField(label="Police station", max_length=120, required=False)
    fir_number = forms.CharField(label="FIR number", max_length=40, required=False)
    arrest_place = forms.CharField(label="Place of arrest", max_length=200, required=False)
    arrest_place_kind = forms.ChoiceField(
        label="Kind of place", choices=_blank(PlaceKind.choices), required=False
    )
    arresting_agency = forms.ChoiceField(
        label="Arresting agency", choices=_blank(Agency.choices), required=False
    )
    gender = forms.ChoiceField(choices=_blank(Gender.choices), required=False)
    phone = forms.CharField(label="Detainee's phone", max_length=32, required=False)
    family_contact = forms.CharField(
        label="Family contact", max_length=200, required=False,
        help_text="Name, relation and phone",
    )  # fmt: skip

    # Optional at intake: a number lets the duplicate check find the person on other records.
    document_kind = forms.ChoiceField(
        label="Document kind", choices=_blank(DocumentKind.choices), required=False
    )
    document_number = forms.CharField(label="Document number", max_length=64, required=False)

    PERSON = (
        "given_name", "family_name", "given_name_native", "family_name_native",
        "father_name", "father_name_native", "gender", "phone", "family_contact",
    )  # fmt: skip
    DETENTION = (
        "arrested_at", "custody_location", "police_station", "fir_number",
        "arrest_place", "arrest_place_kind", "arresting_agency",
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if not (data.get("given_name") or data.get("given_name_native")):
            self.add_error("given_name", "Enter the detainee's name in either script.")
        if not (data.get("father_name") or data.get("father_name_native")):
            self.add_error("father_name", "Enter the father's name in either script.")
        if data.get("document_number") and not data.get("document_kind"):
            self.add_error("document_kind", "Choose the kind of document the number is from.")
        return data

    def document_fields(self) -> dict | None:
        kind = self.cleaned_data.get("document_kind")
        if not kind:
            return None
        return {"kind": kind, "number": self.cleaned_data.get("document_number", "")}

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PERSON}

    def detention_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.DETENTION}

    def add_service_error(self, error: ValidationError) -> None:
        """Attach a service's ValidationError to the matching fields, or to the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "Name, father's name, reference or FIR"}),
    )  # fmt: skip
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    custody = forms.ChoiceField(
        label="Custody",
        choices=[
            ("", "Any custody status"),
            (AWAITING_PRODUCTION, "Not yet produced before a magistrate"),
            *CustodyStatus.choices,
        ],
        required=False,
    )
    lawyer = forms.TypedChoiceField(
        label="Lead lawyer", coerce=int, required=False, empty_value=None
    )
    papers = forms.ChoiceField(
        label="Papers", choices=[("", "Any papers"), *CASE_COVERAGE_CHOICES], required=False
    )

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = [("", "Any lawyer")] + [
            (u.pk, u.get_full_name() or u.username) for u in lawyers
        ]


class AssignmentForm(forms.Form):
    lead_lawyer = forms.ModelChoiceField(queryset=None, required=False, label="Lead lawyer")
    team = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="Team members",
    )  # fmt: skip

    def __init__(self, *args, lawyers, assignable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_lawyer"].queryset = lawyers
        self.fields["team"].queryset = assignable
        label = lambda u: u.get_full_name() or u.username  # noqa: E731
        self.fields["lead_lawyer"].label_from_instance = label
        self.fields["team"].label_from_instance = lambda u: (
            f"{label(u)} ({u.membership.get_role_display().lower()})"
        )
