"""Safe uploads: what we accept, and what we keep of it.

Everything here distrusts the upload: its name, its declared content type and its
extension are ignored; the bytes decide. Images are decoded and re-encoded, so
metadata (EXIF, GPS, comments, colour profiles) and anything appended to the image are
dropped. PDFs are rewritten to their pages alone: nothing that runs (JavaScript, any
action, forms) or hides files (embedded files) survives, because a lawyer opens them on
the same laptop that holds every case. Both are refused when they would inflate past
the caps (decompression bombs).
"""

import hashlib
import io
import unicodedata
import warnings
import zlib
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A phone photo is ~12-50 megapixels; anything far beyond is a decompression bomb.
DEFAULT_MAX_PIXELS = 50_000_000
# What all the streams of a PDF may inflate to: a 40-page scan is far below it, a PDF
# made of a few kilobytes of zeros that inflate to hundreds of megabytes is refused.
DEFAULT_MAX_DECOMPRESSED = 150 * 1024 * 1024
MAX_PDF_OBJECTS = 50_000

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}

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


def _too_large(limit: int) -> str:
    return gettext("The file is larger than the %(limit)s limit.") % {"limit": _human(limit)}


def _read(uploaded_file) -> bytes:
    limit = max_bytes()
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise ValidationError(_too_large(limit))
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_large(limit))
    if not data:
        raise ValidationError(gettext("The file is empty."))
    return data


def _pixels_only(image: Image.Image) -> Image.Image:
    """The image with nothing but its pixels: no comment, no ICC profile, no EXIF.

    Pillow writes back what ``info`` holds (a JPEG comment, a PNG's ICC profile and text
    chunks), and an ICC profile carries free text (its description, the software and
    sometimes the device that made it). A profile is first applied, so colours stay as
    they were, then dropped: the result is plain sRGB.
    """
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"))
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are
    image = image.copy()
    image.info = {}
    return image


def _reencode_image(data: bytes, content_type: str) -> bytes:
    unreadable = ValidationError(gettext("The image could not be read. Take the photo again."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                if width * height > max_pixels():
                    raise ValidationError(
                        gettext("The image has too many pixels to be a photo or scan.")
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = _pixels_only(ImageOps.exif_transpose(image))
                out = io.BytesIO()
                if content_type == JPEG:
                    if image.mode not in ("RGB", "L", "CMYK"):
                        image = image.convert("RGB")
                    image.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            gettext("The image has too many pixels to be a photo or scan.")
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    return out.getvalue()


# What a rewritten page keeps: its geometry, its resources and its content. Everything
# else on a page (annotations and their actions, /AA additional actions, form fields,
# thumbnails, structure hooks) is left behind.
PAGE_KEYS = {"/Type", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate",
             "/Resources", "/Contents", "/UserUnit"}  # fmt: skip
# Keys that make something happen, or hide a file, wherever they sit in what a page
# keeps (a form XObject or a font could carry them too).
ACTIVE_KEYS = {"/A", "/AA", "/OpenAction", "/JS", "/JavaScript", "/URI", "/Launch",
               "/SubmitForm", "/GoToR", "/GoToE", "/ImportData", "/EmbeddedFile",
               "/EmbeddedFiles", "/FileAttachment", "/RichMedia", "/XFA", "/AcroForm",
               "/Annots", "/Names", "/F", "/FS", "/Sound", "/Movie"}  # fmt: skip
# Action types (an action dictionary's /S): such a dictionary loses its /S too.
ACTION_TYPES = {"/JavaScript", "/URI", "/Launch", "/SubmitForm", "/ResetForm", "/ImportData",
                "/GoTo", "/GoToR", "/GoToE", "/GoTo3DView", "/RichMediaExecute", "/Rendition",
                "/Sound", "/Movie", "/Hide", "/Named", "/SetOCGState", "/Trans",
                "/Thread"}  # fmt: skip
FLATE = "/FlateDecode"
CHUNK = 1024 * 1024


def max_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def max_decompressed_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_DECOMPRESSED_BYTES", DEFAULT_MAX_DECOMPRESSED))


class _TooBig(Exception):
    pass


def _filters(stream) -> list[str]:
    found = stream.get("/Filter")
    if found is None:
        return []
    if isinstance(found, pikepdf.Array):
        return [str(f) for f in found]
    return [str(found)]


def _inflated_size(raw: bytes, budget: int) -> int:
    """How many bytes a Flate stream inflates to, never holding more than ``CHUNK`` of it
    and stopping as soon as ``budget`` is passed."""
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending:
            size += len(inflater.decompress(pending, CHUNK))
            if size > budget:
                raise _TooBig
            pending = inflater.unconsumed_tail
        size += len(inflater.flush())
    except zlib.error:
        pass  # a damaged stream inflates to what it inflated to; readers stop there too
    if size > budget:
        raise _TooBig
    return size


def _strip(obj, depth: int = 0) -> None:
    """Remove active keys from a dictionary and the direct objects inside it."""
    if depth > 100:
        raise _TooBig
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in [k for k in obj.keys() if k in ACTIVE_KEYS]:  # noqa: SIM118
            del obj[key]
        if str(obj.get("/S", "")) in ACTION_TYPES:
            del obj["/S"]
        for key in obj.keys():  # noqa: SIM118
            value = obj.get(key)
            if isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                _strip(value, depth + 1)
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
                _strip(value, depth + 1)


def _measure(pdf: pikepdf.Pdf) -> None:
    """Refuse a file whose streams would inflate past the caps (decompression bombs)."""
    budget, pixels = max_decompressed_bytes(), max_pixels()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/Image":
            width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            if width * height > pixels:
                raise ValidationError(
                    gettext(
                        "The PDF holds an image with too many pixels to be a scan. "
                        "Print it to a new PDF and upload that."
                    )
                )
        filters = _filters(obj)
        raw = obj.read_raw_bytes()
        if filters and filters[0] == FLATE:
            budget -= _inflated_size(raw, budget)
        else:
            budget -= len(raw)
        if budget < 0:
            raise _TooBig


def _rewrite_pdf(data: bytes) -> bytes:
    """A new PDF holding only the pages, their content and images, or ValidationError.

    Inspecting a PDF for dangerous parts always misses some (actions nested deeper than
    the walk, action types not on the list, indirect names). Rewriting keeps only what
    is known to be inert: a fresh catalogue with the pages and nothing else, so open
    actions, forms, XFA, JavaScript name trees, embedded files, outlines with actions and
    annotations never reach the new file.
    """
    unreadable = ValidationError(gettext("The PDF could not be read. Scan or save it again."))
    too_big = ValidationError(
        gettext(
            "The PDF unpacks to more than %(limit)s, far more than a scan needs. Print it to "
            "a new PDF and upload that."
        )
        % {"limit": _human(max_decompressed_bytes())}
    )
    try:
        with pikepdf.open(io.BytesIO(data)) as source:
            if len(source.objects) > MAX_PDF_OBJECTS:
                raise ValidationError(
                    gettext("The PDF is too complex to check. Print it to a new PDF.")
                )
            if len(source.pages) == 0:
                raise unreadable
            with pikepdf.new() as clean:
                for page in source.pages:
                    clean.pages.append(page)
                for page in clean.pages:
                    for key in [k for k in page.obj.keys() if k not in PAGE_KEYS]:  # noqa: SIM118
                        del page.obj[key]
                # Only what the pages reach was copied; strip every action key from it.
                for obj in clean.objects:
                    _strip(obj)
                _measure(clean)
                out = io.BytesIO()
                # Streams are written as they came, never inflated here.
                clean.save(
                    out,
                    stream_decode_level=pikepdf.StreamDecodeLevel.none,
                    fix_metadata_version=False,
                    deterministic_id=True,
                )
                return out.getvalue()
    except pikepdf.PasswordError:
        raise ValidationError(
            gettext("The PDF is password-protected. Upload an unprotected copy.")
        ) from None
    except ValidationError:
        raise
    except _TooBig:
        raise too_big from None
    except (pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, RuntimeError):  # fmt: skip
        raise unreadable from None


def accept_upload(uploaded_file) -> CleanUpload:
    """Check an uploaded file and return the bytes to store, or raise ValidationError."""
    data = _read(uploaded_file)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(gettext("Only JPEG or PNG photos and PDF files are accepted."))
    content = _rewrite_pdf(data) if content_type == PDF else _reencode_image(data, content_type)
    return CleanUpload(
        content=content,
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=display_name(getattr(uploaded_file, "name", "")),
    )
