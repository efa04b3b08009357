"""Per-case export for handing a case over: a ZIP of a summary PDF and the case's files.

What goes in is what each app registered (``casework.registry.register_export_part``):
a section of the summary and its files. Special-category data (risk groups, ethnicity,
religion, SOGI, affiliations, risk notes) is never exported: a ZIP leaves every control
this application has (audit, revocation, key rotation) the moment it is downloaded.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from casework.audit import log_action
from casework.models import Case
from casework.registry import export_parts
from casework.selectors import case_timeline

PDF = "application/pdf"


class NothingFetcher(URLFetcher):
    """The summary loads nothing: file://, http(s):// and every other URL are refused."""

    def __init__(self):
        super().__init__(allowed_protocols=set(), allow_redirects=False)

    def fetch(self, url, headers=None):
        raise ValueError(f"Not loaded in a case summary: {url[:80]}")


def summary_sections(case: Case) -> list[str]:
    return [
        render_to_string(part.template, {"case": case, **part.context(case)})
        for part in export_parts
    ]


class CaseSummaryRenderer:
    def generate(self, case: Case) -> tuple[str, str, bytes]:
        html = render_to_string(
            "casework/case_export_summary.html",
            {
                "case": case,
                "sections": summary_sections(case),
                "team": case.team.select_related("membership").order_by("username"),
                "timeline": case_timeline(case)[:500],
                "generated_at": timezone.now(),
            },
        )
        data = HTML(string=html, url_fetcher=NothingFetcher()).write_pdf()
        return f"{case.reference}-summary.pdf", PDF, data


@dataclass(frozen=True)
class CaseExport:
    filename: str
    content: bytes
    file_ids: list[int]


def _build_zip(case: Case) -> tuple[bytes, list[int]]:
    name, _, summary = CaseSummaryRenderer().generate(case)
    buffer = io.BytesIO()
    included = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, summary)
        for part in export_parts:
            for item in part.files(case):
                if not item.file:
                    continue  # removed by retention
                try:
                    with item.file.open("rb") as handle:
                        archive.writestr(item.name, handle.read())
                except FileNotFoundError:
                    continue
                if item.stored_file_id is not None:
                    included.append(item.stored_file_id)
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
