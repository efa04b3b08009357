"""The audit trail page: supervisors and admins browse their organisation's events."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.forms import DATE_INPUT
from casework.http import method_not_allowed
from casework.models import Event
from casework.paging import page_number_from, paginate
from casework.selectors import membership_of, organisation_members


@dataclass(frozen=True)
class AuditFilters:
    verb: str = ""
    actor: int | None = None
    reference: str = ""
    since: date | None = None
    until: date | None = None


def audit_events(user, filters: AuditFilters) -> QuerySet[Event]:
    """The organisation's events, newest first; 404 for anyone who does not see it all."""
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    qs = Event.objects.filter(organisation_id=membership.organisation_id).select_related(
        "actor", "case"
    )
    if filters.verb:
        qs = qs.filter(verb__startswith=filters.verb)
    if filters.actor:
        qs = qs.filter(actor_id=filters.actor)
    if filters.reference:
        qs = qs.filter(case__reference=filters.reference.strip().upper())
    zone = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(created_at__gte=datetime.combine(filters.since, time.min, zone))
    if filters.until:
        qs = qs.filter(created_at__lte=datetime.combine(filters.until, time.max, zone))
    return qs.order_by("-created_at", "-id")


VERB_CHOICES = [
    ("", _("Anything")),
    ("case.", _("Case opened, assigned, closed")),
    ("person.", _("Detainee details changed")),
    ("detention.", _("Detention changed")),
    ("risk.viewed", _("Risk screening viewed")),
    ("risk.", _("Risk screening (any)")),
    ("referral.", _("Referrals")),
    ("file.", _("Files (uploads, downloads)")),
    ("case.exported", _("Exports")),
    ("analytics.exported", _("Tables downloaded as CSV")),
    ("auth.", _("Sign-ins, sessions, second factors")),
    ("member.", _("Members and roles")),
    ("document.", _("Identity documents")),
    ("petition.", _("Petitions")),
    ("case.anonymised", _("Anonymised by retention")),
]


class AuditFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("What"), choices=VERB_CHOICES, required=False)
    actor = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)
    reference = forms.CharField(label=_("Case reference"), max_length=32, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", gettext("Anyone"))] + [
            (u.pk, u.get_full_name() or u.username) for u in members
        ]


def audit_list(request):
    membership = membership_of(request.user)
    if not membership.sees_whole_organisation:
        raise Http404
    if refused := method_not_allowed(request, "GET"):
        return refused
    members = organisation_members(request.user)
    form = AuditFilterForm(request.GET or None, members=members)
    filters = AuditFilters()
    if form.is_bound and form.is_valid():
        filters = AuditFilters(**form.cleaned_data)
    page = paginate(
        audit_events(request.user, filters),
        number=page_number_from(request.GET.get("page")),
        size=settings.AUDIT_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
