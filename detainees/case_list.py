"""The case list and the stage of a case: one query that composes what the detainees and
their documents say about each case. The case list page (panah) and the API read it."""

from dataclasses import dataclass

from django.db.models import Case as SQLCase
from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Value, When

from casework.list_position import keyset_page
from casework.models import COURT_OUTCOMES, Case, Stage
from casework.paging import Page, paginate
from casework.selectors import cases_visible_to
from detainees.models import CaseOutcome, Hearing
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


def case_list(user, filters: CaseFilters) -> QuerySet[Case]:
    """Cases for the list page: high risk and still held first, then held longest without
    production.

    The order is read from keys stored on the case row (``list_urgent``,
    ``list_awaiting``, ``list_arrested_at``, kept by the triggers of detainees migration 0012) and
    served by the ``case_list_order`` index, so a page walks the index instead of sorting
    every case joined with its detention and risk screening. Hours are derived from
    timestamps at display time; ordering by "awaiting production, then earliest arrest"
    is the same order without computing them in SQL.
    """
    qs = (
        cases_visible_to(user)
        .select_related("person", "detention", "lead_lawyer")
        .annotate(
            awaiting_production=F("list_awaiting"),
            urgent_risk=F("list_urgent"),
            stage=stage_expression(),
        )
    )
    qs = annotate_case_coverage(qs, filters.papers)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.lawyer:
        qs = qs.filter(lead_lawyer_id=filters.lawyer)
    if filters.custody == AWAITING_PRODUCTION:
        qs = qs.filter(list_awaiting=True)
    elif filters.custody:
        qs = qs.filter(detention__status=filters.custody)
    # High risk and still held first; within each group, held longest without production
    # (cases without an arrest time last on every database, as casework.list_position reads).
    order = ("-list_urgent", "-list_awaiting", F("list_arrested_at").asc(nulls_last=True), "-id")
    if filters.q.strip():
        # The best matches first (detainees.search), then the usual order among equals.
        matches = search_cases(qs, filters.q, pool=cases_visible_to(user))
        return matches.order_by("-search_rank", *order)
    return qs.order_by(*order)


def case_list_page(
    user, filters: CaseFilters, *, number: int, size: int, after: str = "", before: str = ""
) -> Page:
    """One page of the case list. In the list's own order a page is read from the position
    its link carries (casework.list_position: as cheap at page 400 as on page 1); search
    results are ranked by how well they match and never run past the search's candidate
    limit, so they are numbered pages."""
    cases = case_list(user, filters)
    if filters.q.strip():
        return paginate(cases, number=number, size=size, narrow=True)
    return keyset_page(cases, number=number, size=size, after=after, before=before)
