from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NATIVE = {"dir": "rtl", "lang": "fa"}


def blank_choice(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on the field it names, or
    on the form as a whole when the form has no such field (never a 500 for a mismatch)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignmentForm(forms.Form):
    lead_lawyer = forms.ModelChoiceField(queryset=None, required=False, label=_("Lead lawyer"))
    team = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Team members"),
    )  # fmt: skip

    def __init__(self, *args, lawyers, assignable, may_change_lead=True, **kwargs):
        super().__init__(*args, **kwargs)
        # A lead lawyer sets the team of their case; the lead changes through a supervisor.
        self.fields["lead_lawyer"].disabled = not may_change_lead
        self.fields["lead_lawyer"].queryset = lawyers
        self.fields["team"].queryset = assignable
        label = lambda u: u.get_full_name() or u.username  # noqa: E731
        self.fields["lead_lawyer"].label_from_instance = label
        self.fields["team"].label_from_instance = lambda u: (
            f"{label(u)} ({u.membership.get_role_display().lower()})"
        )


class ApprovalForm(forms.Form):
    """Grant or withdraw a lawyer's approval of petitions (on a case, or everywhere)."""

    # By the membership's public id: user ids are sequential, and guessable.
    user = forms.ModelChoiceField(
        queryset=None, widget=forms.HiddenInput, to_field_name="membership__public_id"
    )
    approves = forms.TypedChoiceField(
        choices=[("1", _("Allow")), ("0", _("Withdraw"))], coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )  # fmt: skip

    def __init__(self, *args, lawyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = lawyers
