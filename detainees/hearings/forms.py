from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT, DATETIME_LOCAL
from casework.models import Outcome
from detainees.hearings.selectors import courts_in_use
from detainees.hearings.services import CancelReason
from detainees.models import HearingPurpose


def _person(user) -> str:
    return user.get_full_name() or user.username


class HearingForm(forms.Form):
    """Validates and renders; the write goes through detainees.hearings.services."""

    court = forms.ModelChoiceField(label=_("Court"), queryset=None, empty_label=_("Choose a court"))
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_LOCAL)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=[("", "—"), *HearingPurpose.choices])
    judge = forms.CharField(
        label=_("Judge"), max_length=200, required=False, help_text=_("As named on the cause list")
    )
    attending = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Who attends"), help_text=_("They get the evening-before reminder."),
    )  # fmt: skip

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts_in_use()
        self.fields["attending"].queryset = candidates
        self.fields["attending"].label_from_instance = _person

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("court", "starts_at", "purpose", "judge", "attending")}  # fmt: skip


class HearingResultForm(forms.Form):
    result = forms.CharField(
        label=_("What the court did"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text=_("e.g. 'Bail granted against surety of Rs 50,000', 'adjourned, file called'"),
    )  # fmt: skip
    outcome = forms.ChoiceField(
        label=_("Outcome for the detainee"), required=False,
        choices=[("", _("No outcome yet (adjourned, reserved…)")), *Outcome.choices],
        help_text=_("Updates the case stage and custody status, and goes to supervisors "
        "for review."),
    )  # fmt: skip
    next_date = forms.DateField(label=_("Next date"), required=False, widget=DATE_INPUT)
    schedule_next = forms.BooleanField(
        label=_("Put the next date on the agenda (09:00, same court and lawyers)"), required=False
    )
    order = forms.FileField(
        label=_("Court order (photo or PDF)"), required=False,
        help_text=_("JPEG, PNG or PDF. Photos are re-encoded, which removes their location."),
    )  # fmt: skip


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    occurred_at = forms.DateTimeField(label=_("When it happened"), widget=DATETIME_LOCAL)
    hearing = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("Not at a hearing"), to_field_name="public_id",
        label=_("Hearing that produced it"),
    )  # fmt: skip
    source = forms.CharField(
        label=_("How it happened or how we learned of it"), max_length=300, required=False,
        help_text=_("When there was no hearing, e.g. 'released from the police station, "
        "family confirmed by phone'"),
    )  # fmt: skip

    def __init__(self, *args, hearings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = hearings
        self.fields["hearing"].label_from_instance = lambda h: (
            f"{timezone.localtime(h.starts_at):%d %b %Y %H:%M} · {h.get_purpose_display()} · "
            f"{h.court}"
        )

    def clean(self):
        data = super().clean()
        if not data.get("hearing") and not (data.get("source") or "").strip():
            self.add_error("source", gettext("Say how it happened, or choose the hearing."))
        return data


class OutcomeReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class DiaryFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    court = forms.ModelChoiceField(
        label=_("Court"), queryset=None, required=False, empty_label=_("Every court")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts_in_use()


class HearingCancelForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why (optional)"), required=False,
        choices=[("", "—"), *CancelReason.choices],
    )  # fmt: skip
