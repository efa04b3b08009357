from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from detainees.hearings.selectors import courts_in_use
from documents.models import PetitionTemplate


def template_choices(templates: list[PetitionTemplate]) -> list[tuple[str, str]]:
    return [
        (str(t.public_id), f"{t.title} — {t.get_language_display()}"
         + (gettext(" (for review by counsel)") if t.for_review_by_counsel else ""))
        for t in templates
    ]  # fmt: skip


def _forum_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Court"), queryset=None, required=False, empty_label=_("Choose the court"),
        help_text=_("Its seat, district and province head the petition and name the "
        "province's police."),
    )  # fmt: skip


class _TemplateAndCourtForm(forms.Form):
    """A petition template to draft from and the court it goes to."""

    template = forms.ChoiceField(label=_("Petition"))
    forum = _forum_field()

    def __init__(self, *args, templates: list[PetitionTemplate], **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.public_id): t for t in templates}
        self.fields["template"].choices = [
            ("", gettext("Choose a petition")),
            *template_choices(templates),
        ]
        self.fields["forum"].queryset = courts_in_use()

    def clean_template(self) -> PetitionTemplate:
        return self.templates[self.cleaned_data["template"]]


class PetitionCreateForm(_TemplateAndCourtForm):
    court = forms.CharField(
        label=_("Heading"),
        max_length=200,
        required=False,
        help_text=_(
            "Only to word the heading differently, e.g. Court of the Judicial "
            "Magistrate (Section 30), Islamabad (East). Empty: taken from the court chosen."
        ),
    )


class PetitionEditForm(forms.Form):
    forum = _forum_field()
    court = forms.CharField(label=_("Heading"), max_length=200)
    facts = forms.CharField(
        label=_("Facts"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One paragraph per block; leave a blank line between paragraphs. Each "
        "becomes a numbered “That …” paragraph; a “That” you type is not repeated."),
    )  # fmt: skip
    grounds = forms.CharField(
        label=_("Grounds"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Added after the grounds the record supports, one paragraph per block. "
        "The petition names no risk group on its own: write it here only if the client "
        "agrees to it being pleaded."),
    )  # fmt: skip
    prayer_additions = forms.CharField(
        label=_("Additions to the prayer"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    annexures = forms.MultipleChoiceField(
        label=_("Annexures"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Files of this case appended after the petition, lettered A, B, … "
                    "in this order."),
    )  # fmt: skip

    def __init__(self, *args, files, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = courts_in_use()
        self.files = {str(f.public_id): f for f in files}
        self.fields["annexures"].choices = [
            (key, annexure_title(f)) for key, f in self.files.items()
        ]

    def annexure_list(self) -> list[tuple[int, str]]:
        chosen = set(self.cleaned_data["annexures"])
        return [(f.pk, annexure_title(f)) for key, f in self.files.items() if key in chosen]


def annexure_title(stored) -> str:
    label = stored.get_purpose_display()
    return f"{label}: {stored.original_name}" if stored.original_name else label


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class TemplateEditForm(forms.Form):
    html = forms.CharField(
        label=_("Template (HTML with Django template syntax)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
    )
    css = forms.CharField(
        label=_("Print style (CSS)"), required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"}),
    )  # fmt: skip
    note = forms.CharField(label=_("What changed"), max_length=200, required=False)
    case = forms.ChoiceField(label=_("Preview with case"), required=False)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "—"), *[(c.reference, str(c)) for c in cases]]


class BatchForm(_TemplateAndCourtForm):
    """A raid's batch: the petition, and the court chosen once for every detainee."""

    template = forms.ChoiceField(label=_("Petition for every detainee"))
    court = forms.CharField(
        label=_("Heading"),
        max_length=200,
        required=False,
        help_text=_(
            "Only to word the heading differently for the whole batch. Empty: taken "
            "from the court chosen, or the petition's usual court."
        ),
    )
