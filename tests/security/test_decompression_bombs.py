"""Finding 4: decompression bombs. A few hundred kilobytes that inflate to hundreds of
megabytes are refused at upload, with a message, before anything inflates them."""

import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from documents.uploads import accept_upload
from tests.documents.samples import png_bytes, upload
from tests.security.hostile_pdfs import flate_bomb, pixel_bomb_image


def test_a_pdf_whose_streams_inflate_past_the_cap_is_refused(settings):
    settings.UPLOAD_MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024
    bomb = flate_bomb(streams=5, megabytes=8)
    assert len(bomb) < 300_000
    with pytest.raises(ValidationError, match="unpacks to more than 10 MB"):
        accept_upload(upload("annexure.pdf", bomb))


def test_the_assessors_bomb_is_refused_without_inflating_it():
    """Five 70 MB streams in a small file, at the default cap: refused, and the check
    itself never holds more than a few megabytes."""
    bomb = flate_bomb(streams=5, megabytes=70)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="unpacks to more than"):
            accept_upload(upload("annexure.pdf", bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024 + 2 * len(bomb)


def test_a_pdf_below_the_cap_is_accepted(settings):
    settings.UPLOAD_MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024
    accept_upload(upload("annexure.pdf", flate_bomb(streams=1, megabytes=2)))


def test_an_image_in_a_pdf_with_too_many_pixels_is_refused():
    with pytest.raises(ValidationError, match="too many pixels"):
        accept_upload(upload("annexure.pdf", pixel_bomb_image()))


def test_pixel_cap_is_configurable_and_the_default_refuses_80_megapixels(settings):
    out = io.BytesIO()
    Image.new("1", (10_000, 8_000)).save(out, format="PNG")
    with pytest.raises(ValidationError, match="too many pixels"):
        accept_upload(upload("scan.png", out.getvalue()))
    settings.UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError, match="too many pixels"):
        accept_upload(upload("scan.png", png_bytes(size=(40, 30))))
