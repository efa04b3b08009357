from datetime import date
from uuid import UUID

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from casework.forms import DATE_INPUT
from casework.models import Membership, Role
from casework.selectors import organisation_members
from detainees.hearings.selectors import courts_in_use
from detainees.models import Incident
from documents.models import DocumentKind

REPORT_MONTHS = 24


class AnalyticsFilterForm(forms.Form):
    since = forms.DateField(label=gettext_lazy("Arrested from"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=gettext_lazy("Arrested until"), required=False, widget=DATE_INPUT)
    court = forms.TypedChoiceField(
        label=gettext_lazy("Court"), coerce=int, required=False, empty_value=None
    )
    # Members and raids by public id: the filters travel in the page's and the export's
    # querystring, where a sequential id would tell how many there are.
    lawyer = forms.TypedChoiceField(
        label=gettext_lazy("Lead lawyer"), coerce=UUID, required=False, empty_value=None
    )
    incident = forms.TypedChoiceField(
        label=gettext_lazy("Raid"), coerce=UUID, required=False, empty_value=None
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Document held"),
        choices=[("", gettext_lazy("Any document or none")), *DocumentKind.choices],
        required=False,
    )

    def __init__(self, *args, user, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].choices = [("", gettext("Any court"))] + [
            (c.pk, c.name) for c in courts_in_use()
        ]
        self.fields["lawyer"].choices = [("", gettext("Any lawyer"))] + [
            (str(u.membership.public_id), u.get_full_name() or u.username)
            for u in organisation_members(user, (Role.LAWYER, Role.SUPERVISOR))
        ]
        incidents = Incident.objects.filter(organisation_id=membership.organisation_id)
        self.fields["incident"].choices = [("", gettext("Any raid or none"))] + [
            (str(i.public_id), f"{i.place}, {timezone.localtime(i.occurred_at):%d %b %Y}")
            for i in incidents.order_by("-occurred_at", "-id")[:200]
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", gettext("The end of the period comes before its start."))
        return data


def recent_months(today: date, count: int = REPORT_MONTHS) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


class ReportRequestForm(forms.Form):
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), coerce=date.fromisoformat)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.isoformat(), f"{m:%B %Y}") for m in recent_months(today)]
