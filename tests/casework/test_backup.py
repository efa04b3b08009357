"""Backups are a procedure, tested: back up, restore into a fresh database and media folder
in another process (as an administrator would), and check the audit chains, decryption of
special-category fields and every file's checksum."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from casework import crypto
from detainees.risk.services import risk_screening_save
from tests.documents.petition_helpers import add_scan

ROOT = Path(__file__).resolve().parents[2]
NOTES = "Named on a list circulated at checkpoints."


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the same kind as the test database, and its URL."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    params.pop("dbname", None)
    name = f"panah_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    yield f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url: str, media_root: Path, keys: list[str]):
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CI"}}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        FIELD_ENCRYPTION_KEYS=",".join(keys),
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="panah.settings",  # the administrator's, not the tests'
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture
def casefile(case, lawyer):
    """A case with a scan (media), a risk screening (three encrypted values) and audit events."""
    risk_screening_save(
        case=case, by=lawyer,
        fields={"level": "high", "groups": ["journalist_hrd"], "ethnicity": "Hazara",
                "notes": NOTES},
    )  # fmt: skip
    scan = add_scan(case, lawyer, name="por-front.png")
    return case, scan


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_and_media_folder(casefile, tmp_path, fresh_database):
    case, scan = casefile
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert scan.file.name in manifest["media"]
    assert manifest["missing_media"] == []
    keys = list(django_settings.FIELD_ENCRYPTION_KEYS)
    assert manifest["field_encryption_key_fingerprints"] == [
        crypto.key_fingerprint(k) for k in keys
    ]
    # The keys themselves are nowhere in the backup.
    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert not any(key.encode() in everything for key in keys)
    assert NOTES.encode() not in everything  # special-category text only as ciphertext
    assert "FIELD_ENCRYPTION_KEYS" in (folder / "KEYS-NEEDED.txt").read_text()

    media = tmp_path / "restored-media"
    restored = manage("restore", str(folder), database_url=fresh_database, media_root=media,
                      keys=keys)  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    assert "Audit trail intact" in restored.stdout
    assert "chain heads match the manifest" in restored.stdout
    # Every field is encrypted, the empty ones too (padded alike): the screening's six
    # and the person's illness read back.
    assert "Special-category fields decrypt: 7 value(s) checked." in restored.stdout
    assert "Restore complete and verified." in restored.stdout
    original = (Path(django_settings.MEDIA_ROOT) / scan.file.name).read_bytes()
    assert (media / scan.file.name).read_bytes() == original
    assert hashlib.sha256(original).hexdigest() == manifest["media"][scan.file.name]
    # The restored database answers as this one does, risk notes included.
    shell = manage(
        "shell", "--no-imports", "-c",
        "from detainees.models import RiskScreening; from casework.models import Case; "
        f"print(Case.objects.get(reference='{case.reference}').reference, "
        "RiskScreening.objects.get().notes)",
        database_url=fresh_database, media_root=media, keys=keys,
    )  # fmt: skip
    assert shell.stdout.strip() == f"{case.reference} {NOTES}", shell.stderr

    # Onto a database in use (this one): refused, nothing overwritten.
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(folder))


@pytest.mark.django_db(transaction=True)
def test_restore_without_the_right_key_says_which_key_is_needed(casefile, tmp_path, fresh_database):
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    wrong = [Fernet.generate_key().decode()]
    restored = manage("restore", str(folder), database_url=fresh_database,
                      media_root=tmp_path / "media", keys=wrong)  # fmt: skip
    assert restored.returncode != 0
    assert "encrypted with a key this server does not have" in restored.stderr
    fingerprint = crypto.key_fingerprint(django_settings.FIELD_ENCRYPTION_KEYS[0])
    assert fingerprint in restored.stderr


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(casefile, tmp_path, settings):
    _case, scan = casefile
    folder = tmp_path / "backup"
    call_command("backup", str(folder))
    (folder / "media" / scan.file.name).write_bytes(b"not the scan")
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    with pytest.raises(CommandError, match=f"media/{scan.file.name}: missing or altered"):
        call_command("restore", str(folder))
    assert not media.exists()


@pytest.mark.django_db(transaction=True)
def test_backup_names_files_the_database_refers_to_but_that_are_gone(casefile, tmp_path):
    _case, scan = casefile
    (Path(django_settings.MEDIA_ROOT) / scan.file.name).unlink()
    with pytest.raises(CommandError, match="missing from the media folder"):
        call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["missing_media"] == [scan.file.name]


def test_backup_refuses_a_folder_in_use(db, tmp_path):
    (tmp_path / "earlier.txt").write_text("an earlier backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path))
