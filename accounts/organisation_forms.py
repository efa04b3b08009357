from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.organisation_services import (
    LETTERHEAD_MAX_CHARS,
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    time_zone_names,
)


class OrganisationSettingsForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Retention period (days after a case is closed)"),
        min_value=RETENTION_MIN_DAYS,
        max_value=RETENTION_MAX_DAYS,
        error_messages={"invalid": _("Enter a whole number of days, e.g. 730 for two years.")},
        help_text=format_lazy(
            _("Between {minimum} and {maximum} days. 730 days is two years."),
            minimum=RETENTION_MIN_DAYS,
            maximum=RETENTION_MAX_DAYS,
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        error_messages={
            "invalid_choice": _("Choose a time zone from the list, e.g. Asia/Karachi.")
        },
        help_text=_("Every date and time in Panah is shown in this zone; they are stored in UTC."),
    )
    letterhead = forms.CharField(
        label=_("Letterhead"),
        required=False,
        max_length=LETTERHEAD_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Printed at the top of every petition PDF rendered from now on, line by line: "
            "name, address, telephone."
        ),
    )
    confirm_shorter_retention = forms.BooleanField(
        label=_("I understand that a shorter retention period anonymises closed cases for good."),
        required=False,
    )

    # The confirmation belongs next to the period it confirms.
    field_order = ["retention_days", "confirm_shorter_retention", "time_zone", "letterhead"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name) for name in time_zone_names()]


class IntakeDutyForm(forms.Form):
    paralegals = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Paralegals on intake duty"),
        help_text=_("They are told of every new case, with the supervisors, to chase the papers."),
    )  # fmt: skip

    def __init__(self, *args, paralegals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paralegals"].queryset = paralegals
        self.fields["paralegals"].label_from_instance = lambda u: u.get_full_name() or u.username
