"""The cases of an Analytics selection, counted once by everything several figures tell
apart: papers verdict, kinds of document held, latest outcome, released or not.

Custody is read from the facts the detention's triggers copy onto the case row
(``custody_released_at``) and the papers from each case's stored verdict
(``documents.CaseCoverage``, with the kinds of document held): every figure counts the
whole organisation, and joining every case with its detention and every document was
most of the page's cost at 100,000 cases.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from casework.models import Case
from documents.selectors import NO_DOCUMENTS, kinds_held


@dataclass(frozen=True)
class CaseGroup:
    """Cases alike in everything the page's case figures tell apart, and how many."""

    verdict: str
    kinds: tuple[str, ...]
    outcome: str
    released: bool
    n: int

    @property
    def decided_cases(self) -> int:
        # A release is a result even where no outcome was recorded with it (moves recorded
        # before every release asked for its outcome), so every release is counted.
        return self.n if self.outcome or self.released else 0

    @property
    def released_cases(self) -> int:
        return self.n if self.released else 0


def case_groups(scope: QuerySet[Case]) -> list[CaseGroup]:
    """The cases in scope counted by papers verdict, kinds of document held, latest outcome
    and release: one grouped query over the case rows and their stored verdicts, the ones
    the case list's "Papers" filter reads, so the two can never disagree. The papers,
    outcome and release-by-document tables add these groups up (a few hundred at most,
    whatever the number of cases) instead of each counting every case again, and release
    by document held no longer joins every case with every document."""
    # Joined rather than looked up case by case: every case in scope is counted.
    verdict = Coalesce(F("coverage__status"), Value(NO_DOCUMENTS), output_field=CharField())
    rows = (
        scope.annotate(
            coverage_badge=verdict,
            kinds=Coalesce(F("coverage__kinds"), Value(""), output_field=CharField()),
            released=ExpressionWrapper(
                Q(custody_released_at__isnull=False), output_field=BooleanField()
            ),
        )
        .values_list("coverage_badge", "kinds", "outcome", "released")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CaseGroup(verdict, tuple(kinds_held(kinds)), outcome, released, n)
        for verdict, kinds, outcome, released, n in rows
    ]
