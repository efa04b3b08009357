"""The PDF itself: what a court will read, in English and Urdu, with annexures."""

import io
import re

import pytest
from pypdf import PdfReader

from documents.models import PetitionTemplate
from documents.petitions import services
from documents.petitions.fetcher import CaseFileFetcher, RefusedURL
from documents.petitions.render import PetitionRenderer, annexure_letter, petition_html
from tests.documents.petition_helpers import (
    FIR_NUMBER,
    POR_NUMBER,
    add_scan,
    case_with_por,
    consent_to_unhcr,
    ensure_seeded,
    page_count,
    pdf_fonts,
    pdf_text,
    template,
)
from tests.factories import open_case


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


def draft(case, by, key="bail-497", language="en", **kwargs):
    if key == "unhcr-letter":  # offered only once the client's consent is recorded
        consent_to_unhcr(case, by)
    return services.petition_create(case=case, template=template(key, language), by=by, **kwargs)


def test_bail_application_names_the_detainee_the_fir_the_card_and_what_covered_it(
    por_case, paralegal
):
    petition = draft(
        por_case, paralegal, court="Court of the Judicial Magistrate Section 30, Islamabad"
    )
    filename, mimetype, data = PetitionRenderer().generate(petition)
    text = pdf_text(data)
    assert mimetype == "application/pdf"
    assert filename.startswith(por_case.reference)
    assert "Zarif Hotaki" in text
    assert "son of Nazar Gul" in text
    assert FIR_NUMBER in text
    assert POR_NUMBER in text
    assert "COURT OF THE JUDICIAL MAGISTRATE SECTION 30, ISLAMABAD" in text.upper()
    # The exact extension that covered the card on the day of arrest; the newspaper that
    # reported it is the drafter's source, not the court's citation.
    assert "valid until 30 June 2025" in text
    assert "SAFRON notification" in text
    assert "The News" not in text
    assert "Most respectfully sheweth" in text
    assert "It is therefore most humbly prayed" in text


def test_pdf_has_title_author_and_numbered_a4_pages(por_case, paralegal):
    _, _, data = PetitionRenderer().generate(draft(por_case, paralegal))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == f"Bail application (CrPC s.497) — {por_case.reference}"
    assert reader.metadata.author == por_case.organisation.name
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert f"Page 1 of {len(reader.pages)}" in pdf_text(data)


def test_letterhead_heads_the_first_page(por_case, paralegal):
    por_case.organisation.letterhead = "Demo Legal Aid\nBlue Area, Islamabad"
    por_case.organisation.save(update_fields=["letterhead"])
    petition = draft(por_case, paralegal)
    petition.case.organisation.refresh_from_db()
    _, _, data = PetitionRenderer().generate(petition)
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Blue Area, Islamabad" in first_page


def test_drafted_facts_become_numbered_that_paragraphs(por_case, paralegal):
    petition = draft(por_case, paralegal)
    services.petition_update(
        petition=petition, by=paralegal, court=petition.court,
        facts="the petitioner was picked up outside his school.\n\nhis family holds PoR cards.",
        grounds="the arrest was made without a warrant.", prayer_additions="",
    )  # fmt: skip
    text = pdf_text(PetitionRenderer().generate(petition)[2])
    assert "That the petitioner was picked up outside his school." in text
    assert "That his family holds PoR cards." in text
    assert "That the arrest was made without a warrant." in text


def without_marks(text: str) -> str:
    return re.sub("[\u064b-\u065f\u0670]", "", text)


URDU_PHRASES = ["درخواست ضمانت", "بعد از گرفتاری", "استدعا", "ظریف هوتکی", "نظر گل"]


def test_urdu_bail_application_is_urdu_text_in_an_arabic_script_font(por_case, paralegal):
    _, _, data = PetitionRenderer().generate(draft(por_case, paralegal, language="ur"))
    text = pdf_text(data)
    for phrase in URDU_PHRASES:
        assert phrase in text, phrase
    assert POR_NUMBER in text
    fonts = pdf_fonts(data)
    assert "Noto-Naskh-Arabic" in fonts or "Noto-Nastaliq-Urdu" in fonts


def test_urdu_affidavit_has_no_missing_glyphs(por_case, paralegal):
    petition = draft(por_case, paralegal, key="surety-affidavit", language="ur")
    _, _, data = PetitionRenderer().generate(petition)
    text = pdf_text(data)
    # A missing glyph comes out of the PDF as nothing or U+FFFD; every Urdu word of the
    # template must come back intact instead.
    # Vowel marks are compared apart: extraction may emit a mark before its base letter.
    # The words the template printed for this case (its other branches print nothing).
    source = petition_html(petition, [])
    # Letters only: Urdu punctuation (، ؛ ۔) is extracted as its own run.
    letters = r"[\u0621-\u065F\u0670-\u06D3]{3,}"
    words = set(re.findall(letters, re.sub(r"<[^>]*>", " ", source)))
    missing = sorted(w for w in words if without_marks(w) not in without_marks(text))
    assert "\ufffd" not in text
    assert missing == []


@pytest.mark.parametrize(
    "key,language",
    [
        ("bail-497", "en"),
        ("bail-497", "ur"),
        ("habeas-corpus", "en"),
        ("release-registration", "en"),
        ("unhcr-letter", "en"),
        ("surety-affidavit", "en"),
        ("surety-affidavit", "ur"),
    ],
)
def test_every_seeded_template_renders_for_review_by_counsel_and_not_as_legal_advice(
    por_case, paralegal, key, language
):
    assert template(key, language).for_review_by_counsel
    text = pdf_text(PetitionRenderer().generate(draft(por_case, paralegal, key, language))[2])
    assert "legal advice" not in text.lower()
    assert POR_NUMBER in text or FIR_NUMBER in text or "Hotaki" in text or "ظریف" in text


def test_seeded_library_has_every_kind_of_petition(db):
    ensure_seeded()
    keys = set(PetitionTemplate.objects.filter(organisation=None).values_list("key", "language"))
    kinds = (
        "bail-497", "bail-after-refusal", "habeas-corpus", "habeas-491-1a",
        "release-registration", "vakalatnama", "surety-affidavit", "unhcr-letter",
    )  # fmt: skip
    # Every petition in English and in Urdu.
    assert keys == {(key, language) for key in kinds for language in ("en", "ur")}


def test_annexures_are_appended_indexed_and_stamped(por_case, paralegal):
    without = page_count(PetitionRenderer().generate(draft(por_case, paralegal))[2])
    scan = add_scan(por_case, paralegal, kind="png", name="por-front.png")
    fir = add_scan(por_case, paralegal, kind="pdf", name="fir.pdf")
    petition = draft(por_case, paralegal)
    services.petition_update(
        petition=petition, by=paralegal, court=petition.court, facts="", grounds="",
        prayer_additions="", annexures=[(scan.pk, "PoR card, front"), (fir.pk, "Copy of FIR")],
    )  # fmt: skip
    _, _, data = PetitionRenderer().generate(petition)
    reader = PdfReader(io.BytesIO(data))
    index = next(i for i, p in enumerate(reader.pages) if "Index of annexures" in p.extract_text())
    assert index >= without - 1
    # index page + A (image on its page) + B cover + B's two pages
    assert len(reader.pages) == index + 1 + 1 + 1 + 2
    text = pdf_text(data)
    assert "Index of annexures" in text
    assert "PoR card, front" in text and "Copy of FIR" in text
    assert "Annexure A" in reader.pages[index + 1].extract_text()
    for page in reader.pages[-2:]:
        assert "Annexure B" in page.extract_text()
    assert reader.metadata.author == por_case.organisation.name


def test_annexure_letters_continue_past_z():
    assert [annexure_letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def _hostile_version(petition, html: str):
    from documents.models import PetitionTemplateVersion

    version = PetitionTemplateVersion.objects.create(
        template=petition.version.template, number=99, html=html, css=""
    )
    petition.version = version
    petition.save(update_fields=["version"])
    return petition


def test_fetcher_refuses_local_files_the_network_and_another_cases_upload(
    por_case, paralegal, lawyer
):
    other_case = open_case(lawyer, person={"given_name": "Other", "father_name": "Someone"})
    other_scan = add_scan(other_case, lawyer, name="other.png")
    own_scan = add_scan(por_case, paralegal, name="own.png")
    petition = _hostile_version(
        draft(por_case, paralegal),
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1/">'
        '<link rel="stylesheet" href="https://example.org/x.css">'
        f'<img src="panah:upload/{other_scan.pk}"><img src="panah:upload/{own_scan.pk}">'
        '<img src="panah:asset/../../../../etc/passwd"><p>Body text</p>',
    )
    renderer = PetitionRenderer()
    _, _, data = renderer.generate(petition)
    assert set(renderer.refused) == {
        "file:///etc/passwd", "http://127.0.0.1/", "https://example.org/x.css",
        f"panah:upload/{other_scan.pk}", "panah:asset/../../../../etc/passwd",
    }  # fmt: skip
    assert "root:" not in pdf_text(data)
    assert "Body text" in pdf_text(data)


def test_fetcher_serves_bundled_assets_and_the_cases_own_images(por_case, paralegal):
    scan = add_scan(por_case, paralegal)
    fetcher = CaseFileFetcher(por_case)
    assert fetcher.fetch("panah:asset/base.css").read().startswith(b"/*")
    assert fetcher.fetch(f"panah:upload/{scan.pk}").read().startswith(b"\x89PNG")
    with pytest.raises(RefusedURL):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(RefusedURL):
        fetcher.fetch("data:text/plain,hello")
