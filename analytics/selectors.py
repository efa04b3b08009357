"""The analytics page: figures the organisation is asked for every month.

Each figure is counted by the database over the cases in scope (the organisation's, as
filtered; several from one grouped query, ``analytics.case_groups``), never by a loop
over cases in Python. Anonymised cases count like the others:
retention wipes who they were, not what happened to them.
"""

import hashlib
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, gettext_noop

from analytics.case_groups import CaseGroup, case_groups
from analytics.charts import Chart, bar_chart
from analytics.stats import HoursBetween, percentiles
from analytics.tables import Row, Table, hours, share
from casework.models import Case, Organisation, Outcome
from detainees.custody import OUTCOME_EFFECTS
from detainees.models import CaseOutcome, CustodyStatus, Hearing
from documents.models import DocumentKind, IdentityDocument
from documents.selectors import CASE_COVERAGE_CHOICES

# Outcomes that let the detainee walk out: released, bailed, FIR quashed, withdrawn, ...
RELEASE_OUTCOMES = frozenset(
    str(outcome)
    for outcome, effect in OUTCOME_EFFECTS.items()
    if effect.custody == CustodyStatus.RELEASED
)
NO_OUTCOME = gettext_noop("No outcome yet")


@dataclass(frozen=True)
class AnalyticsFilters:
    since: date | None = None  # arrested on or after, in the organisation's days
    until: date | None = None  # arrested on or before
    court: int | None = None  # had a hearing before this court
    lawyer: UUID | None = None  # lead lawyer, by membership public id
    incident: UUID | None = None  # arrested in this raid, by public id
    kind: str = ""  # holds a document of this kind

    def query_items(self) -> list[tuple[str, str]]:
        return [
            (name, value.isoformat() if isinstance(value, date) else str(value))
            for name, value in self.__dict__.items()
            if value not in (None, "")
        ]


def cases_in_scope(organisation: Organisation, filters: AnalyticsFilters) -> QuerySet[Case]:
    zone = zoneinfo.ZoneInfo(organisation.time_zone)
    qs = Case.objects.filter(organisation_id=organisation.pk)
    if filters.since:
        qs = qs.filter(list_arrested_at__gte=datetime.combine(filters.since, time.min, zone))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, zone)
        qs = qs.filter(list_arrested_at__lt=end)
    if filters.court:
        qs = qs.filter(
            Exists(Hearing.objects.filter(case_id=OuterRef("pk"), court_id=filters.court))
        )
    if filters.lawyer:
        qs = qs.filter(lead_lawyer__membership__public_id=filters.lawyer)
    if filters.incident:
        qs = qs.filter(detention__incident__public_id=filters.incident)
    if filters.kind:
        qs = qs.filter(
            Exists(
                IdentityDocument.objects.filter(person_id=OuterRef("person_id"), kind=filters.kind)
            )
        )
    return qs


def _release_row(label: str, decided: int, released: int) -> Row:
    return Row([label, decided, released, share(released, decided)])


RELEASE_COLUMNS = [
    gettext_noop("Cases with an outcome"),
    gettext_noop("Released"),
    gettext_noop("Release rate"),
]


def coverage_figures(groups: list[CaseGroup]) -> tuple[Table, Table]:
    """Papers on the day of arrest (covered, not covered, unknown, none), and how often
    each group was released."""
    total = sum(group.n for group in groups)
    coverage, released = [], []
    for status, label in CASE_COVERAGE_CHOICES:
        alike = [group for group in groups if group.verdict == str(status)]
        n = sum(group.n for group in alike)
        coverage.append(Row([label, n, share(n, total)]))
        released.append(
            _release_row(
                label,
                sum(group.decided_cases for group in alike),
                sum(group.released_cases for group in alike),
            )
        )
    return (
        Table(
            key="coverage",
            title=gettext_noop("Papers on the day of arrest"),
            columns=[
                gettext_noop("Verdict"),
                gettext_noop("Cases"),
                gettext_noop("Share of cases"),
            ],
            rows=coverage,
            note=gettext_noop(
                "The best verdict among each detainee's documents, on the day of arrest."
            ),
        ),
        Table(
            key="release_by_coverage",
            title=gettext_noop("Release rate by papers on the day of arrest"),
            columns=[gettext_noop("Verdict"), *RELEASE_COLUMNS],
            rows=released,
        ),
    )


def outcome_distribution(groups: list[CaseGroup]) -> Table:
    counts = Counter()
    for group in groups:
        counts[group.outcome] += group.n
    total = sum(counts.values())
    labels = dict(Outcome.choices)
    rows = [
        Row([labels[value], counts[value], share(counts[value], total)])
        for value in Outcome.values
        if counts.get(value)
    ]
    if counts.get(""):
        rows.append(Row([gettext(NO_OUTCOME), counts[""], share(counts[""], total)]))
    return Table(
        key="outcomes",
        title=gettext_noop("Outcomes (each case's latest)"),
        columns=[gettext_noop("Outcome"), gettext_noop("Cases"), gettext_noop("Share of cases")],
        rows=rows,
        empty=gettext_noop("No cases in this selection."),
    )


def outcomes_in_scope(
    organisation: Organisation, filters: AnalyticsFilters, scope: QuerySet[Case]
) -> QuerySet[CaseOutcome]:
    """The outcomes of the cases in scope. Over the whole organisation the outcome's own
    organisation column says which: asking for cases in scope would read every case."""
    outcomes = CaseOutcome.objects.filter(organisation_id=organisation.pk)
    if filters.query_items():
        outcomes = outcomes.filter(case__in=scope.values("pk"))
    return outcomes


def outcomes_by_court(outcomes: QuerySet[CaseOutcome]) -> Table:
    """Decisions recorded at a hearing, by the hearing's court: every decision counts, so a
    bail refused and a later release before the same court are two decisions."""
    rows = (
        outcomes.filter(hearing__isnull=False)
        .values("hearing__court__name")
        .annotate(
            decisions=Count("pk"),
            releases=Count("pk", filter=Q(outcome__in=RELEASE_OUTCOMES)),
            refused=Count("pk", filter=Q(outcome=Outcome.BAIL_REFUSED)),
            deported=Count("pk", filter=Q(outcome=Outcome.DEPORTED)),
        )
        .order_by("-decisions", "hearing__court__name")
    )
    return Table(
        key="courts",
        title=gettext_noop("Court decisions by court"),
        columns=[
            gettext_noop("Court"),
            gettext_noop("Decisions"),
            gettext_noop("Releases"),
            gettext_noop("Bail refused"),
            gettext_noop("Deportation"),
            gettext_noop("Release rate"),
        ],
        rows=[
            Row(
                [
                    r["hearing__court__name"],
                    r["decisions"],
                    r["releases"],
                    r["refused"],
                    r["deported"],
                    share(r["releases"], r["decisions"]),
                ]
            )
            for r in rows
        ],  # fmt: skip
        empty=gettext_noop("No outcome recorded at a hearing in this selection."),
    )


def release_by_kind(groups: list[CaseGroup], no_documents: Row) -> Table:
    """Release rate among cases whose detainee holds each kind of document (a detainee with
    two kinds counts under both), and among those with none."""
    by_kind = {}
    for group in groups:
        for kind in group.kinds:
            decided, released = by_kind.get(kind, (0, 0))
            by_kind[kind] = (decided + group.decided_cases, released + group.released_cases)
    labels = dict(DocumentKind.choices)
    table_rows = [
        _release_row(labels[kind], *by_kind[kind])
        for kind in DocumentKind.values
        if kind in by_kind
    ]
    table_rows.append(no_documents)
    return Table(
        key="release_by_kind",
        title=gettext_noop("Release rate by document held"),
        columns=[gettext_noop("Document"), *RELEASE_COLUMNS],
        rows=table_rows,
        note=gettext_noop("A detainee holding two kinds of document counts under both."),
    )


def time_to_act(scope: QuerySet[Case]) -> Table:
    # The arrest, the first petition and the release are copied onto the case row by
    # database triggers: each measure is one pass over the case rows, without joining
    # every case with its detention or its petitions.
    arrested = F("list_arrested_at")
    measures = [
        (gettext("Arrest to first petition drafted"), scope,
         HoursBetween(F("first_petition_at"), arrested)),
        (gettext("Arrest to release"), scope,
         HoursBetween(F("custody_released_at"), arrested)),
    ]  # fmt: skip
    rows = []
    for label, rows_of, value in measures:
        count, (median, p90) = percentiles(rows_of, value, (0.5, 0.9))
        rows.append(Row([label, count, hours(median, count), hours(p90, count)]))
    return Table(
        key="times",
        title=gettext_noop("How long it takes"),
        columns=[
            gettext_noop("From … to …"),
            gettext_noop("Cases"),
            gettext_noop("Median"),
            gettext_noop("90th percentile"),
        ],
        rows=rows,
        note=gettext_noop("Hours; only cases where both moments are recorded."),
    )


def deportations_by_month(organisation: Organisation, scope: QuerySet[Case]) -> Table:
    zone = zoneinfo.ZoneInfo(organisation.time_zone)
    months = (
        scope.filter(detention__deported_at__isnull=False)
        .annotate(month=TruncMonth("detention__deported_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    rows = [Row([date_format(m["month"], "YEAR_MONTH_FORMAT"), m["n"]]) for m in months]
    return Table(
        key="deportations",
        title=gettext_noop("Deportations by month"),
        columns=[gettext_noop("Month"), gettext_noop("Deported")],
        rows=rows,
        empty=gettext_noop("No deportation recorded in this selection."),
    )


@dataclass
class Figures:
    tables: dict[str, Table]
    charts: dict[str, Chart]
    cases: int
    computed_at: datetime | None = None


def _counts(table: Table, column: int) -> list[int]:
    return [row.cells[column] for row in table.rows]


def _charts(tables: dict[str, Table]) -> dict[str, Chart]:
    def labels(key):
        return [str(row.cells[0]) for row in tables[key].rows]

    def released_split(key):
        decided, released = _counts(tables[key], 1), _counts(tables[key], 2)
        return {
            gettext("Released"): released,
            gettext("Not released"): [d - r for d, r in zip(decided, released, strict=True)],
        }

    courts = tables["courts"]
    made = {
        "coverage": bar_chart(
            tables["coverage"], labels=labels("coverage"),
            series={gettext("Cases"): _counts(tables["coverage"], 1)},
            alt=gettext_noop("Bar chart: cases by papers on the day of arrest"),
        ),
        "outcomes": bar_chart(
            tables["outcomes"], labels=labels("outcomes"),
            series={gettext("Cases"): _counts(tables["outcomes"], 1)},
            alt=gettext_noop("Bar chart: cases by latest outcome"),
        ),
        "courts": bar_chart(
            courts, labels=labels("courts"),
            series={
                gettext("Releases"): _counts(courts, 2),
                gettext("Other decisions"): [
                    d - r for d, r in zip(_counts(courts, 1), _counts(courts, 2), strict=True)
                ],
            },
            alt=gettext_noop("Stacked bar chart: court decisions by court, releases first"),
        ),
        "release_by_coverage": bar_chart(
            tables["release_by_coverage"], labels=labels("release_by_coverage"),
            series=released_split("release_by_coverage"),
            alt=gettext_noop("Stacked bar chart: cases with an outcome by papers, released or not"),
        ),
        "release_by_kind": bar_chart(
            tables["release_by_kind"], labels=labels("release_by_kind"),
            series=released_split("release_by_kind"),
            alt=gettext_noop(
                "Stacked bar chart: cases with an outcome by document held, released or not"
            ),
        ),
        "deportations": bar_chart(
            tables["deportations"], labels=labels("deportations"),
            series={gettext("Deported"): _counts(tables["deportations"], 1)},
            alt=gettext_noop("Bar chart: deportations by month"),
        ),
    }  # fmt: skip
    return {key: chart for key, chart in made.items() if chart is not None}


def analytics_figures(
    organisation: Organisation, filters: AnalyticsFilters, *, charts: bool = True
) -> Figures:
    scope = cases_in_scope(organisation, filters)
    groups = case_groups(scope)
    coverage, release_by_coverage = coverage_figures(groups)
    tables = [
        coverage,
        outcome_distribution(groups),
        outcomes_by_court(outcomes_in_scope(organisation, filters, scope)),
        release_by_coverage,
        release_by_kind(groups, release_by_coverage.rows[-1]),
        time_to_act(scope),
        deportations_by_month(organisation, scope),
    ]
    by_key = {table.key: table for table in tables}
    return Figures(
        tables=by_key,
        charts=_charts(by_key) if charts else {},
        cases=sum(row.cells[1] for row in coverage.rows),
        computed_at=timezone.now(),
    )


# Figures over a whole organisation take a few seconds on hundreds of thousands of cases;
# a month's trends do not change from one minute to the next. The page says when they were
# counted, and the export hands out the same figures the page showed.
FIGURES_CACHE_SECONDS = 300


def recent_analytics_figures(organisation: Organisation, filters: AnalyticsFilters) -> Figures:
    """The figures as counted within the last few minutes, counted now if they were not."""
    digest = hashlib.sha256(repr(sorted(filters.query_items())).encode()).hexdigest()[:32]
    # Per language too: the cells and the charts' words are written in the reader's.
    key = f"analytics:figures:{organisation.pk}:{get_language()}:{digest}"
    figures = cache.get(key)
    if figures is None:
        figures = analytics_figures(organisation, filters)
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures
