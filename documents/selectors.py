"""Reads for identity documents: coverage on the arrest date, verification, duplicates."""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Case as SQLCase
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework.duplicates import cases_matching
from casework.models import Case
from documents.coverage import IDENTITY_ONLY, Coverage, CoverageStatus, evaluate
from documents.models import (
    Certainty,
    DocumentKind,
    IdentityDocument,
    NumberPattern,
    RuleEffect,
    ValidityRule,
    ValidityRuleRevision,
    VerificationResult,
)
from documents.models.identity import RULE_KIND, rule_kind
from documents.numbers import breaks_pattern

NO_DOCUMENTS = "none"
CASE_COVERAGE_CHOICES = [
    (CoverageStatus.COVERED, "Covered on the day of arrest"),
    (CoverageStatus.NOT_COVERED, "Not covered on the day of arrest"),
    (CoverageStatus.UNKNOWN, "Coverage unknown"),
    (NO_DOCUMENTS, "No documents recorded"),
]


def may_edit_shared_timeline(user) -> bool:
    """Platform staff: a superuser, or someone a superuser gave the timeline editor
    permission. Organisation administrators are not, by their role alone."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_perm("documents.edit_shared_timeline")


def rules_for(kinds=None, organisation_id: int | None = None) -> list[ValidityRule]:
    """The shared validity rules, and the organisation's own when it is given, each with
    its current revision attached (for citations)."""
    qs = ValidityRule.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    ).prefetch_related(
        Prefetch(
            "revisions",
            queryset=ValidityRuleRevision.objects.order_by("-number"),
            to_attr="revision_list",
        )
    )
    if kinds is not None:
        qs = qs.filter(kind__in={rule_kind(k) for k in kinds})
    rules = list(qs)
    for rule in rules:
        rule.current_revision = rule.revision_list[0] if rule.revision_list else None
    return rules


def coverage(document: IdentityDocument, on_date: date, rules=None) -> Coverage:
    """Was ``document`` valid on ``on_date``, and by which rule? See documents.coverage."""
    if rules is None:
        rules = rules_for([document.kind], document.organisation_id)
    return evaluate(
        kind=document.kind,
        on_date=on_date,
        rules=rules,
        expires_on=document.expires_on,
        issued_on=document.issued_on,
        organisation_id=document.organisation_id,
    )


def arrest_date(case: Case) -> date:
    """The day of arrest as the organisation counts days (its own time zone)."""
    zone = ZoneInfo(case.organisation.time_zone)
    return timezone.localtime(case.detention.arrested_at, zone).date()


class VerificationStatus:
    UNVERIFIED = "unverified", "Not yet verified"
    GENUINE = "genuine", "Verified genuine"
    NOT_GENUINE = "not_genuine", "Found not genuine"
    CONFLICTING = "conflicting", "Conflicting results"
    COULD_NOT_VERIFY = "could_not_verify", "Could not be verified"


def verification_status(attempts) -> tuple[str, str]:
    """(code, label) derived from every attempt; never stored."""
    results = {a.result for a in attempts}
    genuine = VerificationResult.GENUINE in results
    fake = VerificationResult.NOT_GENUINE in results
    if genuine and fake:
        return VerificationStatus.CONFLICTING
    if fake:
        return VerificationStatus.NOT_GENUINE
    if genuine:
        return VerificationStatus.GENUINE
    if results:
        return VerificationStatus.COULD_NOT_VERIFY
    return VerificationStatus.UNVERIFIED


@dataclass
class DocumentRow:
    document: IdentityDocument
    coverage: Coverage
    verification: tuple[str, str]
    attempts: list = field(default_factory=list)
    scans: list = field(default_factory=list)


def documents_of_case(case: Case) -> QuerySet[IdentityDocument]:
    return (
        IdentityDocument.objects.filter(
            person_id=case.person_id, organisation_id=case.organisation_id
        )
        .select_related("added_by")
        .prefetch_related(
            "scans",
            Prefetch(
                "verifications__evidence",
            ),
            "verifications__checked_by",
        )
        .order_by("-added_at", "-id")
    )


def case_documents_with_coverage(case: Case) -> list[DocumentRow]:
    """Each document of the case's person, with its coverage on the day of arrest."""
    documents = list(documents_of_case(case))
    on_date = arrest_date(case)
    rules = rules_for({d.kind for d in documents}, case.organisation_id) if documents else []
    rows = []
    for document in documents:
        attempts = list(document.verifications.all())
        rows.append(
            DocumentRow(
                document=document,
                coverage=coverage(document, on_date, rules),
                verification=verification_status(attempts),
                attempts=attempts,
                # A person may have several cases; files are reached through this one.
                scans=[s for s in document.scans.all() if s.case_id == case.pk],
            )
        )
    return rows


def case_coverage_status(rows: list[DocumentRow]) -> str:
    """One verdict for the case: one covering document is enough to argue release."""
    statuses = {row.coverage.status for row in rows}
    for status in (CoverageStatus.COVERED, CoverageStatus.UNKNOWN, CoverageStatus.NOT_COVERED):
        if status in statuses:
            return status
    return NO_DOCUMENTS


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


def annotate_case_coverage(qs: QuerySet[Case], time_zone: str, papers: str = "") -> QuerySet[Case]:
    """Add ``coverage_badge`` to a case queryset in SQL, one query for the whole page,
    keeping only cases with the badge ``papers`` when it is given.

    Mirrors documents.coverage.evaluate's order for the status alone (the
    explanation needs Python); a test holds the two to the same answers.
    """
    # The arrest time as the case row holds it (``list_arrested_at``, a copy of the
    # detention's kept by triggers): no join with the detentions, so a list page's ids
    # are still read from the case table's own index.
    qs = qs.annotate(arrest_day=TruncDate("list_arrested_at", tzinfo=ZoneInfo(time_zone)))
    day = OuterRef("arrest_day")
    docs = _documents_with_flags(day, OuterRef(OuterRef("arrest_day")))
    conditions = _rule_conditions(day)
    has_covered = Exists(docs.filter(conditions["covered"]))
    has_unknown = Exists(docs.exclude(conditions["covered"]).filter(conditions["unknown"]))
    has_documents = Exists(IdentityDocument.objects.filter(person_id=OuterRef("person_id")))
    qs = qs.annotate(
        coverage_badge=SQLCase(
            When(has_covered, then=Value(str(CoverageStatus.COVERED))),
            When(has_unknown, then=Value(str(CoverageStatus.UNKNOWN))),
            When(has_documents, then=Value(str(CoverageStatus.NOT_COVERED))),
            default=Value(NO_DOCUMENTS),
        )
    )
    # Filtering on the conditions themselves, not on the CASE above, lets PostgreSQL
    # plan them as (anti-)semi-joins instead of evaluating the badge for every case.
    if papers == CoverageStatus.COVERED:
        qs = qs.filter(has_covered)
    elif papers == CoverageStatus.UNKNOWN:
        qs = qs.filter(~has_covered, has_unknown)
    elif papers == CoverageStatus.NOT_COVERED:
        qs = qs.filter(has_documents, ~has_covered, ~has_unknown)
    elif papers == NO_DOCUMENTS:
        qs = qs.filter(~has_documents)
    return qs


@dataclass(frozen=True)
class DuplicateNumber:
    visible_cases: list
    hidden: bool

    def __bool__(self) -> bool:
        return bool(self.visible_cases) or self.hidden


def duplicate_number(user, *, number_normalised: str, exclude_person_id=None) -> DuplicateNumber:
    """Cases elsewhere in the organisation whose person holds a document with this number.

    Cases the user may open are listed; the others are only admitted to exist,
    so a lawyer learns to ask a supervisor without learning whose case it is.
    """
    matches = cases_matching(user, numbers=[number_normalised], exclude_person_id=exclude_person_id)
    return DuplicateNumber(
        matches.by_number.get(number_normalised, []),
        number_normalised in matches.hidden_numbers,
    )


def number_pattern_warning(organisation_id: int, kind: str, number_normalised: str) -> str:
    pattern = (
        NumberPattern.objects.filter(organisation_id=organisation_id, kind=kind)
        .values_list("pattern", "description")
        .first()
    )
    if pattern and breaks_pattern(number_normalised, pattern[0]):
        described = f" ({pattern[1]})" if pattern[1] else ""
        return (
            f"The number does not match the usual format for a "
            f"{DocumentKind(kind).label}{described}. Check it was copied correctly."
        )
    return ""


__all__ = [
    "CASE_COVERAGE_CHOICES",
    "Coverage",
    "CoverageStatus",
    "DocumentRow",
    "NO_DOCUMENTS",
    "annotate_case_coverage",
    "arrest_date",
    "case_coverage_status",
    "case_documents_with_coverage",
    "coverage",
    "duplicate_number",
    "number_pattern_warning",
    "rules_for",
    "verification_status",
]


@dataclass
class DocumentSection:
    """What the case page shows about papers: one verdict, and each document with its own."""

    arrest_day: date
    status: str
    rows: list[DocumentRow]
    duplicates: dict[int, DuplicateNumber]
    pattern_warnings: dict[int, str]

    @property
    def status_label(self) -> str:
        return dict(CASE_COVERAGE_CHOICES)[self.status]


def _duplicates_for(user, case: Case, documents) -> dict[int, DuplicateNumber]:
    matches = cases_matching(
        user,
        numbers=[d.number_normalised for d in documents],
        exclude_person_id=case.person_id,
    )
    result = {}
    for document in documents:
        number = document.number_normalised
        found = DuplicateNumber(matches.by_number.get(number, []), number in matches.hidden_numbers)
        if found:
            result[document.pk] = found
    return result


def document_section(case: Case, user) -> DocumentSection:
    rows = case_documents_with_coverage(case)
    documents = [row.document for row in rows]
    patterns = {}
    if documents:
        patterns = dict(
            NumberPattern.objects.filter(organisation_id=case.organisation_id).values_list(
                "kind", "pattern"
            )
        )
    warnings = {
        d.pk: "The number does not match the format your organisation set for this kind."
        for d in documents
        if breaks_pattern(d.number_normalised, patterns.get(d.kind, ""))
    }
    return DocumentSection(
        arrest_day=arrest_date(case),
        status=case_coverage_status(rows),
        rows=rows,
        duplicates=_duplicates_for(user, case, documents),
        pattern_warnings=warnings,
    )


def coverage_on_arrest_day(case: Case, *, kind: str, expires_on=None, issued_on=None) -> Coverage:
    """The verdict for a document not yet saved (the live preview on the form)."""
    return evaluate(
        kind=kind,
        on_date=arrest_date(case),
        rules=rules_for([kind], case.organisation_id),
        expires_on=expires_on,
        issued_on=issued_on,
        organisation_id=case.organisation_id,
    )
