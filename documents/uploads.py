"""Safe uploads: what we accept, and what we keep of it.

Everything here distrusts the upload: its name, its declared content type and its
extension are ignored; the bytes decide. Images are decoded and re-encoded, so
metadata (EXIF, GPS, comments) and anything appended to the image are dropped.
PDFs must parse and must not carry anything that runs (JavaScript, launch
actions) or hides files (embedded files), because a lawyer opens them on the
same laptop that holds every case.
"""

import hashlib
import io
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A phone photo is ~12-50 megapixels; anything far beyond is a decompression bomb.
DEFAULT_MAX_PIXELS = 80_000_000
MAX_PDF_OBJECTS = 50_000

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}

# Names whose presence means code or hidden files inside a PDF.
FORBIDDEN_PDF_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile",
                      "/RichMedia"}  # fmt: skip
FORBIDDEN_PDF_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
# Bidi overrides and isolates can make "scan\u202egpj.exe" display as "scanexe.jpg".
BIDI_CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class CleanUpload:
    content: bytes
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """The content type the bytes say, or None for anything we do not accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def display_name(name: str | None) -> str:
    """The user's file name as safe display text: no path, controls or bidi tricks."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name if ch not in BIDI_CONTROLS and unicodedata.category(ch) != "Cc"
    )
    return name.strip().lstrip(".").strip()[:200]


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _read(uploaded_file) -> bytes:
    limit = max_bytes()
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(f"The file is larger than the {_human(limit)} limit.")
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"The file is larger than the {_human(limit)} limit.")
    if not data:
        raise ValidationError("The file is empty.")
    return data


def _reencode_image(data: bytes, content_type: str) -> bytes:
    max_pixels = int(getattr(settings, "UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))
    unreadable = ValidationError("The image could not be read. Take the photo again.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise ValidationError("The image has too many pixels to be a photo or scan.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
                out = io.BytesIO()
                if content_type == JPEG:
                    if image.mode not in ("RGB", "L", "CMYK"):
                        image = image.convert("RGB")
                    # No exif/icc arguments: nothing but the pixels is written back.
                    image.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("The image has too many pixels to be a photo or scan.") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    return out.getvalue()


def _pdf_problem(obj, seen: set[int], depth: int = 0) -> str | None:
    """What forbidden thing ``obj`` (a resolved PDF object) contains, if anything."""
    if depth > 60:
        return None
    if isinstance(obj, IndirectObject):
        return None  # reached separately when every object of the file is walked
    if isinstance(obj, DictionaryObject):
        if id(obj) in seen:
            return None
        seen.add(id(obj))
        for key, value in obj.items():
            if key in FORBIDDEN_PDF_KEYS:
                return key
            if key == "/S" and isinstance(value, NameObject) and value in FORBIDDEN_PDF_ACTIONS:
                return str(value)
            found = _pdf_problem(value, seen, depth + 1)
            if found:
                return found
    elif isinstance(obj, ArrayObject):
        for item in obj:
            found = _pdf_problem(item, seen, depth + 1)
            if found:
                return found
    return None


def _check_pdf(data: bytes) -> None:
    unreadable = ValidationError("The PDF could not be read. Scan or save it again.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError("The PDF is password-protected. Upload an unprotected copy.")
        if len(reader.pages) == 0:
            raise unreadable
        references = [(num, gen) for gen, nums in reader.xref.items() for num in nums]
        references += [(num, 0) for num in reader.xref_objStm]
        if len(references) > MAX_PDF_OBJECTS:
            raise ValidationError("The PDF is too complex to check. Print it to a new PDF.")
        seen: set[int] = set()
        problem = _pdf_problem(reader.trailer, seen)
        for num, gen in references:
            if problem:
                break
            obj = reader.get_object(IndirectObject(num, gen, reader))
            problem = _pdf_problem(obj, seen)
    except ValidationError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError):  # fmt: skip
        raise unreadable from None
    if problem:
        raise ValidationError(
            "The PDF contains scripts, launch actions or embedded files "
            f"({problem.lstrip('/')}), which are refused. Print it to a new PDF and upload that."
        )


def accept_upload(uploaded_file) -> CleanUpload:
    """Check an uploaded file and return the bytes to store, or raise ValidationError."""
    data = _read(uploaded_file)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError("Only JPEG or PNG photos and PDF files are accepted.")
    if content_type == PDF:
        _check_pdf(data)
        content = data
    else:
        content = _reencode_image(data, content_type)
    return CleanUpload(
        content=content,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=display_name(getattr(uploaded_file, "name", "")),
    )
