"""Per-case export for handing a case over: a ZIP of a summary PDF and the case's files.

Special-category data (risk groups, ethnicity, religion, SOGI, affiliations, risk notes) is
never exported: a ZIP leaves every control this application has (audit, revocation, key
rotation) the moment it is downloaded. The summary says whether a screening exists and
its level, so the receiving team knows to ask for it through Panah, where it is assigned
to them. Referrals (body, status, dates) are included: the new team must follow them up.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from casework.audit import log_action
from casework.models import Case
from casework.selectors import case_timeline

PDF = "application/pdf"


def export_context(case: Case) -> dict:
    from detainees.models import RiskScreening

    person = case.person
    return {
        "case": case,
        "person": person,
        "detention": case.detention,
        "team": case.team.select_related("membership").order_by("username"),
        "documents": person.documents.order_by("added_at"),
        "hearings": case.hearings.select_related("court").order_by("starts_at"),
        "outcomes": case.outcomes.order_by("occurred_at"),
        "referrals": case.referrals.all(),
        # The level only: values_list never decrypts the special-category columns.
        "risk_level": RiskScreening.objects.filter(case=case)
        .values_list("level", flat=True)
        .first(),
        "timeline": case_timeline(case)[:500],
        "files": case.files.order_by("uploaded_at", "id"),
        "generated_at": timezone.now(),
    }


class CaseSummaryRenderer:
    def generate(self, case: Case) -> tuple[str, str, bytes]:
        from documents.petitions.fetcher import CaseFileFetcher

        html = render_to_string("casework/case_export_summary.html", export_context(case))
        # The summary loads nothing; the fetcher refuses file://, http(s):// and the rest.
        data = HTML(string=html, url_fetcher=CaseFileFetcher(case)).write_pdf()
        return f"{case.reference}-summary.pdf", PDF, data


@dataclass(frozen=True)
class CaseExport:
    filename: str
    content: bytes
    file_ids: list[int]


def _zip_name(stored) -> str:
    return f"files/{stored.pk}-{stored.purpose}.{stored.extension}"


def _build_zip(case: Case) -> tuple[bytes, list[int]]:
    name, _, summary = CaseSummaryRenderer().generate(case)
    buffer = io.BytesIO()
    included = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, summary)
        for stored in case.files.order_by("uploaded_at", "id"):
            if not stored.file:
                continue  # removed by retention
            try:
                with stored.file.open("rb") as handle:
                    archive.writestr(_zip_name(stored), handle.read())
            except FileNotFoundError:
                continue
            included.append(stored.pk)
        for petition in case.petitions.exclude(pdf=""):
            try:
                with petition.pdf.open("rb") as handle:
                    archive.writestr(f"petitions/{petition.pk}.pdf", handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue(), included


@transaction.atomic
def case_export(*, case: Case, by) -> CaseExport:
    """Build the hand-over ZIP and record who took it."""
    content, file_ids = _build_zip(case)
    log_action(
        "case.exported",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=case,
        data={
            "files": file_ids,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
            "special_category_included": False,
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return CaseExport(f"{case.reference}-export-{stamp}.zip", content, file_ids)
