"""What a petition cites from the documents side: each document's coverage verdict on the
day of arrest, and the exact decision (rule revision) that covered it."""

from casework.models import Case
from documents.coverage import CoverageStatus
from documents.selectors import case_documents_with_coverage

STATUS_WORDS = {
    CoverageStatus.COVERED: "covered",
    CoverageStatus.NOT_COVERED: "not covered",
    CoverageStatus.UNKNOWN: "unknown",
}

KIND_URDU = {
    "por": "پی او آر کارڈ",
    "por_family": "پی او آر خاندانی سرٹیفکیٹ",
    "acc": "افغان سٹیزن کارڈ",
    "unhcr_asylum": "یو این ایچ سی آر سرٹیفکیٹ",
    "unhcr_refugee": "یو این ایچ سی آر سرٹیفکیٹ",
    "passport": "پاسپورٹ",
}


def _long(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _citation(citation) -> str:
    """ "the cabinet decision … dated 10 July 2024 (source)", as a petition paragraph cites it."""
    if citation is None:
        return ""
    text = citation.decision
    if citation.decided_on:
        text += f" dated {_long(citation.decided_on)}"
    if citation.source_title:
        text += f" ({citation.source_title})"
    return text


def documents_with_coverage(case: Case) -> list[dict]:
    rows = sorted(
        case_documents_with_coverage(case), key=lambda r: (r.document.added_at, r.document.pk)
    )
    result = []
    for row in rows:
        document, verdict = row.document, row.coverage
        citation = verdict.citation
        result.append(
            {
                "kind": document.get_kind_display(),
                "kind_code": document.kind,
                "kind_ur": KIND_URDU.get(document.kind, "دستاویز"),
                "number": document.number,
                "expiry": _long(document.expires_on),
                "name_as_printed": document.name_as_printed,
                "status": STATUS_WORDS.get(verdict.status, str(verdict.status)),
                "covered": verdict.status == CoverageStatus.COVERED,
                "valid_until": _long(verdict.valid_until),
                "citation": _citation(citation),
                "source_url": citation.source_url if citation else "",
                "rule_revision": citation.revision_id if citation else None,
                "explanation": verdict.explanation,
                "scan_ids": [scan.pk for scan in row.scans],
            }
        )
    return result
