from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL
from detainees.forms import DETENTION_LABELS
from detainees.incidents.services import INCIDENT_FIELDS
from detainees.intake.csv_rows import MAX_BYTES, CsvProblem, decode_upload, parse_intake_csv
from detainees.intake.forms import arrest_details, check_held_somewhere, parse_age
from detainees.intake.services import KIND_CODES, SHARED_DETENTION_FIELDS
from detainees.models import ArrestTime, Detention, Gender, Incident
from documents.models import DocumentKind

# One row of the multi-row form: a row this short fits a phone and a paper list alike.
MAX_FORM_ROWS = 100
GENDER_CHOICES = [("", "—"), *Gender.choices]


class IncidentForm(forms.ModelForm):
    """Validates and renders; writes go through detainees.incidents.services."""

    class Meta:
        model = Incident
        fields = INCIDENT_FIELDS
        widgets = {
            "occurred_at": DATETIME_LOCAL,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "occurred_at": _("Date and time of the raid"),
            "place": _("Place"),
            "place_kind": _("Kind of place"),
            "agency": _("Agency"),
            "reported_by": _("Reported by"),
            "estimated_detained": _("Estimated number detained"),
            "notes": _("Notes"),
        }


class LinkCaseForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"), max_length=32, help_text=_("e.g. ISB-2026-0042")
    )


class SharedArrestForm(forms.ModelForm):
    """Arrest details entered once for every detainee of the raid."""

    class Meta:
        model = Detention
        fields = SHARED_DETENTION_FIELDS
        widgets = {"arrested_at": DATETIME_LOCAL, "fir_date": DATE_INPUT}
        labels = {
            **DETENTION_LABELS,
            "arrested_at": _("Arrested at (date and time)"),
            "custody_location": _("Held somewhere else"),
        }
        help_texts = {"custody_location": _("Only if not in the police station's lock-up")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrest_time"].required = False
        self.fields["arrest_time"].widget = forms.RadioSelect(choices=ArrestTime.choices)
        self.fields["custody_location"].required = False

    def clean(self):
        data = super().clean()
        check_held_somewhere(self, data)
        return data

    @classmethod
    def initial_from(cls, incident: Incident) -> dict:
        return {
            "arrested_at": incident.occurred_at,
            "arrest_place": incident.place,
            "arrest_place_kind": incident.place_kind,
            "arresting_agency": incident.agency,
        }

    def detention_fields(self) -> dict:
        return arrest_details({name: self.cleaned_data[name] for name in SHARED_DETENTION_FIELDS})


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class IntakeRowForm(forms.Form):
    """One detainee: names in either script (the script decides where they are stored)."""

    # dir=auto: a Dari name typed into a row reads right to left as it is typed.
    name = forms.CharField(
        label=_("Name"), max_length=120, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    father_name = forms.CharField(
        label=_("Father's name"), max_length=120, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=GENDER_CHOICES, required=False)
    husband_name = forms.CharField(
        label=_("Husband's name"), max_length=120, required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("For a married woman, named in court as his wife (w/o)"),
    )  # fmt: skip
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    age = forms.CharField(
        label=_("Age"), max_length=12, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        help_text=_("On the day of arrest; “~15” or “15?” if approximate"),
    )  # fmt: skip
    age_approximate = forms.BooleanField(label=_("Approximate"), required=False)
    document_kind = forms.ChoiceField(
        label=_("Document"), choices=[("", "—"), *DocumentKind.choices], required=False
    )
    document_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    # Day first as printed on Pakistani cards, or ISO as spreadsheets export it.
    issued_on = forms.DateField(
        label=_("Issued on"), required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    expires_on = forms.DateField(
        label=_("Printed expiry"), required=False, input_formats=DATE_FORMATS, widget=DATE_INPUT
    )
    confirm_new = forms.BooleanField(
        label=_("Not the same person: open a new case"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = gettext("Enter the detainee's name.")
        self.fields["father_name"].error_messages["required"] = gettext("Enter the father's name.")
        self.fields["gender"].error_messages["invalid_choice"] = gettext(
            "Gender must be male, female, other or empty."
        )
        # Django fills in %(value)s; the codes are filled in here (the CSV's own words).
        self.fields["document_kind"].error_messages["invalid_choice"] = gettext(
            "Unknown document kind “%%(value)s”; use one of %(codes)s."
        ) % {"codes": KIND_CODES}

    def clean_age(self) -> int | None:
        age, approximate = parse_age(self.cleaned_data.get("age") or "")
        if approximate:
            self.approximate_age = True
        return age

    def clean(self):
        data = super().clean()
        if getattr(self, "approximate_age", False):
            data["age_approximate"] = True
        if bool(data.get("document_kind")) != bool(data.get("document_number", "").strip()):
            raise forms.ValidationError(
                gettext("Give both the document kind and its number, or neither.")
            )
        return data


class BaseIntakeRowFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[IntakeRowForm]:
        """Rows the user typed into; untouched blank rows are ignored, not errors."""
        return [f for f in self.forms if f.has_changed()]


IntakeRowFormSet = forms.formset_factory(
    IntakeRowForm,
    formset=BaseIntakeRowFormSet,
    extra=0,
    max_num=MAX_FORM_ROWS,
    absolute_max=MAX_FORM_ROWS,
    validate_max=True,
)


class CsvIntakeForm(SharedArrestForm):
    file = forms.FileField(
        label=_("CSV file"), required=False,
        help_text=_("UTF-8 (in Excel: Save as “CSV UTF-8”). Start from the template."),
    )  # fmt: skip
    csv_text = forms.CharField(
        label=_("Or paste the rows"), required=False, max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto", "spellcheck": "false"}),
        help_text=_("The same columns as the template, first line included."),
    )  # fmt: skip

    class Meta(SharedArrestForm.Meta):
        pass

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        try:
            if upload:
                if upload.size > MAX_BYTES:
                    raise CsvProblem(
                        f"The file is {upload.size / 1_000_000:.1f} MB; the limit is "
                        f"{MAX_BYTES // 1_000_000} MB. Split the list into smaller files."
                    )
                text = decode_upload(upload.read())
                # Shown back in the text box so a mistake can be fixed without the file.
                self.data = self.data.copy()
                self.data["csv_text"] = text
            else:
                text = data.get("csv_text", "")
            if not text.strip():
                raise CsvProblem("Choose a CSV file or paste its rows.")
            data["rows"] = parse_intake_csv(text)
        except CsvProblem as problem:
            self.add_error("file" if upload else "csv_text", str(problem))
        return data
