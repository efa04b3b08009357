"""Reads for identity documents: coverage on the arrest date, verification, duplicates."""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.duplicates import cases_matching
from casework.models import Case
from documents.coverage import Coverage, CoverageStatus, evaluate
from documents.models import (
    CaseCoverage,
    DocumentKind,
    IdentityDocument,
    NumberPattern,
    ValidityRule,
    ValidityRuleRevision,
    VerificationResult,
)
from documents.models.identity import rule_kind
from documents.numbers import breaks_pattern

NO_DOCUMENTS = "none"

CASE_COVERAGE_CHOICES = [
    (CoverageStatus.COVERED, _("Covered on the day of arrest")),
    (CoverageStatus.NOT_COVERED, _("Not covered on the day of arrest")),
    (CoverageStatus.UNKNOWN, _("Coverage unknown")),
    (NO_DOCUMENTS, _("No documents recorded")),
]


def kinds_held(stored: str) -> list[str]:
    """The kinds of document in a stored ``CaseCoverage.kinds``."""
    return [kind for kind in stored.split(",") if kind]


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


def annotate_case_coverage(qs: QuerySet[Case], papers: str = "") -> QuerySet[Case]:
    """Add ``coverage_badge``, each case's papers verdict on the day of arrest, to a case
    queryset, keeping only cases with the badge ``papers`` when it is given.

    The verdict is read as stored (``CaseCoverage``, kept current by
    documents.case_coverage), so the case list and the Analytics page count the same
    verdict and neither works it out again case by case.
    """
    # A subquery and a semi-join rather than a join: a list page's id query, which does
    # not select the badge, stays a walk of the case table's own index.
    stored = CaseCoverage.objects.filter(case_id=OuterRef("pk"))
    qs = qs.annotate(
        coverage_badge=Coalesce(
            Subquery(stored.values("status")[:1]), Value(NO_DOCUMENTS), output_field=CharField()
        )
    )
    if papers in dict(CASE_COVERAGE_CHOICES):
        qs = qs.filter(Exists(stored.filter(status=papers)))
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
