"""Reads for identity documents: coverage on the arrest date, verification, duplicates."""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Case as SQLCase
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework.models import Case
from documents.coverage import Coverage, CoverageStatus, evaluate
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
from documents.seed_timeline import SEEDED_BY

NO_DOCUMENTS = "none"
CASE_COVERAGE_CHOICES = [
    (CoverageStatus.COVERED, "Covered on the day of arrest"),
    (CoverageStatus.NOT_COVERED, "Not covered on the day of arrest"),
    (CoverageStatus.UNKNOWN, "Coverage unknown"),
    (NO_DOCUMENTS, "No documents recorded"),
]


def rules_for(kinds=None) -> list[ValidityRule]:
    """Validity rules with their current revision attached (for citations)."""
    qs = ValidityRule.objects.prefetch_related(
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
        rules = rules_for([document.kind])
    return evaluate(
        kind=document.kind,
        on_date=on_date,
        rules=rules,
        expires_on=document.expires_on,
        issued_on=document.issued_on,
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
    rules = rules_for({d.kind for d in documents}) if documents else []
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


def annotate_case_coverage(qs: QuerySet[Case], time_zone: str, papers: str = "") -> QuerySet[Case]:
    """Add ``coverage_badge`` to a case queryset in SQL, one query for the whole page,
    keeping only cases with the badge ``papers`` when it is given.

    Mirrors documents.coverage.evaluate's order for the status alone (the
    explanation needs Python): issued after the day -> not covered; printed
    expiry or a confirmed rule spans the day -> covered; an uncertain rule spans
    it, or no expiry and no rules for the kind -> unknown; otherwise not covered.
    """
    qs = qs.annotate(arrest_day=TruncDate("detention__arrested_at", tzinfo=ZoneInfo(time_zone)))
    day = OuterRef(OuterRef("arrest_day"))
    spanning = ValidityRule.objects.filter(
        active=True, effect=RuleEffect.EXTENDS, kind=OuterRef("rule_kind"), valid_from__lte=day
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    docs = (
        IdentityDocument.objects.filter(person_id=OuterRef("person_id"))
        .annotate(
            rule_kind=SQLCase(
                *[When(kind=k, then=Value(str(v))) for k, v in RULE_KIND.items()],
                default=F("kind"),
            ),
            confirmed=Exists(spanning.filter(certainty=Certainty.CONFIRMED)),
            uncertain=Exists(spanning.exclude(certainty=Certainty.CONFIRMED)),
            any_rule=Exists(
                ValidityRule.objects.filter(
                    active=True, effect=RuleEffect.EXTENDS, kind=OuterRef("rule_kind")
                )
            ),
        )
        .filter(Q(issued_on__isnull=True) | Q(issued_on__lte=OuterRef("arrest_day")))
    )
    covered = Q(expires_on__gte=OuterRef("arrest_day")) | Q(confirmed=True)
    unknown = Q(uncertain=True) | Q(expires_on__isnull=True, any_rule=False)
    has_covered = Exists(docs.filter(covered))
    has_unknown = Exists(docs.exclude(covered).filter(unknown))
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
    from casework.selectors import cases_visible_to, membership_of

    if not number_normalised:
        return DuplicateNumber([], False)
    membership = membership_of(user)
    holders = IdentityDocument.objects.filter(
        organisation_id=membership.organisation_id, number_normalised=number_normalised
    )
    if exclude_person_id is not None:
        holders = holders.exclude(person_id=exclude_person_id)
    person_ids = holders.values("person_id")
    visible = list(
        cases_visible_to(user).filter(person_id__in=person_ids).select_related("person")[:10]
    )
    hidden = (
        Case.objects.filter(organisation_id=membership.organisation_id, person_id__in=person_ids)
        .exclude(pk__in=[c.pk for c in visible])
        .exists()
        if len(visible) < 10
        else False
    )
    return DuplicateNumber(visible, hidden)


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
    from casework.selectors import cases_visible_to

    numbers = {d.number_normalised for d in documents if d.number_normalised}
    if not numbers:
        return {}
    holders = list(
        IdentityDocument.objects.filter(
            organisation_id=case.organisation_id, number_normalised__in=numbers
        )
        .exclude(person_id=case.person_id)
        .values_list("number_normalised", "person_id")
    )
    if not holders:
        return {}
    person_ids = {pid for _, pid in holders}
    visible = list(cases_visible_to(user).filter(person_id__in=person_ids).select_related("person"))
    all_cases = Case.objects.filter(
        organisation_id=case.organisation_id, person_id__in=person_ids
    ).values_list("pk", "person_id")
    visible_ids = {c.pk for c in visible}
    result = {}
    for document in documents:
        persons = {pid for number, pid in holders if number == document.number_normalised}
        if not persons:
            continue
        result[document.pk] = DuplicateNumber(
            [c for c in visible if c.person_id in persons],
            any(pid in persons and pk not in visible_ids for pk, pid in all_cases),
        )
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
        rules=rules_for([kind]),
        expires_on=expires_on,
        issued_on=issued_on,
    )


def rule_revisions_for(user, rule) -> list:
    """A validity rule's revisions, newest first, each with ``shown_by``.

    Rules are shared by every organisation on the deployment, but who edited them is not:
    a name (and organisation) shows only to members of the editor's own organisation.
    """
    from casework.selectors import membership_of

    organisation_id = membership_of(user).organisation_id
    revisions = list(rule.revisions.select_related("changed_by__membership").order_by("-number"))
    for revision in revisions:
        editor = revision.changed_by
        membership = getattr(editor, "membership", None) if editor else None
        if membership is not None and membership.organisation_id == organisation_id:
            revision.shown_by = revision.changed_by_name
        elif editor is None and revision.changed_by_name == SEEDED_BY:
            revision.shown_by = SEEDED_BY
        else:
            revision.shown_by = "an administrator"
    return revisions
