"""A media folder that is full, read-only or unusable: the upload answers its form with a
sentence and keeps what was typed; no row, no file, not even an empty one, is left. A
render cut off by a database outage leaves no PDF behind.

The faults are the kernel's, not stubs. The tests run as root, for whom permissions do
not stop a write, so "read-only" and "full" are a small tmpfs mounted for the test
(remounted read-only, or filled up); where mounting is not permitted those two are
skipped, and "unusable" (a file where the media folder should be: ENOTDIR, which needs
no privilege) still runs the same path.
"""

import io
import os
import random
import subprocess
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse
from PIL import Image

from documents.models import IdentityDocument, Petition, PetitionState, StoredFile
from documents.petitions import services
from documents.uploads import accept_upload
from tests.documents.petition_helpers import case_with_por, template
from tests.documents.samples import upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]

MESSAGE = "The file could not be saved"


def noisy_png(seed: int) -> bytes:
    """About 30 KB that PNG cannot shrink: a scan that spans several pages of a disk."""
    noise = random.Random(seed).randbytes(100 * 100 * 3)
    image = Image.frombytes("RGB", (100, 100), noise)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def files_in(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()


class SmallDisk:
    """A tmpfs of its own as the media folder."""

    def __init__(self, root: Path):
        self.root = root

    def fill(self, leave: int) -> None:
        stats = os.statvfs(self.root)
        free = stats.f_bavail * stats.f_frsize
        (self.root / "filler").write_bytes(b"\0" * (free - leave))

    def read_only(self) -> None:
        subprocess.run(  # noqa: S603 - mount(8) with fixed arguments
            ["mount", "-o", "remount,ro", str(self.root)], check=True, capture_output=True
        )


@pytest.fixture
def small_disk(tmp_path, settings):
    root = tmp_path / "media"
    root.mkdir()
    mounted = subprocess.run(  # noqa: S603 - mount(8) with fixed arguments
        ["mount", "-t", "tmpfs", "-o", "size=1m", "panah-test-media", str(root)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.decode()}")
    settings.MEDIA_ROOT = root
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], check=False)  # noqa: S603, S607


def post_document(client, case, *scans: bytes):
    files = [upload(f"side{n}.png", content, "image/png") for n, content in enumerate(scans)]
    return client.post(
        reverse("documents:document-add", args=[case.reference]),
        {"kind": "por", "number": "FICT-40961", "scans": files},
    )


def assert_refused_and_nothing_left(response, before: set[Path], root: Path) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert MESSAGE in page
    assert 'value="FICT-40961"' in page  # what was typed is still in the form
    assert not IdentityDocument.objects.exists()
    assert not StoredFile.objects.exists()
    assert files_in(root) == before


def test_upload_to_a_full_disk_answers_the_form_and_leaves_nothing(small_disk, case, lawyer, login):
    first, second = noisy_png(1), noisy_png(2)
    # Room for the first scan and a page of the second: the second is cut off mid-write.
    small_disk.fill(leave=accept_upload(upload("a.png", first)).size + 8192)
    before = files_in(small_disk.root)
    response = post_document(login(lawyer), case, first, second)
    assert_refused_and_nothing_left(response, before, small_disk.root)


def test_upload_to_a_read_only_media_folder_answers_the_form_and_leaves_nothing(
    small_disk, case, lawyer, login
):
    small_disk.read_only()
    response = post_document(login(lawyer), case, noisy_png(1))
    assert_refused_and_nothing_left(response, set(), small_disk.root)


def test_upload_to_an_unusable_media_folder_answers_the_form_and_leaves_nothing(
    case, lawyer, login, settings, tmp_path
):
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    response = post_document(login(lawyer), case, noisy_png(1))
    assert_refused_and_nothing_left(response, set(), tmp_path / "not-a-folder")


def test_scans_added_to_a_document_on_a_full_disk_answer_the_form(small_disk, case, lawyer, login):
    from documents.services import document_add

    document = document_add(case=case, fields={"kind": "por"}, by=lawyer)
    small_disk.fill(leave=4096)
    before = files_in(small_disk.root)
    response = login(lawyer).post(
        reverse("documents:document-scan-add", args=[case.reference, document.public_id]),
        {"scans": [upload("side.png", noisy_png(3), "image/png")]},
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert not StoredFile.objects.exists()
    assert files_in(small_disk.root) == before


def test_a_render_cut_off_by_a_database_outage_leaves_no_pdf_and_the_retry_one(
    lawyer, paralegal, supervisor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The issue's 31 orphans: the PDF was written, then the database went away before
    the petition's row was saved, and the retry wrote another."""
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = services.petition_create(case=case, template=template("bail-497"), by=paralegal)
    services.petition_submit(petition=petition, by=paralegal)
    with django_capture_on_commit_callbacks(execute=False):
        services.petition_approve(petition=petition, by=supervisor)
    token = Petition.objects.get(pk=petition.pk).render_token
    log, outages = services._log, []

    def database_gone_once(verb, *args, **kwargs):
        if verb == "ready" and not outages:
            outages.append(verb)
            raise OperationalError("server closed the connection unexpectedly")
        return log(verb, *args, **kwargs)

    monkeypatch.setattr(services, "_log", database_gone_once)
    media = Path(settings.MEDIA_ROOT)
    before = files_in(media)
    rendered = {"petition_id": petition.pk, "token": token, "filename": "bail.pdf", "pages": 2}
    with pytest.raises(OperationalError):
        services.petition_store_render(**rendered, data=b"%PDF-1.7 first attempt")
    assert files_in(media) == before
    assert Petition.objects.get(pk=petition.pk).state == PetitionState.RENDERING
    services.petition_store_render(**rendered, data=b"%PDF-1.7 the retry")  # the retry
    petition.refresh_from_db()
    assert petition.state == PetitionState.READY
    new = files_in(media) - before
    assert [path.read_bytes() for path in new] == [b"%PDF-1.7 the retry"]
    assert new.pop().name == Path(petition.pdf.name).name
