"""Finding 12 (part): JPEG comments and PNG colour profiles survived re-encoding."""

import io

from PIL import Image, ImageCms

from documents.uploads import accept_upload
from tests.documents.samples import upload

SECRET = "Taken by A. Informant at 33.68N 73.04E"


def test_a_jpeg_comment_does_not_survive():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(out, format="JPEG", comment=SECRET)
    assert SECRET.encode() in out.getvalue()
    clean = accept_upload(upload("card.jpg", out.getvalue()))
    assert SECRET.encode() not in clean.content
    with Image.open(io.BytesIO(clean.content)) as result:
        assert "comment" not in result.info


def test_a_png_colour_profile_does_not_survive():
    # A profile's description and copyright are free text a device fills in.
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG", icc_profile=icc)
    with Image.open(io.BytesIO(out.getvalue())) as original:
        assert original.info.get("icc_profile")
    clean = accept_upload(upload("card.png", out.getvalue()))
    with Image.open(io.BytesIO(clean.content)) as result:
        assert "icc_profile" not in result.info
        assert result.getpixel((0, 0))[:3] == (200, 30, 30)
    assert b"iCCP" not in clean.content
