"""Files follow their rows (casework/stored_files.py): a file waits under uncommitted/
until its transaction commits, is deleted with a failed block, and is found by its name
meanwhile."""

import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models, transaction

from casework import stored_files
from casework.registry import file_columns


def a_name(folder: str = "files/") -> str:
    return f"{folder}test/{uuid.uuid4().hex}.pdf"


def waiting(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / stored_files.UNCOMMITTED / name


def placed(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_a_file_waits_until_its_transaction_commits_then_takes_its_name(
    db, django_capture_on_commit_callbacks
):
    name = a_name()
    with django_capture_on_commit_callbacks(execute=True):
        with stored_files.atomic():
            assert stored_files.store(name, b"%PDF scan") == name
        assert waiting(name).read_bytes() == b"%PDF scan"
        assert not placed(name).exists()
    assert placed(name).read_bytes() == b"%PDF scan"
    assert not waiting(name).exists()


def test_a_committed_file_is_found_by_its_name_before_it_is_moved(db):
    name = a_name()
    with stored_files.atomic():
        stored_files.store(name, b"%PDF scan")
    # The test's transaction never commits: the file still waits, and is read all the same.
    assert default_storage.exists(name)
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF scan"
    default_storage.delete(name)
    assert not waiting(name).exists()


def test_a_failed_block_deletes_what_it_wrote(db):
    name = a_name()
    with pytest.raises(RuntimeError), stored_files.atomic():
        stored_files.store(name, b"%PDF scan")
        raise RuntimeError("the database went away")
    assert not waiting(name).exists()
    assert not placed(name).exists()


def test_a_failed_outer_block_deletes_what_its_inner_blocks_wrote(db):
    first, second = a_name(), a_name()
    with pytest.raises(RuntimeError), stored_files.atomic():
        with stored_files.atomic():
            stored_files.store(first, b"one")
        with stored_files.atomic():
            stored_files.store(second, b"two")
        raise RuntimeError("the event could not be logged")
    assert not waiting(first).exists()
    assert not waiting(second).exists()


def test_a_failed_inner_block_caught_by_the_outer_keeps_the_outer_files(db):
    kept, dropped = a_name(), a_name()
    with stored_files.atomic():
        stored_files.store(kept, b"kept")
        with pytest.raises(RuntimeError), stored_files.atomic():
            stored_files.store(dropped, b"dropped")
            raise RuntimeError("one scan refused")
    assert waiting(kept).exists()
    assert not waiting(dropped).exists()


def test_storing_in_a_plain_transaction_is_refused(db):
    with pytest.raises(RuntimeError, match="stored_files.atomic"), transaction.atomic():
        stored_files.store(a_name(), b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_file_is_placed_at_once():
    name = a_name("petition-previews/")
    stored_files.store(name, b"%PDF preview")
    assert placed(name).read_bytes() == b"%PDF preview"
    assert not waiting(name).exists()


def test_a_disk_that_cannot_be_written_raises_with_a_sentence_and_leaves_nothing(
    db, settings, tmp_path
):
    (tmp_path / "not-a-folder").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-folder" / "media"
    with pytest.raises(stored_files.StorageUnavailable) as raised, stored_files.atomic():
        stored_files.store(a_name(), b"%PDF")
    assert "could not be saved" in str(raised.value.message)
    assert [p.name for p in tmp_path.rglob("*")] == ["not-a-folder"]


def test_an_old_file_is_removed_only_once_its_replacement_commits(
    db, django_capture_on_commit_callbacks
):
    old, new = a_name("petitions/"), a_name("petitions/")
    with django_capture_on_commit_callbacks(execute=True), stored_files.atomic():
        stored_files.store(old, b"old")
    with django_capture_on_commit_callbacks(execute=True):
        with stored_files.atomic():
            stored_files.remove_on_commit(old)
            stored_files.store(new, b"new")
        assert placed(old).exists()
    assert not placed(old).exists()
    assert placed(new).read_bytes() == b"new"


def test_every_file_field_is_registered_with_its_folder():
    """The sweep deletes what no registered column names: a FileField added later and not
    registered would have its files deleted as orphans."""
    registered = {(c.model, c.field) for c in file_columns}
    fields = {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    }
    assert fields == registered
    assert all(c.folder.endswith("/") for c in file_columns)


def test_no_module_writes_stored_files_another_way():
    """A file written past casework.stored_files would not follow its row."""
    root = Path(__file__).resolve().parents[2]
    other_ways = ("storage.save(", "ContentFile(", ".file.save(", ".pdf.save(")
    found = [
        f"{path.relative_to(root)}: {way}"
        for app in ("panah", "accounts", "detainees", "documents", "analytics", "api", "casework")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for way in other_ways
        if way in path.read_text(encoding="utf-8")
    ]
    assert found == []
