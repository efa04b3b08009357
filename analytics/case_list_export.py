"""The case list as a table for export: the rows and columns the list page shows, for every
case matching its filters (not only the page on screen)."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from analytics.tables import Row, Table
from casework.models import Case, Stage
from casework.selectors import lawyers_of_organisation
from detainees import case_list as selectors
from detainees.forms import CaseFilterForm

# The words of the list's badge (documents/_coverage_badge.html), not the filter's.
COVERAGE_LABELS = {
    "covered": gettext_noop("Covered"),
    "not_covered": gettext_noop("Not covered"),
    "unknown": gettext_noop("Unknown"),
    "none": gettext_noop("No documents"),
}


def _detainee(case: Case) -> str:
    person = case.person
    text = person.display_name
    if person.native_name and person.given_name:
        text += f" · {person.native_name}"
    # The list's own words (panah/_case_results.html), so the file reads like the page:
    # "s/o", "d/o" or "w/o" as the person's gender and marriage say.
    if parentage := person.parentage_short:
        text += f" {parentage}"
    if person.minor:
        text = f"{gettext('Child')}: {text}"
    if case.urgent_risk:
        text = f"{gettext('High risk')}: {text}"
    return text


def _held(case: Case) -> str:
    detention = case.detention
    text = f"{detention.get_status_display()} · {detention.custody_location}"
    if detention.fir_number:
        text += f" · {gettext('FIR')} {detention.fir_number}"
    return text


def _hours(case: Case, now) -> str:
    hours = case.detention.hours_without_production(now)
    if hours is None:
        return gettext("produced") if case.detention.produced_at else "—"
    text = gettext("%(hours)s h") % {"hours": int(hours)}
    return f"{text} {gettext('habeas corpus candidate')}" if hours >= 24 else text


def _lawyer(case: Case) -> str:
    lawyer = case.lead_lawyer
    return (lawyer.get_full_name() or lawyer.username) if lawyer else "—"


def case_list_table(user, query: QueryDict) -> tuple[Table | None, list[str]]:
    """(the table, the names of the filters used); no table when the filters are invalid."""
    form = CaseFilterForm(query or None, lawyers=lawyers_of_organisation(user))
    filters = selectors.CaseFilters()
    if form.is_bound:
        if not form.is_valid():
            return None, []
        filters = selectors.CaseFilters(**form.cleaned_data)
    now = timezone.now()
    rows = [
        Row(
            [
                case.reference,
                _detainee(case),
                _held(case),
                _hours(case, now),
                gettext(COVERAGE_LABELS[case.coverage_badge]),
                Stage(case.stage).label,
                _lawyer(case),
            ],
            reference=case.reference,
        )  # fmt: skip
        for case in selectors.case_list(user, filters).iterator(chunk_size=2000)
    ]
    used = [name for name, value in filters.__dict__.items() if value not in (None, "")]
    return (
        Table(
            key="list",
            title=gettext("Cases"),
            columns=[
                gettext_noop("Reference"),
                gettext_noop("Detainee"),
                gettext_noop("Held"),
                gettext_noop("Hours without production"),
                gettext_noop("Papers on arrest day"),
                gettext_noop("Stage"),
                gettext_noop("Lead lawyer"),
            ],
            rows=rows,
        ),  # fmt: skip
        used,
    )
