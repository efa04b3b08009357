"""The case list and the stage of a case: one query that composes what the detainees and
their documents say about each case. The case list page (panah) and the API read it."""

from dataclasses import dataclass

from django.db.models import BooleanField, CharField, Exists, OuterRef, QuerySet, Value, When
from django.db.models import Case as SQLCase

from casework.models import COURT_OUTCOMES, Case, Stage
from casework.selectors import cases_visible_to, membership_of
from detainees.models import CaseOutcome, Hearing
from detainees.models.people import HELD_STATUSES
from detainees.risk.selectors import urgent_risk
from detainees.search import search_cases
from documents.models import IdentityDocument, Petition, PetitionState
from documents.selectors import annotate_case_coverage


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    lawyer: int | None = None
    custody: str = ""
    q: str = ""
    papers: str = ""  # coverage on the day of arrest: documents.selectors.CASE_COVERAGE_CHOICES


AWAITING_PRODUCTION = "awaiting"


def stage_expression() -> SQLCase:
    """Where a case stands, read from its records: closed; before the court (a hearing, an
    outcome or a filed petition); a petition in preparation; documents being verified; or
    just taken in. Nothing to keep in step by hand, so the filter and the page agree."""
    hearings = Hearing.objects.filter(case_id=OuterRef("pk"))
    outcomes = CaseOutcome.objects.filter(case_id=OuterRef("pk"), outcome__in=COURT_OUTCOMES)
    petitions = Petition.objects.filter(case_id=OuterRef("pk"))
    documents = IdentityDocument.objects.filter(person_id=OuterRef("person_id"))
    return SQLCase(
        When(closed_at__isnull=False, then=Value(Stage.CLOSED)),
        When(
            Exists(hearings)
            | Exists(outcomes)
            | Exists(petitions.filter(state=PetitionState.FILED)),
            then=Value(Stage.COURT),
        ),
        When(Exists(petitions), then=Value(Stage.PETITION)),
        When(Exists(documents), then=Value(Stage.DOCUMENTS)),
        default=Value(Stage.INTAKE),
        output_field=CharField(),
    )


def case_stage(case: Case) -> str:
    return (
        Case.objects.filter(pk=case.pk)
        .annotate(now=stage_expression())
        .values_list("now", flat=True)[0]
    )


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
        .annotate(
            awaiting_production=_awaiting_production(),
            urgent_risk=urgent_risk(),
            stage=stage_expression(),
        )
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
    # High risk and still held first; within each group, held longest without production.
    order = ("-urgent_risk", "-awaiting_production", "detention__arrested_at", "-id")
    if filters.q.strip():
        # The best matches first (detainees.search), then the usual order among equals.
        matches = search_cases(qs, filters.q, pool=cases_visible_to(user))
        return matches.order_by("-search_rank", *order)
    return qs.order_by(*order)
