"""What a petition cites from the documents side: coverage verdicts and the case's files."""

from casework.models import Case
from documents.models import IdentityDocument

STATUS_WORDS = {"covered": "covered", "not_covered": "not covered", "unknown": "unknown"}


def _citation(rule) -> str:
    if rule is None:
        return ""
    parts = [rule.decision]
    if rule.decided_on:
        parts.append(f"dated {rule.decided_on.day} {rule.decided_on:%B %Y}")
    if rule.source_title:
        parts.append(f"({rule.source_title})")
    return " ".join(parts)


def documents_with_coverage(case: Case) -> list[dict]:
    """Each identity document of the detainee with its coverage on the date of arrest."""
    from django.utils import timezone

    from documents.selectors import coverage

    arrested_on = timezone.localtime(case.detention.arrested_at).date()
    documents = (
        IdentityDocument.objects.filter(person_id=case.person_id, organisation=case.organisation)
        .prefetch_related("scans")
        .order_by("added_at", "id")
    )
    result = []
    for document in documents:
        verdict = coverage(document, arrested_on)
        status = str(getattr(verdict.status, "value", verdict.status))
        valid_until = verdict.valid_until
        result.append(
            {
                "kind": document.get_kind_display(),
                "kind_code": document.kind,
                "kind_ur": _urdu_kind(document.kind),
                "number": document.number,
                "expiry": _long(document.expires_on),
                "name_as_printed": document.name_as_printed,
                "status": STATUS_WORDS.get(status, status),
                "covered": status == "covered",
                "valid_until": _long(valid_until),
                "citation": _citation(verdict.rule),
                "source_url": getattr(verdict.rule, "source_url", "") or "",
                "explanation": verdict.explanation,
                "scan_ids": [scan.pk for scan in document.scans.all()],
            }
        )
    return result


def _urdu_kind(kind: str) -> str:
    from documents.petitions.context import KIND_URDU

    return KIND_URDU.get(kind, "دستاویز")


def _long(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""
