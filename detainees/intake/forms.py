import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL, NATIVE, blank_choice
from detainees.intake.services import IntakeRow, husband_fields
from detainees.models import Agency, ArrestTime, Gender, PlaceKind
from documents.models import DocumentKind

HELD_SOMEWHERE = "Enter the police station, or where else they are held."


def check_held_somewhere(form: forms.Form, data: dict) -> None:
    if not (data.get("police_station") or data.get("custody_location")):
        form.add_error("police_station", HELD_SOMEWHERE)


def arrest_details(fields: dict) -> dict:
    """The arrest as typed, completed: the police station is typed once and, unless told
    otherwise, is where they are held; a time of arrest not described is exact."""
    fields["arrest_time"] = fields.get("arrest_time") or ArrestTime.EXACT
    if not fields.get("custody_location"):
        fields["custody_location"] = f"Police lock-up, {fields['police_station']}"
    return fields


# "15", "~15", "15?", "about 15", "c. 15": an age as people say it, approximate or not.
AGE = re.compile(
    r"^(?P<about>~|about|approx\.?|approximately|c\.|ca\.)?\s*(?P<age>\d{1,3})\s*(?P<doubt>\?)?$"
)


def parse_age(text: str) -> tuple[int | None, bool]:
    """(age, approximate) from what was typed; a ValidationError says what to type."""
    text = " ".join(text.strip().lower().split())
    if not text:
        return None, False
    match = AGE.match(text)
    if match is None:
        raise forms.ValidationError(
            gettext("Type the age in years, e.g. 15, or ~15 if it is approximate.")
        )
    return int(match["age"]), bool(match["about"] or match["doubt"])


class IntakeForm(forms.Form):
    """The one short form a lawyer fills at a police station. Only four things are required."""

    given_name = forms.CharField(label=_("Name"), max_length=120, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=120, required=False)
    given_name_native = forms.CharField(
        label=_("Name (Dari/Pashto/Urdu)"), max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    family_name_native = forms.CharField(
        label=_("Family name (Dari/Pashto/Urdu)"), max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    father_name = forms.CharField(label=_("Father's name"), max_length=120, required=False)
    father_name_native = forms.CharField(
        label=_("Father's name (Dari/Pashto/Urdu)"), max_length=120, required=False,
        widget=forms.TextInput(attrs=NATIVE),
    )  # fmt: skip
    arrested_at = forms.DateTimeField(label=_("Arrested at (date and time)"), widget=DATETIME_LOCAL)
    arrest_time = forms.ChoiceField(
        label=_("The time of arrest is"), choices=ArrestTime.choices, initial=ArrestTime.EXACT,
        widget=forms.RadioSelect, required=False,
        help_text=_("Unknown: the clock counts from the start of that day, and petitions give "
        "the date only."),
    )  # fmt: skip
    police_station = forms.CharField(label=_("Police station"), max_length=120, required=False)
    custody_location = forms.CharField(
        label=_("Held somewhere else"), max_length=200, required=False,
        help_text=_("Only if not in the police station's lock-up: a jail or holding centre"),
    )  # fmt: skip
    fir_number = forms.CharField(label=_("FIR number"), max_length=40, required=False)
    arrest_place = forms.CharField(label=_("Place of arrest"), max_length=200, required=False)
    arrest_place_kind = forms.ChoiceField(
        label=_("Kind of place"), choices=blank_choice(PlaceKind.choices), required=False
    )
    arresting_agency = forms.ChoiceField(
        label=_("Arresting agency"), choices=blank_choice(Agency.choices), required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=blank_choice(Gender.choices), required=False
    )
    husband_name = forms.CharField(
        label=_("Husband's name"), max_length=120, required=False,
        help_text=_("For a married woman, named in court as his wife (w/o)"),
    )  # fmt: skip
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE_INPUT)
    estimated_age = forms.IntegerField(
        label=_("Age on the day of arrest"), required=False, min_value=0, max_value=110,
        help_text=_("If the date of birth is not known. Under 18 is a child: a guardian acts "
        "for them."),
    )  # fmt: skip
    age_approximate = forms.BooleanField(
        label=_("The date of birth or age is approximate"), required=False
    )
    phone = forms.CharField(label=_("Detainee's phone"), max_length=32, required=False)
    family_contact = forms.CharField(
        label=_("Family contact"), max_length=200, required=False,
        help_text=_("Name, relation and phone"),
    )  # fmt: skip

    # Optional at intake: a number lets the duplicate check find the person on other records.
    document_kind = forms.ChoiceField(
        label=_("Document kind"), choices=blank_choice(DocumentKind.choices), required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    document_issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE_INPUT)
    document_expires_on = forms.DateField(
        label=_("Printed expiry"), required=False, widget=DATE_INPUT,
        help_text=_("As printed on the card: the verdict for the day of arrest is worked out "
        "from it and the extensions since."),
    )  # fmt: skip

    PERSON = (
        "given_name", "family_name", "given_name_native", "family_name_native",
        "father_name", "father_name_native", "gender", "husband_name", "date_of_birth",
        "estimated_age", "age_approximate", "phone", "family_contact",
    )  # fmt: skip
    DETENTION = (
        "arrested_at", "arrest_time", "custody_location", "police_station", "fir_number",
        "arrest_place", "arrest_place_kind", "arresting_agency",
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if not (data.get("given_name") or data.get("given_name_native")):
            self.add_error("given_name", gettext("Enter the detainee's name in either script."))
        if not (data.get("father_name") or data.get("father_name_native")):
            self.add_error("father_name", gettext("Enter the father's name in either script."))
        if data.get("document_number") and not data.get("document_kind"):
            self.add_error(
                "document_kind", gettext("Choose the kind of document the number is from.")
            )
        check_held_somewhere(self, data)
        return data

    def document_fields(self) -> dict | None:
        kind = self.cleaned_data.get("document_kind")
        if not kind:
            return None
        return {
            "kind": kind,
            "number": self.cleaned_data.get("document_number", ""),
            "issued_on": self.cleaned_data.get("document_issued_on"),
            "expires_on": self.cleaned_data.get("document_expires_on"),
        }

    def person_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.PERSON if name != "husband_name"}
        return {**fields, **husband_fields(self.cleaned_data["husband_name"])}

    def detention_fields(self) -> dict:
        return arrest_details({name: self.cleaned_data[name] for name in self.DETENTION})

    def intake_row(self) -> IntakeRow:
        """The form as the one row of an intake: single intake is bulk intake of one."""
        document = self.document_fields() or {}
        return IntakeRow(
            person_fields=self.person_fields(),
            detention_fields=self.detention_fields(),
            document_kind=document.get("kind", ""),
            document_number=document.get("number", ""),
            document_issued_on=document.get("issued_on"),
            document_expires_on=document.get("expires_on"),
        )
