"""Each case's papers verdict on the day of arrest, counted for a whole organisation.

``documents.selectors.annotate_case_coverage`` answers it per case with EXISTS subqueries
over the validity rules, which suits a page of 25 cases and filters that PostgreSQL turns
into semi-joins. Counting every case of an organisation that way re-reads the rules for
every document of every case. Here the rules (a few dozen rows, public law) are read once
and written into the query as constants, every document is ranked in one join, and each
case keeps its best rank: covered 3, unknown 2, not covered 1, no documents 0.

The conditions are the same as ``annotate_case_coverage``'s, in the same order, and a test
holds the two to the same verdict for every case.
"""

from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.db.models import Case as SQLCase
from django.db.models import F, IntegerField, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate

from casework.models import Case
from documents.coverage import CoverageStatus
from documents.models import Certainty, DocumentKind, RuleEffect, ValidityRule
from documents.models.identity import rule_kind
from documents.selectors import NO_DOCUMENTS

RANKS = {
    3: str(CoverageStatus.COVERED),
    2: str(CoverageStatus.UNKNOWN),
    1: str(CoverageStatus.NOT_COVERED),
    0: NO_DOCUMENTS,
}
DOC = "person__documents__"


def _kinds_ruled_by(kind: str) -> list[str]:
    return [k for k in DocumentKind.values if rule_kind(k) == kind]


def _spanning(rules) -> Q | None:
    conditions = []
    for rule in rules:
        span = Q(**{f"{DOC}kind__in": _kinds_ruled_by(rule.kind)}, arrest_day__gte=rule.valid_from)
        if rule.valid_until is not None:
            span &= Q(arrest_day__lte=rule.valid_until)
        conditions.append(span)
    return reduce(or_, conditions) if conditions else None


def annotate_coverage_rank(qs: QuerySet[Case], time_zone: str) -> QuerySet[Case]:
    """``coverage_rank`` on each case (an aggregate: group the result, don't filter it)."""
    rules = list(
        ValidityRule.objects.filter(active=True, effect=RuleEffect.EXTENDS).only(
            "kind", "valid_from", "valid_until", "certainty"
        )
    )
    confirmed = _spanning(r for r in rules if r.certainty == Certainty.CONFIRMED)
    uncertain = _spanning(r for r in rules if r.certainty != Certainty.CONFIRMED)
    ruled_kinds = [k for r in {r.kind for r in rules} for k in _kinds_ruled_by(r)]

    covered = Q(**{f"{DOC}expires_on__gte": F("arrest_day")})
    if confirmed is not None:
        covered |= confirmed
    unknown = Q(**{f"{DOC}expires_on__isnull": True}) & ~Q(**{f"{DOC}kind__in": ruled_kinds})
    if uncertain is not None:
        unknown |= uncertain
    rank = SQLCase(
        When(Q(**{f"{DOC}pk__isnull": True}), then=Value(0)),
        When(Q(**{f"{DOC}issued_on__gt": F("arrest_day")}), then=Value(1)),
        When(covered, then=Value(3)),
        When(unknown, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.annotate(
        arrest_day=TruncDate("detention__arrested_at", tzinfo=ZoneInfo(time_zone))
    ).annotate(coverage_rank=Coalesce(Max(rank), Value(0)))
