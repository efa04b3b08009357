import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.sessions import AUTHENTICATED_AT
from casework.models import Event
from detainees.risk.services import risk_screening_save
from documents.services import document_add
from documents.uploads import accept_upload
from tests.documents.samples import png_bytes

SECRET_VALUES = ("Hazara", "Ismaili", "Interpreter for a foreign unit", "Threat from cousin")


def _prepare(case, lawyer):
    document_add(
        case=case, fields={"kind": "por", "number": "PK-FICT-0042"}, by=lawyer,
        scans=[accept_upload(SimpleUploadedFile("por.png", png_bytes()))],
    )  # fmt: skip
    risk_screening_save(
        case=case,
        fields={"level": "high", "groups": ["minority", "foreign_links"],
                "ethnicity": "Hazara", "religion": "Ismaili",
                "affiliations": "Interpreter for a foreign unit", "notes": "Threat from cousin"},
        by=lawyer,
    )  # fmt: skip


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_export_is_a_zip_of_summary_and_files_without_special_category(case, lawyer, login):
    _prepare(case, lawyer)
    response = login(lawyer).post(reverse("casework:case-export", args=[case.reference]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert f"{case.reference}-summary.pdf" in names
    assert any(n.startswith("files/") and n.endswith(".png") for n in names)
    summary = _pdf_text(archive.read(f"{case.reference}-summary.pdf"))
    assert "Gul Ahmad" in summary and "PK-FICT-0042" in summary and "high risk" in summary
    everything = b"".join(archive.read(n) for n in names)
    for secret in SECRET_VALUES:
        assert secret not in summary
        assert secret.encode() not in everything


def test_export_is_audited_and_reads_no_special_category(case, lawyer, login):
    _prepare(case, lawyer)
    login(lawyer).post(reverse("casework:case-export", args=[case.reference]))
    event = Event.objects.get(case=case, verb="case.exported")
    assert event.actor == lawyer
    assert len(event.data["files"]) == 1
    assert event.data["special_category_included"] is False
    assert not Event.objects.filter(case=case, verb="risk.viewed").exists()


def test_export_needs_recent_authentication(case, lawyer, login):
    client = login(lawyer)
    session = client.session
    session[AUTHENTICATED_AT] = 0
    session.save()

    response = client.post(reverse("casework:case-export", args=[case.reference]))

    assert response.status_code == 302
    assert reverse("accounts:reauth") in response["Location"]
    assert not Event.objects.filter(verb="case.exported").exists()


def test_export_confirmation_page_says_what_is_left_out(case, supervisor, login):
    response = login(supervisor).get(reverse("casework:case-export", args=[case.reference]))
    assert response.status_code == 200
    assert "Not included" in response.content.decode()
    assert not Event.objects.filter(verb="case.exported").exists()


def test_export_is_hidden_from_strangers(case, assert_hidden_from_strangers):
    assert_hidden_from_strangers(reverse("casework:case-export", args=[case.reference]))
