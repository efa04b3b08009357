"""Each case's papers verdict on the day of arrest, as a rank to count by.

The verdict is the case list's own (``documents.selectors.annotate_case_coverage``), so a
figure on the Analytics page and the "Papers" filter of the case list can never disagree;
the rank orders it for counting: covered 3, unknown 2, not covered 1, no documents 0.
"""

from django.db.models import Case as SQLCase
from django.db.models import IntegerField, QuerySet, Value, When

from casework.models import Case
from documents.coverage import CoverageStatus
from documents.selectors import NO_DOCUMENTS, annotate_case_coverage

RANKS = {
    3: str(CoverageStatus.COVERED),
    2: str(CoverageStatus.UNKNOWN),
    1: str(CoverageStatus.NOT_COVERED),
    0: NO_DOCUMENTS,
}


def annotate_coverage_rank(qs: QuerySet[Case], time_zone: str) -> QuerySet[Case]:
    return annotate_case_coverage(qs, time_zone).annotate(
        coverage_rank=SQLCase(
            *(When(coverage_badge=status, then=Value(rank)) for rank, status in RANKS.items()),
            output_field=IntegerField(),
        )
    )
