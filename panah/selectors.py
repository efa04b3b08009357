"""The case list: one query that composes what every feature knows about a case."""

from dataclasses import dataclass

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as SQLCase

from casework.models import Case
from casework.selectors import cases_visible_to, membership_of
from detainees.models.people import HELD_STATUSES
from detainees.risk.selectors import urgent_risk
from documents.selectors import annotate_case_coverage


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    lawyer: int | None = None
    custody: str = ""
    q: str = ""
    papers: str = ""  # coverage on the day of arrest: documents.selectors.CASE_COVERAGE_CHOICES


AWAITING_PRODUCTION = "awaiting"


def _awaiting_production() -> SQLCase:
    return SQLCase(
        When(
            detention__status__in=HELD_STATUSES,
            detention__produced_at__isnull=True,
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def case_list(user, filters: CaseFilters) -> QuerySet[Case]:
    """Cases for the list page: high risk and still held first, then held longest without
    production.

    Hours are derived from timestamps at display time; ordering by "awaiting
    production, then earliest arrest" is the same order without computing them in SQL.
    """
    qs = (
        cases_visible_to(user)
        .select_related("person", "detention", "lead_lawyer")
        .annotate(awaiting_production=_awaiting_production(), urgent_risk=urgent_risk())
    )
    qs = annotate_case_coverage(qs, membership_of(user).organisation.time_zone, filters.papers)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.lawyer:
        qs = qs.filter(lead_lawyer_id=filters.lawyer)
    if filters.custody == AWAITING_PRODUCTION:
        qs = qs.filter(awaiting_production=True)
    elif filters.custody:
        qs = qs.filter(detention__status=filters.custody)
    for term in filters.q.split():
        qs = qs.filter(
            Q(reference__icontains=term)
            | Q(person__given_name__icontains=term)
            | Q(person__family_name__icontains=term)
            | Q(person__given_name_native__icontains=term)
            | Q(person__family_name_native__icontains=term)
            | Q(person__father_name__icontains=term)
            | Q(person__father_name_native__icontains=term)
            | Q(detention__fir_number__icontains=term)
        )
    # High risk and still held first; within each group, held longest without production.
    return qs.order_by("-urgent_risk", "-awaiting_production", "detention__arrested_at", "-id")
