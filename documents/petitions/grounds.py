"""What a petition may argue, and what the drafter must check first.

The coverage engine's verdict advises the drafter; it never reaches a pleading. A document
is pleaded as valid only when its verdict is covered *and* what covers it is established:
a confirmed rule whose dates are the notification's own (not assumed), or, for documents
outside the validity timeline (UNHCR certificates, visas), the printed expiry. Everything
else becomes advice on screen, with what to check, and is left out of the petition.
"""

from dataclasses import dataclass
from datetime import timedelta

from casework.models import Case
from documents.coverage import Basis, CoverageStatus
from documents.models import Certainty, DocumentKind, VerificationMethod, VerificationResult
from documents.petitions.language import long_date, urdu_date
from documents.selectors import DocumentRow, case_documents_with_coverage

KIND_URDU = {
    "por": "پی او آر کارڈ (ثبوتِ رجسٹریشن)",
    "por_family": "پی او آر خاندانی سرٹیفکیٹ",
    "acc": "افغان سٹیزن کارڈ",
    "unhcr_asylum": "یو این ایچ سی آر کا پناہ گزین درخواست گزار سرٹیفکیٹ",
    "unhcr_refugee": "یو این ایچ سی آر کا مہاجر سرٹیفکیٹ",
    "passport": "پاسپورٹ",
    "visa": "پاکستانی ویزا",
    "tazkira": "تذکرہ",
}

# Kinds whose validity the timeline governs: their printed expiry is not the last word
# (cabinet decisions extend it, and end it), so only a rule can be pleaded for them.
TIMELINE_KINDS = {DocumentKind.POR_CARD, DocumentKind.POR_FAMILY, DocumentKind.ACC}
# A passport gives no right of stay without a visa; a tazkira never does.
NO_RIGHT_OF_STAY = {DocumentKind.PASSPORT, DocumentKind.TAZKIRA, DocumentKind.OTHER}
UNHCR_KINDS = {DocumentKind.UNHCR_ASYLUM_SEEKER, DocumentKind.UNHCR_REFUGEE}
# The seeded timeline writes an assumed start date into the rule's notes.
ASSUMPTION_MARK = "assumed"


@dataclass(frozen=True)
class Advice:
    """A warning on the petition page for the drafter and the approver; never printed."""

    subject: str
    message: str
    check: str

    def as_dict(self) -> dict:
        return {"subject": self.subject, "message": self.message, "check": self.check}


def _assumed(rule, on_date) -> bool:
    """The coverage rests on an assumed start date: the rule's start is not the source's own
    and the date falls before the decision was taken (from then on it is in force anyway)."""
    if rule is None or ASSUMPTION_MARK not in (getattr(rule, "notes", "") or "").lower():
        return False
    return rule.decided_on is None or on_date < rule.decided_on


def _dated_in_text(citation) -> bool:
    """The decision's wording already gives its date ("… decision of 10 Jul 2024 …")."""
    day = citation.decided_on
    return day is None or any(
        form in citation.decision for form in (f"{day.day} {day:%b %Y}", long_date(day))
    )


def _citation(citation) -> str:
    """The decision as a petition cites it, with its date once: never the engine's wording."""
    if _dated_in_text(citation):
        return citation.decision
    return f"{citation.decision} dated {long_date(citation.decided_on)}"


def _label(row: DocumentRow) -> str:
    return f"{row.document.get_kind_display()} {row.document.number}".strip()


def judge(row: DocumentRow) -> tuple[dict | None, Advice | None]:
    """A document as the petition pleads it (or None), and the advice it needs (or None)."""
    document, verdict = row.document, row.coverage
    label = _label(row)
    if row.verification[0] in ("not_genuine", "conflicting"):
        return None, Advice(
            label, "A verification recorded this document as not genuine.",
            "Resolve the verification before relying on the document in any filing.",
        )  # fmt: skip
    if document.kind in NO_RIGHT_OF_STAY:
        return None, Advice(
            label, "A passport or tazkira proves identity, not a right of stay.",
            "Plead a valid visa or registration instead; this document is annexed at most "
            "as proof of identity.",
        )  # fmt: skip
    if verdict.status == CoverageStatus.NOT_COVERED:
        return None, Advice(
            label, "Not covered on the date of arrest, so the petition does not rely on it.",
            "If a later notification covers that date, record it on the validity timeline "
            "and take the case details again.",
        )  # fmt: skip
    if verdict.status != CoverageStatus.COVERED:
        # The engine's own reasons ("assumed from …; confirm", "record the issue date")
        # tell the drafter what to check; they stay on screen, never in the pleading.
        reasons = " ".join([*verdict.assumptions, *verdict.confirm_notes])
        return None, Advice(
            label, "Validity on the date of arrest is not established."
            + (f" {reasons}" if reasons else ""),
            "Find the notification that covered the date (or UNHCR or NADRA confirmation) "
            "before pleading the document; until then the petition leaves it out.",
        )  # fmt: skip
    citation = verdict.citation
    if verdict.basis == Basis.RULE and citation is not None:
        assumed = _assumed(verdict.rule, verdict.on_date)
        if citation.certainty != Certainty.CONFIRMED or assumed or not verdict.pleadable:
            return None, Advice(
                label, f"Covered only by “{citation.decision}”, whose dates are not confirmed"
                + (" (its start date is assumed)." if assumed else "."),
                "Check the notification's own dates against the arrest date; plead the "
                "document only once they are confirmed on the timeline.",
            )  # fmt: skip
        basis = {
            "citation": _citation(citation),
            "decision": citation.decision,
            "decided_on": long_date(citation.decided_on),
            "decided_on_ur": "" if _dated_in_text(citation) else urdu_date(citation.decided_on),
        }
    elif verdict.basis == Basis.PRINTED_EXPIRY and document.kind not in TIMELINE_KINDS:
        basis = {"citation": "", "decision": "", "decided_on": "", "decided_on_ur": ""}
    else:
        return None, Advice(
            label, "Only the printed expiry covers the date, and for this kind of card "
            "government decisions decide validity.",
            "Confirm on the validity timeline that no decision ended the card's validity "
            "before the date of arrest.",
        )  # fmt: skip
    return {
        "kind": document.get_kind_display(),
        "kind_code": document.kind,
        "kind_ur": KIND_URDU.get(document.kind, "دستاویز"),
        "number": document.number,
        "expiry": long_date(document.expires_on),
        "expiry_ur": urdu_date(document.expires_on),
        "name_as_printed": document.name_as_printed,
        "valid_until": long_date(verdict.valid_until),
        "valid_until_ur": urdu_date(verdict.valid_until),
        "is_unhcr": document.kind in UNHCR_KINDS,
        "covered": True,
        **basis,
        "rule_revision": citation.revision_id if citation else None,
        "scan_ids": [scan.pk for scan in row.scans],
    }, None


def unhcr_verified(rows: list[DocumentRow]) -> bool:
    """UNHCR itself confirmed one of the client's documents (a recorded verification)."""
    return any(
        attempt.method == VerificationMethod.UNHCR and attempt.result == VerificationResult.GENUINE
        for row in rows
        for attempt in row.attempts
    )


def documents_and_advice(case: Case) -> tuple[list[dict], list[Advice], list[DocumentRow]]:
    rows = sorted(
        case_documents_with_coverage(case), key=lambda r: (r.document.added_at, r.document.pk)
    )
    pleaded, advice = [], []
    for row in rows:
        document, note = judge(row)
        if document is not None:
            pleaded.append(document)
        if note is not None:
            advice.append(note)
    return pleaded, advice, rows


def production_delay_hours(detention) -> int | None:
    """Whole hours from arrest to production, only when the record shows more than 24.

    Article 10(2) excludes the journey to the magistrate, which the record does not hold:
    the petition says so rather than claiming the excess as travel-free time.
    """
    if detention.produced_at is None:
        return None
    # An approximate or unknown arrest time (counted from the start of the day) could
    # overstate the delay: the pleading claims it only on an exact recorded time.
    if getattr(detention, "arrest_time", "exact") != "exact":
        return None
    held = detention.produced_at - detention.arrested_at
    return int(held.total_seconds() // 3600) if held > timedelta(hours=24) else None
