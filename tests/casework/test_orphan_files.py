"""The sweep of stored files (casework/orphan_files.py): what no row names goes after the
grace period, what a committed row names is put in place, and it says how many."""

import logging
import os
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from casework import orphan_files, stored_files
from casework.orphan_files import stored_files_sweep
from casework.tasks import stored_files_sweep as sweep_task
from documents.models import FilePurpose, StoredFile
from tests.factories import open_case

HOUR = 60 * 60


@pytest.fixture(autouse=True)
def empty_media(settings, tmp_path):
    """A media folder of this test's own: the sweep looks at everything in it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


def put(relative: str, content: bytes = b"%PDF", *, hours_old: float = 0) -> Path:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    when = time.time() - hours_old * HOUR
    os.utime(path, (when, when))
    return path


def a_name(folder: str = "files/") -> str:
    return f"{folder}2026/03/{uuid.uuid4().hex}.pdf"


def row_naming(case, name: str) -> StoredFile:
    return StoredFile.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        purpose=FilePurpose.COURT_ORDER,
        file=name,
        sha256="0" * 64,
        content_type="application/pdf",
        size=4,
    )


def test_sweep_places_committed_files_and_removes_old_ones_no_row_names(db, lawyer, caplog):
    case = open_case(lawyer)
    committed, rolled_back, in_flight = a_name(), a_name("petitions/"), a_name()
    put(f"uncommitted/{committed}", hours_old=2)
    row_naming(case, committed)
    put(f"uncommitted/{rolled_back}", hours_old=2)
    put(f"uncommitted/{in_flight}", hours_old=0.5)  # its transaction may still commit
    named, orphan, young = a_name(), a_name("reports/7/"), a_name("petitions/")
    put(named, hours_old=5)
    row_naming(case, named)
    put(orphan, hours_old=5)
    put(young, hours_old=0.5)
    preview = put("petition-previews/3f2a.pdf", hours_old=5)  # no registered folder

    with caplog.at_level(logging.INFO, logger="casework.orphan_files"):
        report = stored_files_sweep(grace_seconds=HOUR)

    assert (report.removed, report.placed, report.left) == (2, 1, 0)
    media = Path(settings.MEDIA_ROOT)
    assert (media / committed).exists() and not (media / "uncommitted" / committed).exists()
    assert not (media / "uncommitted" / rolled_back).exists()
    assert (media / "uncommitted" / in_flight).exists()
    assert (media / named).exists() and not (media / orphan).exists()
    assert (media / young).exists() and preview.exists()
    assert "removed 2 that no row refers to, placed 1" in caplog.text


def test_a_committed_file_is_placed_whatever_its_age(db, lawyer):
    case = open_case(lawyer)
    name = a_name()
    put(f"uncommitted/{name}")
    row_naming(case, name)
    assert stored_files_sweep(grace_seconds=HOUR).placed == 1
    assert (Path(settings.MEDIA_ROOT) / name).exists()


def test_a_render_cut_off_after_its_file_was_written_leaves_an_orphan_the_sweep_removes(
    db, monkeypatch
):
    """What a process that dies between writing and committing leaves: a waiting file."""
    name = a_name("petitions/")
    monkeypatch.setattr(stored_files, "_discard", lambda paths: None)  # killed: no cleanup
    with pytest.raises(KeyboardInterrupt), stored_files.atomic():
        stored_files.store(name, b"%PDF")
        raise KeyboardInterrupt
    waiting = Path(settings.MEDIA_ROOT) / "uncommitted" / name
    assert stored_files_sweep(grace_seconds=HOUR).removed == 0  # too young to judge
    os.utime(waiting, (time.time() - 2 * HOUR,) * 2)
    assert stored_files_sweep(grace_seconds=HOUR).removed == 1
    assert not waiting.exists()


def test_a_run_is_bounded_and_says_what_is_left(db):
    for _ in range(3):
        put(a_name(), hours_old=2)
    first = stored_files_sweep(grace_seconds=HOUR, limit=2)
    assert (first.removed, first.left) == (2, 1)
    second = stored_files_sweep(grace_seconds=HOUR, limit=2)
    assert (second.removed, second.left) == (1, 0)


def test_command_prints_how_many(db, capsys):
    put(a_name(), hours_old=2)
    call_command("sweep_stored_files", "--grace-seconds", str(HOUR))
    assert "removed 1 that no row refers to, placed 0" in capsys.readouterr().out


def test_beat_task_returns_how_many(db, settings):
    settings.STORED_FILES_ORPHAN_GRACE = HOUR
    put(a_name("reports/3/"), hours_old=2)
    assert sweep_task() == {"removed": 1, "placed": 0, "left": 0, "skipped": False}
    schedule = settings.CELERY_BEAT_SCHEDULE["stored-files-sweep"]
    assert schedule["task"] == "casework.tasks.stored_files_sweep"


def test_a_second_sweep_while_one_runs_does_nothing(require_postgres):
    put(a_name(), hours_old=2)
    dsn = connection.get_connection_params()
    dsn.pop("cursor_factory", None)
    dsn.pop("context", None)
    with psycopg.connect(**dsn, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [orphan_files.LOCK_KEY])
        report = stored_files_sweep(grace_seconds=HOUR)
        other.execute("SELECT pg_advisory_unlock(%s)", [orphan_files.LOCK_KEY])
    assert report.skipped and report.removed == 0
    assert "another sweep is running" in str(report)
    assert stored_files_sweep(grace_seconds=HOUR).removed == 1
