from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from casework.models import Event
from documents.models import FilePurpose, StoredFile
from documents.services import stored_file_create
from documents.uploads import accept_upload
from tests.documents.samples import pdf_bytes, png_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]


def stored_files_on_disk() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def store(case, by, name="card.png", content=None):
    clean = accept_upload(upload(name, content or png_bytes(with_gps=True)))
    return stored_file_create(case=case, upload=clean, purpose=FilePurpose.DOCUMENT_SCAN, by=by)


def test_stored_file_gets_a_generated_name_and_keeps_the_original_as_text(case, paralegal):
    stored = store(case, paralegal, name="../Gul Ahmad PoR.png")
    assert stored.original_name == "Gul Ahmad PoR.png"
    assert "Gul" not in stored.file.name and ".." not in stored.file.name
    assert stored.file.name.endswith(".png")
    assert Path(stored.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.organisation_id == case.organisation_id
    assert Event.objects.filter(verb="file.uploaded", case=case).count() == 1


def test_failed_create_leaves_no_row_and_no_file(case, paralegal, monkeypatch):
    before = stored_files_on_disk()
    clean = accept_upload(upload("card.png", png_bytes()))

    def broken_log(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("documents.services.log_action", broken_log)
    with pytest.raises(RuntimeError):
        stored_file_create(case=case, upload=clean, purpose=FilePurpose.COURT_ORDER, by=paralegal)
    assert StoredFile.objects.count() == 0
    assert stored_files_on_disk() == before


def test_unknown_purpose_is_refused(case, paralegal):
    clean = accept_upload(upload("card.png", png_bytes()))
    with pytest.raises(Exception, match="Unknown purpose"):
        stored_file_create(case=case, upload=clean, purpose="selfie", by=paralegal)
    assert StoredFile.objects.count() == 0


def test_team_member_downloads_as_attachment_and_it_is_recorded(case, paralegal, lawyer, login):
    stored = store(case, paralegal)
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    response = login(lawyer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "image/png"
    body = b"".join(response.streaming_content)
    assert body == Path(stored.file.path).read_bytes()
    assert Event.objects.filter(verb="file.downloaded", actor=lawyer, case=case).count() == 1


def test_supervisor_downloads_a_pdf(case, paralegal, supervisor, login):
    stored = store(case, paralegal, name="order.pdf", content=pdf_bytes())
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    response = login(supervisor).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_download_is_hidden_from_strangers(case, paralegal, assert_hidden_from_strangers):
    stored = store(case, paralegal)
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    assert_hidden_from_strangers(url)
    assert not Event.objects.filter(verb="file.downloaded").exists()


def test_file_of_another_case_is_404_even_for_a_team_member(case, paralegal, lawyer, login):
    from tests.factories import open_case

    other_case = open_case(lawyer)
    stored = store(other_case, lawyer)
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    assert login(paralegal).get(url).status_code == 404


def test_missing_file_id_is_404(case, lawyer, login):
    url = reverse(
        "documents:file-download", args=[case.reference, "00000000-0000-4000-8000-000000000000"]
    )
    assert login(lawyer).get(url).status_code == 404


def test_download_rejects_post(case, paralegal, lawyer, login):
    stored = store(case, paralegal)
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    assert login(lawyer).post(url).status_code == 405
