import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader, PdfWriter

from documents.uploads import accept_upload, display_name
from tests.documents.samples import gps_of, jpeg_bytes, pdf_bytes, png_bytes, upload


def test_png_with_gps_exif_comes_back_without_it():
    original = png_bytes(with_gps=True)
    assert gps_of(original)  # the sample really carries a location
    clean = accept_upload(upload("card.png", original, "image/png"))
    assert clean.content_type == "image/png"
    assert gps_of(clean.content) == {}
    with Image.open(io.BytesIO(clean.content)) as image:
        assert not image.getexif()
        assert image.size == (40, 30)


def test_jpeg_is_reencoded_without_exif():
    clean = accept_upload(upload("card.jpg", jpeg_bytes(with_gps=True), "image/jpeg"))
    assert clean.content_type == "image/jpeg"
    assert gps_of(clean.content) == {}
    assert b"Exif" not in clean.content[:200]


def test_type_comes_from_content_not_extension():
    clean = accept_upload(upload("scan.pdf", png_bytes(), "application/pdf"))
    assert clean.content_type == "image/png"
    assert clean.extension == "png"


@pytest.mark.parametrize(
    "name, content",
    [
        ("card.jpg", b"<html><script>alert(1)</script></html>"),
        ("card.png", b"GIF89a" + b"\x00" * 40),
        ("scan.pdf", b"MZ\x90\x00 a windows program"),
        ("card.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"),
        ("scan.pdf", b"%PDF-1.7 not really a pdf"),
    ],
)
def test_wrong_or_broken_content_with_a_good_extension_is_refused(name, content):
    with pytest.raises(ValidationError):
        accept_upload(upload(name, content, "image/jpeg"))


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        accept_upload(upload("card.png", b""))


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="larger than"):
        accept_upload(upload("scan.pdf", pdf_bytes() + b"\n%" + b"x" * 2000))


def test_pixel_bomb_is_refused(settings):
    settings.UPLOAD_MAX_PIXELS = 100
    with pytest.raises(ValidationError, match="too many pixels"):
        accept_upload(upload("card.png", png_bytes(size=(20, 20))))


def test_clean_pdf_is_rewritten_with_its_page():
    clean = accept_upload(upload("order.pdf", pdf_bytes()))
    assert clean.content.startswith(b"%PDF-")
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    assert clean.size == len(clean.content)
    assert len(PdfReader(io.BytesIO(clean.content)).pages) == 1


@pytest.mark.parametrize("kind", ["javascript", "attachment", "launch"])
def test_pdf_with_scripts_files_or_launch_actions_is_stored_without_them(kind):
    value = "app.alert('hi');" if kind == "javascript" else True
    clean = accept_upload(upload("order.pdf", pdf_bytes(**{kind: value})))
    for word in (b"JavaScript", b"/JS", b"Launch", b"EmbeddedFile", b"OpenAction"):
        assert word not in clean.content


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ValidationError, match="password"):
        accept_upload(upload("order.pdf", out.getvalue()))


@pytest.mark.parametrize(
    "given, shown",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\card.png", "card.png"),
        ("scan\u202egpj.exe", "scangpj.exe"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("نجیب\u200cالله.jpg", "نجیب\u200cالله.jpg"),
        ("...hidden", "hidden"),
    ],
)
def test_original_name_is_display_text_only(given, shown):
    assert display_name(given) == shown


def test_pdf_hiding_javascript_behind_escaped_names_is_stored_without_it():
    # "/J#61vaScript" and "/J#53" are "/JavaScript" and "/JS" to a PDF reader.
    content = pdf_bytes(javascript="app.alert('hi');")
    disguised = content.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in disguised
    clean = accept_upload(upload("order.pdf", disguised))
    assert b"app.alert" not in clean.content


@pytest.mark.parametrize("fmt, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_rotated_phone_photo_is_turned_upright_and_loses_its_location(fmt, content_type):
    image = Image.new("RGB", (40, 30), (1, 2, 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90°", as phones record portrait photos
    exif.get_ifd(0x8825).update({1: "N", 2: (33.0, 41.0, 4.0)})
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    clean = accept_upload(upload("card", out.getvalue(), content_type))
    with Image.open(io.BytesIO(clean.content)) as result:
        assert result.size == (30, 40)
        assert not result.getexif()
