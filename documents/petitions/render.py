"""Petition PDFs: one renderer class, ``generate(petition) -> (filename, mimetype, bytes)``.

The Celery task, the preview, the batch and the ``render_petition`` command all use it;
the task only stores what it returns.
"""

import io
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import HTML

from casework.models import Case
from detainees.models import PoliceAuthority
from documents.models import (
    Petition,
    PetitionAnnexure,
    PetitionSettings,
    PetitionTemplateVersion,
)
from documents.petitions.context import paragraphs, petition_context, with_cnics
from documents.petitions.engine import render_source
from documents.petitions.fetcher import ASSETS, CaseFileFetcher, upload_url
from documents.petitions.language import as_that_clause, as_yeh_keh_clause, digits_in_html
from documents.petitions.selectors import latest_version

PDF = "application/pdf"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def annexure_letter(position: int) -> str:
    """A, B, … Z, then AA, AB, … as courts continue the series."""
    if position < len(LETTERS):
        return LETTERS[position]
    return annexure_letter(position // len(LETTERS) - 1) + LETTERS[position % len(LETTERS)]


@dataclass(frozen=True)
class Annexure:
    letter: str
    title: str
    file_id: int
    content_type: str
    stored: object  # the StoredFile, to open its bytes; never passed to a template

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF


def annexures_of(petition: Petition) -> list[Annexure]:
    """The petition's annexures in order, each reached through the petition's own case."""
    links = (
        PetitionAnnexure.objects.filter(petition=petition, file__case_id=petition.case_id)
        .select_related("file")
        .order_by("position", "id")
    )
    return [
        Annexure(annexure_letter(i), link.title, link.file_id, link.file.content_type, link.file)
        for i, link in enumerate(links)
    ]


# Keys of the snapshot that advise the drafter; a template never sees them.
ADVICE_KEYS = ("advice",)
# What earlier snapshots carried per document and a pleading must never print.
ENGINE_KEYS = ("explanation", "status", "source_url")


def _forum(court) -> dict:
    if court is None:
        return {}
    # The province's respondent police authority, as platform staff keep it in the admin.
    authority = PoliceAuthority.objects.filter(province=court.province).first()
    police, police_ur = (authority.name, authority.name_ur) if authority else ("", "")
    return {
        "name": court.name, "name_ur": court.name_ur or court.name, "city": court.seat,
        "district": court.district or court.seat, "province": court.province,
        "level": court.level, "police": police, "police_ur": police_ur,
    }  # fmt: skip


def _advocate(user) -> dict:
    if user is None:
        return {}
    profile = getattr(user, "advocate_profile", None)
    return {
        "name": user.get_full_name() or user.username,
        "name_ur": profile.name_ur if profile else "",
        "enrolment_number": profile.enrolment_number if profile else "",
        "bar_council": profile.bar_council if profile else "",
        "office_address": " ".join(profile.office_address.split()) if profile else "",
        "phone": profile.phone if profile else "",
    }


def _pleadable(documents: list[dict]) -> list[dict]:
    # Snapshots taken before the verdict was kept off pleadings hold every document with
    # the engine's words; only what was covered is pleaded, and without those words.
    return [
        {k: v for k, v in doc.items() if k not in ENGINE_KEYS}
        for doc in documents
        if doc.get("covered")
    ]


def render_context(petition: Petition, annexures: list[Annexure]) -> dict:
    """The snapshot plus what the drafter edits; plain values only."""
    context = {k: v for k, v in petition.context.items() if k not in ADVICE_KEYS}
    letter_of_file = {a.file_id: a.letter for a in annexures}
    context["documents"] = [
        {
            **doc,
            "annexure": next(
                (letter_of_file[i] for i in doc.get("scan_ids", []) if i in letter_of_file), ""
            ),
        }
        for doc in _pleadable(context.get("documents", []))
    ]
    urdu = petition.version.template.language == "ur"
    clause = as_yeh_keh_clause if urdu else as_that_clause
    drafter = petition.drafted_by
    context.update(
        **with_cnics(petition.case_id, context),
        court=petition.court,
        forum=_forum(petition.forum),
        advocate=_advocate(petition.case.lead_lawyer),
        drafter={"name": drafter.get_full_name() or drafter.username if drafter else ""},
        sections={
            "facts": [clause(p) for p in paragraphs(petition.facts)],
            "grounds": [clause(p) for p in paragraphs(petition.grounds)],
            "prayer_additions": paragraphs(petition.prayer_additions),
        },
        annexures=[{"letter": a.letter, "title": a.title} for a in annexures],
    )
    return context


def petition_settings(organisation) -> PetitionSettings:
    found = PetitionSettings.objects.filter(organisation=organisation).first()
    return found or PetitionSettings(organisation=organisation)


def petition_html(
    petition: Petition, annexures: list[Annexure], *, draft: bool = False, for_browser=False
) -> str:
    """The document WeasyPrint lays out. ``for_browser`` inlines the page frame's CSS,
    because a browser preview cannot fetch ``panah:`` assets."""
    version = petition.version
    template = version.template
    context = render_context(petition, annexures)
    organisation = petition.case.organisation
    urdu = template.language == "ur"
    settings = petition_settings(organisation)
    # Rendered in the sandbox from an administrator's template, autoescaped.
    body = render_source(version.html, context)
    if urdu:
        body = digits_in_html(body, settings.urdu_digits)
    letterhead = organisation.letterhead
    if urdu and settings.letterhead_ur:
        letterhead = settings.letterhead_ur
    return render_to_string(
        "documents/petition_document.html",
        {
            "title": f"{template.title} — {petition.case.reference}",
            "author": petition.case.organisation.name,
            "letterhead": letterhead,
            "language": template.language,
            "urdu_digits": urdu and settings.urdu_digits == "urdu",
            "css": version.css,
            "body": body,
            "annexures": [
                {
                    "letter": a.letter,
                    "title": a.title,
                    "is_pdf": a.is_pdf,
                    "url": upload_url(a.file_id),
                }
                for a in annexures
            ],  # fmt: skip
            "draft": draft,
            "base_css": (ASSETS / "base.css").read_text() if for_browser else "",
        },
    )


# Text in both scripts the petitions print, so that warming loads every face they use.
WARM_UP_TEXT = {"en": "Petition under section 497 Cr.P.C. — 1, 2, 3", "ur": "درخواست ضمانت ۱۲۳"}


def warm_up() -> int:
    """Render a page of the petition frame in each language, once per worker process, so
    that the first real petition does not pay for loading fonts (fontconfig, HarfBuzz),
    the bundled stylesheet and the frame's template. Returns the pages rendered."""
    pages = 0
    for language, text in WARM_UP_TEXT.items():
        html = render_to_string(
            "documents/petition_document.html",
            {"title": "Warm-up", "language": language, "body": f"<p>{text}</p>"},
        )
        pages += len(HTML(string=html, url_fetcher=CaseFileFetcher(None)).render().pages)
    return pages


class PetitionRenderer:
    """HTML from the template version, PDF from WeasyPrint, PDF annexures merged after."""

    def __init__(self, *, draft: bool = False):
        self.draft = draft
        self.refused: list[str] = []
        self.pages = 0

    def generate(self, petition: Petition) -> tuple[str, str, bytes]:
        case: Case = petition.case
        annexures = annexures_of(petition)
        html = petition_html(petition, annexures, draft=self.draft)
        fetcher = CaseFileFetcher(case)
        document = HTML(string=html, url_fetcher=fetcher).render()
        self.refused = fetcher.refused
        data = document.write_pdf()
        self.pages = len(document.pages)
        pdf_annexures = [a for a in annexures if a.is_pdf]
        if pdf_annexures:
            covers = {
                letter: index
                for index, page in enumerate(document.pages)
                for anchor in page.anchors
                if anchor.startswith("annexure-") and (letter := anchor.removeprefix("annexure-"))
            }
            data, self.pages = _merge(data, pdf_annexures, covers, petition)
        filename = f"{case.reference}-{petition.version.template.key}-{petition.pk or 'preview'}"
        return f"{filename}.pdf", PDF, data


def _stamps(letters: list[str]) -> PdfReader:
    html = render_to_string("documents/petition_stamps.html", {"letters": letters})
    return PdfReader(io.BytesIO(HTML(string=html).write_pdf()))


def _merge(
    data: bytes, annexures: list[Annexure], covers: dict, petition: Petition
) -> tuple[bytes, int]:
    """Insert each PDF annexure's pages after its cover page, stamped with its letter."""
    main = PdfReader(io.BytesIO(data))
    stamps = _stamps([a.letter for a in annexures])
    after_cover: dict[int, list] = {}
    for annexure, stamp in zip(annexures, stamps.pages, strict=True):
        with annexure.stored.file.open("rb") as handle:
            pages = PdfReader(io.BytesIO(handle.read())).pages
        slot = covers.get(annexure.letter, len(main.pages) - 1)
        after_cover.setdefault(slot, []).extend((page, stamp) for page in pages)
    writer = PdfWriter()
    for index, page in enumerate(main.pages):
        writer.add_page(page)
        for extra, stamp in after_cover.get(index, []):
            added = writer.add_page(extra)
            # The stamp sits in the top right corner whatever the annexure's page size.
            width, height = float(added.mediabox.width), float(added.mediabox.height)
            shift = Transformation().translate(
                width - float(stamp.mediabox.width), height - float(stamp.mediabox.height)
            )
            added.merge_transformed_page(stamp, shift)
    writer.add_metadata(
        {
            "/Title": f"{petition.version.template.title} — {petition.case.reference}",
            "/Author": petition.case.organisation.name,
            "/Producer": "Panah",
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def preview_pdf(petition: Petition) -> tuple[str, str, bytes]:
    """The PDF as it will print, marked as a draft. Nothing it touches is kept."""
    with transaction.atomic():
        result = PetitionRenderer(draft=True).generate(petition)
        transaction.set_rollback(True)
    return result


def template_preview(*, case: Case, template, html: str, css: str, by, pdf: bool = False):
    """Render unsaved template text against a real case inside a rolled-back transaction:
    the throwaway version and petition rows never reach the database."""
    with transaction.atomic():
        # The next number, as a real save would take; the rollback below gives it back.
        current = latest_version(template)
        version = PetitionTemplateVersion.objects.create(
            template=template, number=(current.number + 1) if current else 1,
            html=html, css=css, note=gettext("preview"),
        )  # fmt: skip
        petition = Petition.objects.create(
            organisation_id=case.organisation_id, case=case, version=version,
            context=petition_context(case), court=template.default_court or "Court",
            drafted_by=by,
        )  # fmt: skip
        petition.case = case
        if pdf:
            result = PetitionRenderer(draft=True).generate(petition)
        else:
            result = petition_html(petition, [], draft=True, for_browser=True)
        transaction.set_rollback(True)
    return result
