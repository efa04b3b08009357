"""Forms validate and render; writes go through documents.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL
from documents.models import (
    Certainty,
    DocumentKind,
    IdentityDocument,
    RuleEffect,
    ValidityRule,
    VerificationMethod,
    VerificationResult,
)
from documents.services import DOCUMENT_FIELDS, RULE_FIELDS
from documents.uploads import accept_upload, display_name

ACCEPT = {"accept": "image/jpeg,image/png,application/pdf"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(forms.FileField):
    """Several files, each checked by accept_upload; cleans to a list of CleanUpload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs=ACCEPT))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise ValidationError(gettext("Choose a file."))
        cleaned, errors = [], []
        for file in files:
            file = super().clean(file, initial)
            try:
                cleaned.append(accept_upload(file))
            except ValidationError as error:
                # Display text only: the raw name may carry "../" or bidi overrides.
                name = display_name(getattr(file, "name", "")) or "file"
                errors.extend(f"{name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


class DocumentForm(forms.ModelForm):
    scans = UploadsField(
        label=_("Photos or scans (both sides)"),
        help_text=_("JPEG, PNG or PDF, up to 10 MB each. Location data is removed from photos."),
    )

    class Meta:
        model = IdentityDocument
        fields = DOCUMENT_FIELDS
        widgets = {"issued_on": DATE_INPUT, "expires_on": DATE_INPUT}
        help_texts = {"number": _("As printed; spaces and dashes do not matter.")}
        labels = {
            "kind": _("Kind"),
            "number": _("Number as printed"),
            "issued_on": _("Issued on"),
            "expires_on": _("Printed expiry"),
            "name_as_printed": _("Name as printed"),
            "original_seen": _("Original seen"),
        }


class DocumentEditForm(forms.ModelForm):
    class Meta(DocumentForm.Meta):
        pass


class CoveragePreviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    expires_on = forms.DateField(label=_("Expires on"), required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False)


class ScanForm(forms.Form):
    scans = UploadsField(label=_("Photos or scans"), required=True)


class VerificationForm(forms.Form):
    method = forms.ChoiceField(label=_("How was it checked?"), choices=VerificationMethod.choices)
    result = forms.ChoiceField(label=_("Result"), choices=VerificationResult.choices)
    checked_at = forms.DateTimeField(
        label=_("Checked at"), widget=DATETIME_LOCAL, required=False,
        help_text=_("Leave empty for now."),
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = UploadsField(
        label=_("Evidence (e.g. UNHCR letter, NADRA reply)"),
        help_text=_("JPEG, PNG or PDF, up to 10 MB each."),
    )


class NumberPatternForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document kind"), choices=DocumentKind.choices)
    pattern = forms.CharField(
        label=_("Pattern"), required=False, max_length=200,
        help_text=_(r"A regular expression for the number without spaces or dashes, e.g. "
        r"[A-Z]{2}\d{7}. Leave empty to remove. A number that breaks it only warns."),
    )  # fmt: skip
    description = forms.CharField(label=_("Description"), required=False, max_length=200)


class ValidityRuleForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Why this change?"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with your name. Earlier versions stay visible."),
    )  # fmt: skip

    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = ValidityRule
        fields = RULE_FIELDS
        widgets = {
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "decided_on": DATE_INPUT,
            "known_from": DATE_INPUT,
            "issued_from": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Select(choices=RuleEffect.choices),
            "certainty": forms.Select(choices=Certainty.choices),
        }
        labels = {
            "kind": _("Kind"),
            "effect": _("Effect"),
            "valid_from": _("Valid from"),
            "valid_until": _("Valid until"),
            "decision": _("Decision"),
            "decided_on": _("Decided on"),
            "source_title": _("Source title"),
            "notification_number": _("Notification number"),
            "certainty": _("Certainty"),
            "start_assumed": _("Start date assumed"),
            "known_from": _("Known from"),
            "issued_from": _("Issued from"),
            "notes": _("Notes"),
            "active": _("Active"),
        }
