"""Each case's papers verdict on the day of arrest, worked out in SQL and stored.

``annotate_coverage_worked_out`` asks the coverage question for a whole set of cases in
one query, following documents.coverage.evaluate's order for the status alone (the
explanation needs Python; a test holds the two to the same answers). Working it out
took seconds over 100,000 cases, on every load of the case list's papers filter and of
the Analytics page, so the answer is stored in ``CaseCoverage`` and read from there
(``documents.selectors.annotate_case_coverage``).

The stored verdict is kept current by the services that change what it depends on:
the person's documents (``documents.services``), the arrest date
(``detainees.services.detention_update``), a new case (``cases_open``), the
organisation's time zone and the validity timeline (both through
``case_coverage_refresh_all``, run by a task because they can touch every case).
"""

from collections.abc import Collection
from zoneinfo import ZoneInfo

from django.db import connections, transaction
from django.db.models import Case as SQLCase
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone

from casework.models import Case, Organisation
from documents.coverage import IDENTITY_ONLY, CoverageStatus
from documents.models import (
    CaseCoverage,
    Certainty,
    DocumentKind,
    IdentityDocument,
    RuleEffect,
    ValidityRule,
)
from documents.models.identity import RULE_KIND, rule_kind
from documents.selectors import NO_DOCUMENTS

# Cases worked out again per statement (and per transaction) when a change can touch a
# whole organisation: short row locks, and a task's progress survives a restart.
REFRESH_CHUNK = 5000


def _rule_conditions(day) -> dict[str, Q]:
    """Per-document flags, as Q objects on annotations added by ``_documents_with_flags``,
    mirroring documents.coverage.evaluate (steps 2 to 8) for the status alone."""

    def decided(name: str) -> Q:
        # The organisation's own rules for the day override the shared ones.
        return Q(has_own=True, **{f"own_{name}": True}) | Q(
            has_own=False, **{f"shared_{name}": True}
        )

    identity = Q(kind__in=list(IDENTITY_ONLY))
    ends_any = decided("ends_confirmed") | decided("ends_uncertain")
    printed = Q(expires_on__gte=day)
    covered = ~identity & ~ends_any & (decided("solid") | printed)
    unknown = ~identity & (
        (decided("ends_uncertain") & ~decided("ends_confirmed"))
        | (
            ~ends_any
            & (
                decided("doubtful")
                | Q(issued_on__isnull=True, **{"has_own": True, "own_renewal": True})
                | Q(issued_on__isnull=True, **{"has_own": False, "shared_renewal": True})
                | Q(any_rule=False, expires_on__isnull=True)
                | Q(any_rule=True, rule_before=False)
            )
        )
    )
    return {"covered": covered, "unknown": unknown}


def _documents_with_flags(day, inner_day):
    """The person's documents, each annotated with what the rules say on the day."""
    visible = Q(organisation__isnull=True) | Q(organisation_id=OuterRef("organisation_id"))
    spans = Q(valid_from__lte=inner_day) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=inner_day)
    )
    base = ValidityRule.objects.filter(visible, active=True, kind=OuterRef("rule_kind"))
    spanning = base.filter(spans)
    names = Q(issued_from__isnull=True) | Q(issued_from__lte=OuterRef("issued_on"))
    rests = Q(start_assumed=True) & (Q(known_from__isnull=True) | Q(known_from__gt=inner_day))
    extends = Q(effect=RuleEffect.EXTENDS)
    flags = {
        "ends_confirmed": Q(effect=RuleEffect.ENDS, certainty=Certainty.CONFIRMED),
        "ends_uncertain": Q(effect=RuleEffect.ENDS) & ~Q(certainty=Certainty.CONFIRMED),
        "solid": extends & names & Q(certainty=Certainty.CONFIRMED) & ~rests,
        "doubtful": extends & names & (~Q(certainty=Certainty.CONFIRMED) | rests),
        "renewal": extends & Q(issued_from__isnull=False),
    }
    annotations = {"has_own": Exists(spanning.filter(organisation__isnull=False))}
    for name, condition in flags.items():
        annotations[f"own_{name}"] = Exists(spanning.filter(condition, organisation__isnull=False))
        annotations[f"shared_{name}"] = Exists(spanning.filter(condition, organisation=None))
    return (
        IdentityDocument.objects.filter(person_id=OuterRef("person_id"))
        .annotate(
            rule_kind=SQLCase(
                *[When(kind=k, then=Value(str(v))) for k, v in RULE_KIND.items()],
                default=F("kind"),
            ),
            any_rule=Exists(base),
            rule_before=Exists(base.filter(valid_from__lte=inner_day)),
            **annotations,
        )
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=day))
    )


def annotate_coverage_worked_out(qs: QuerySet[Case], time_zone: str) -> QuerySet[Case]:
    """Add ``arrest_day`` and ``coverage_badge``, worked out from the documents and the
    validity timeline, to a case queryset: one query for the whole set."""
    qs = qs.annotate(arrest_day=TruncDate("detention__arrested_at", tzinfo=ZoneInfo(time_zone)))
    day = OuterRef("arrest_day")
    docs = _documents_with_flags(day, OuterRef(OuterRef("arrest_day")))
    conditions = _rule_conditions(day)
    has_covered = Exists(docs.filter(conditions["covered"]))
    has_unknown = Exists(docs.exclude(conditions["covered"]).filter(conditions["unknown"]))
    has_documents = Exists(IdentityDocument.objects.filter(person_id=OuterRef("person_id")))
    return qs.annotate(
        coverage_badge=SQLCase(
            When(has_covered, then=Value(str(CoverageStatus.COVERED))),
            When(has_unknown, then=Value(str(CoverageStatus.UNKNOWN))),
            When(has_documents, then=Value(str(CoverageStatus.NOT_COVERED))),
            default=Value(NO_DOCUMENTS),
        )
    )


def _kinds_held() -> Concat:
    """The kinds of document the case's detainee holds, in the stored form of
    ``CaseCoverage.kinds``: a fixed order, so an unchanged set compares equal."""
    return Concat(
        *[
            SQLCase(
                When(
                    Exists(
                        IdentityDocument.objects.filter(person_id=OuterRef("person_id"), kind=kind)
                    ),
                    then=Value(f",{kind},"),
                ),
                default=Value(""),
            )
            for kind in DocumentKind.values
        ],
        output_field=CharField(),
    )


@transaction.atomic
def case_coverage_refresh(
    *, organisation: Organisation, cases: QuerySet[Case], store_kinds: bool = True
) -> int:
    """Work out again and store the verdict of each of the organisation's ``cases``, and
    the kinds of document each detainee holds; returns how many stored rows were added or
    changed. Two queries. (``store_kinds=False`` leaves the kinds out, for documents migration
    0010, which runs before the column exists.)

    The stored rows are locked first, in a statement of their own: a refresh running
    beside another (a document added while a timeline task runs) then works from what
    the other committed instead of overwriting it with an older answer.
    """
    scope = cases.filter(organisation_id=organisation.pk)
    list(
        CaseCoverage.objects.select_for_update()
        .filter(case__in=scope.values("pk"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    worked_out = annotate_coverage_worked_out(scope, organisation.time_zone).annotate(
        held_kinds=_kinds_held() if store_kinds else Value("")
    )
    worked_out = worked_out.values("pk", "coverage_badge", "arrest_day", "held_kinds")
    inner, params = worked_out.query.sql_with_params()
    table = CaseCoverage._meta.db_table
    verdict_moved = (
        f"{table}.status <> EXCLUDED.status OR {table}.arrest_day <> EXCLUDED.arrest_day"
    )
    kinds_column, kinds_value, kinds_set, kinds_moved = "", "", "", ""
    if store_kinds:
        kinds_column, kinds_value = ", kinds", ", worked.held_kinds"
        kinds_set, kinds_moved = "kinds = EXCLUDED.kinds, ", f" OR {table}.kinds <> EXCLUDED.kinds"
    # ``inner`` is SQL that Django compiled, every value in ``params``. "WHERE true" keeps
    # SQLite from reading ON CONFLICT as part of the SELECT. A change of kinds alone leaves
    # the verdict's ``changed_at`` as it was.
    sql = (
        f"INSERT INTO {table} (case_id, status, arrest_day{kinds_column}, changed_at) "  # noqa: S608
        f"SELECT worked.pk, worked.coverage_badge, worked.arrest_day{kinds_value}, %s "
        f"FROM ({inner}) worked WHERE true ON CONFLICT (case_id) DO UPDATE SET "
        f"status = EXCLUDED.status, arrest_day = EXCLUDED.arrest_day, {kinds_set}"
        f"changed_at = CASE WHEN {verdict_moved} THEN EXCLUDED.changed_at "
        f"ELSE {table}.changed_at END WHERE {verdict_moved}{kinds_moved}"
    )
    with connections[worked_out.db].cursor() as cursor:
        cursor.execute(sql, (timezone.now(), *params))
        return max(cursor.rowcount, 0)


def case_coverage_refresh_all(
    *,
    organisation_id: int | None = None,
    rule_kinds: Collection[str] | None = None,
    store_kinds: bool = True,
) -> int:
    """Work out again the verdict of every case one organisation's (or, with no
    ``organisation_id``, every organisation's) change may have moved: all its cases, or
    with ``rule_kinds`` only those whose detainee holds a document that rules of those
    kinds decide (a PoR rule decides PoR family certificates too).

    Idempotent, in chunks of ``REFRESH_CHUNK`` cases, each its own transaction: running
    it twice, or after a restart half-way, leaves the same verdicts.
    """
    organisations = Organisation.objects.order_by("pk")
    if organisation_id is not None:
        organisations = organisations.filter(pk=organisation_id)
    kinds = None
    if rule_kinds is not None:
        kinds = [kind for kind in DocumentKind.values if rule_kind(kind) in set(rule_kinds)]
    changed = 0
    for organisation in organisations:
        cases = Case.objects.filter(organisation_id=organisation.pk)
        if kinds is not None:
            cases = cases.filter(
                Exists(
                    IdentityDocument.objects.filter(person_id=OuterRef("person_id"), kind__in=kinds)
                )
            )
        ids = list(cases.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), REFRESH_CHUNK):
            chunk = ids[start : start + REFRESH_CHUNK]
            changed += case_coverage_refresh(
                organisation=organisation,
                cases=Case.objects.filter(pk__in=chunk),
                store_kinds=store_kinds,
            )
    return changed
