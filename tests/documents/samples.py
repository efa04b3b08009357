"""Sample files for upload tests, made in memory. Reusable by other suites."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

GPS_IFD = 0x8825


def png_bytes(*, with_gps: bool = False, size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 41.0, 4.0), 3: "E", 4: (73.0, 2.0, 5.0)})
        image.save(out, format="PNG", exif=exif)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes(*, with_gps: bool = False) -> bytes:
    image = Image.new("RGB", (40, 30), (30, 30, 200))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 41.0, 4.0)})
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def pdf_bytes(*, javascript: str | None = None, attachment: bool = False, launch: bool = False):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("payload.exe", b"MZ not really a program")
    if launch:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("calc.exe"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def gps_of(content: bytes) -> dict:
    with Image.open(io.BytesIO(content)) as image:
        return dict(image.getexif().get_ifd(GPS_IFD))
