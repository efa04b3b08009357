"""Backups as a procedure: one folder holds the database, the media files and a manifest,
and a restore into a fresh database and media folder proves itself before anyone relies
on it.

What a backup holds, and what it deliberately does not:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3``;
- ``media/``: every uploaded scan, court order and rendered PDF;
- ``manifest.json``: SHA-256 of every file, the audit chains' heads, the applied
  migrations, and *fingerprints* of the field-encryption keys the data needs;
- ``KEYS-NEEDED.txt``: the same reminder for a person.

The keys themselves (``FIELD_ENCRYPTION_KEYS``, ``SECRET_KEY``) are never written here: a
backup that travels with its keys opens the most dangerous columns to whoever holds it.

Consistency: on PostgreSQL the file references are read in the very snapshot that
``pg_dump`` dumps (``pg_export_snapshot``), then the media folder is copied; a file the
database refers to but that is missing from the copy is named in the manifest and makes
the command fail, never passed over in silence.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from casework import crypto
from casework.stored_files import UNCOMMITTED

FORMAT = 1
MANIFEST = "manifest.json"
KEYS_NOTE = "KEYS-NEEDED.txt"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupProblem(Exception):
    """Something a person must act on; the message says what."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_columns() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field.attname


def _referenced_files() -> set[str]:
    names: set[str] = set()
    for model, column in _file_columns():
        names.update(model._base_manager.exclude(**{column: ""}).values_list(column, flat=True))
    return names


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    # Fixed programs (pg_dump, pg_restore) with arguments built here, never from a request.
    result = subprocess.run(  # noqa: S603
        command, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupProblem(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target: Path) -> tuple[str, set[str]]:
    """Dump the database and return its file name and the media files it refers to."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            referenced = _referenced_files()
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", f"--file={target / PG_DUMP}"])  # fmt: skip
        return PG_DUMP, referenced
    if connection.vendor == "sqlite":
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(target / SQLITE_COPY)
        try:
            source.backup(copy)  # a consistent copy even while the app writes
            rows = _sqlite_referenced(copy)
        finally:
            copy.close()
            source.close()
        return SQLITE_COPY, rows
    raise BackupProblem(f"Backups of a {connection.vendor} database are not supported.")


def _sqlite_referenced(copy: sqlite3.Connection) -> set[str]:
    names: set[str] = set()
    for model, column in _file_columns():
        table = model._meta.db_table
        query = f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\''  # noqa: S608
        names.update(row[0] for row in copy.execute(query))
    return names


def _copy_media(source: Path, target: Path, referenced: set[str]) -> dict[str, str]:
    checksums: dict[str, str] = {}
    if not source.exists():
        return checksums
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(source).as_posix()
        if relative.startswith(f"{UNCOMMITTED}/"):
            # Still waiting for its move (casework/stored_files.py): kept under its own
            # name if its row is in the dump, left out if it has no row.
            relative = relative.removeprefix(f"{UNCOMMITTED}/")
            if relative not in referenced or relative in checksums:
                continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(path, destination)
        except FileNotFoundError:
            if not (source / relative).is_file():
                continue  # deleted since it was listed
            shutil.copy2(source / relative, destination)  # moved into place meanwhile
        checksums[relative] = sha256_of(destination)
    return checksums


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            latest[app] = name
    return latest


def _audit_heads() -> list[dict]:
    from casework.models import AuditChainHead

    return [
        {"chain": head.chain, "seq": head.seq, "hash": head.hash}
        for head in AuditChainHead.objects.order_by("chain")
    ]


def _keys_note(fingerprints: list[str]) -> str:
    lines = [
        "This backup does NOT contain the keys it needs. Keep them elsewhere (a password",
        "manager or sealed envelope held by two people), never beside this folder.",
        "",
        "Needed to restore:",
        "- FIELD_ENCRYPTION_KEYS: special-category fields (risk groups, ethnicity, religion,",
        "  sexual orientation and gender identity, affiliations, risk notes) were encrypted",
        "  with the key(s) whose SHA-256 fingerprints begin:",
        *[f"    {fingerprint}" for fingerprint in fingerprints],
        '  Check a key: python -c "import hashlib,sys; '
        'print(hashlib.sha256(sys.argv[1].encode()).hexdigest()[:16])" KEY',
        "- SECRET_KEY: without it every session ends and sign-in links stop working;",
        "  nothing stored is lost.",
        "",
        "Restore: manage.py restore <this folder>, into an empty database and media folder.",
    ]
    return "\n".join(lines) + "\n"


@dataclass
class BackupResult:
    folder: Path
    files: int
    missing: list[str] = field(default_factory=list)


def backup_create(*, target: Path) -> BackupResult:
    """Write a backup folder; refuses a folder that already has something in it."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupProblem(f"{target} is not empty: give each backup its own folder.")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)
    database_file, referenced = _dump_database(target)
    media = _copy_media(Path(settings.MEDIA_ROOT), target / "media", referenced)
    missing = sorted(referenced - set(media))
    fingerprints = [crypto.key_fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database_file,
            "sha256": sha256_of(target / database_file),
        },
        "media": media,
        "missing_media": missing,
        "migrations": _applied_migrations(),
        "audit_chain_heads": _audit_heads(),
        "field_encryption_key_fingerprints": fingerprints,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    (target / KEYS_NOTE).write_text(_keys_note(fingerprints))
    return BackupResult(folder=target, files=len(media), missing=missing)


# Restore --------------------------------------------------------------------------------


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupProblem(f"{source} has no {MANIFEST}: it is not a Panah backup.") from None
    if manifest.get("format") != FORMAT:
        raise BackupProblem(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def backup_check_files(*, source: Path, manifest: dict) -> list[str]:
    """Every file of the backup against its checksum; returns what does not match."""
    problems = []
    database = source / manifest["database"]["file"]
    if not database.exists() or sha256_of(database) != manifest["database"]["sha256"]:
        problems.append(f"{manifest['database']['file']}: missing or altered")
    for relative, expected in manifest["media"].items():
        path = source / "media" / relative
        if not path.exists() or sha256_of(path) != expected:
            problems.append(f"media/{relative}: missing or altered")
    return problems


def _require_empty_destination(media_root: Path) -> None:
    if connection.introspection.table_names():
        raise BackupProblem(
            "The database is not empty. Restore into a fresh database: create one, point "
            "DATABASE_URL at it, and run the restore again."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupProblem(f"The media folder {media_root} is not empty: use a fresh one.")


def _load_database(source: Path, manifest: dict) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupProblem(
            f"This backup is of a {vendor} database; DATABASE_URL points at {connection.vendor}."
        )
    dump = source / manifest["database"]["file"]
    if vendor == "postgresql":
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={connection.settings_dict['NAME']}", str(dump)])  # fmt: skip
        return
    name = connection.settings_dict["NAME"]
    connection.close()
    copy = sqlite3.connect(dump)
    destination = sqlite3.connect(name)
    try:
        copy.backup(destination)
    finally:
        destination.close()
        copy.close()


def _restore_media(source: Path, media_root: Path, manifest: dict) -> list[str]:
    problems = []
    media_root.mkdir(parents=True, exist_ok=True)
    for relative, expected in manifest["media"].items():
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / relative, destination)
        if sha256_of(destination) != expected:
            problems.append(f"media/{relative}: altered while copying")
    return problems


def encrypted_values_check() -> tuple[int, int]:
    """(decrypted, undecryptable) over every special-category value in the database."""
    ok = bad = 0
    for model, names in crypto.encrypted_fields():
        columns = [model._meta.get_field(n).column for n in names]
        table = model._meta.db_table
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608
            )
            for row in cursor.fetchall():
                for stored in row:
                    if not stored:
                        continue
                    try:
                        crypto.decrypt(stored)
                    except crypto.FieldKeyMissing:
                        bad += 1
                    else:
                        ok += 1
    return ok, bad


@dataclass
class RestoreReport:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        self.lines.append(text)


def backup_restore(*, source: Path, say: Callable[[str], None] = print) -> RestoreReport:
    """Restore a backup into the configured (empty) database and media folder, then check
    it: checksums, the audit chains, and that every special-category value decrypts."""
    from casework.audit import audit_verify

    source = Path(source)
    media_root = Path(settings.MEDIA_ROOT)
    report = RestoreReport()
    manifest = _read_manifest(source)
    if problems := backup_check_files(source=source, manifest=manifest):
        listed = "\n  ".join(problems)
        raise BackupProblem(f"The backup is damaged; nothing was restored:\n  {listed}")
    _require_empty_destination(media_root)
    _load_database(source, manifest)
    say(f"Database restored from {manifest['database']['file']} ({manifest['created_at']}).")
    report.problems += _restore_media(source, media_root, manifest)
    say(f"{len(manifest['media'])} media files restored; checksums match.")
    if manifest["missing_media"]:
        report.problems.append(
            f"{len(manifest['missing_media'])} file(s) the database refers to were already "
            "missing when the backup was made: " + ", ".join(manifest["missing_media"])
        )
    broken, checked = audit_verify()
    heads = _audit_heads()
    if broken:
        report.problems += [f"audit chain broken: {link}" for link in broken]
    elif heads != manifest["audit_chain_heads"]:
        report.problems.append("The audit chains do not end where the backup says they did.")
    else:
        say(f"Audit trail intact: {checked} entries; chain heads match the manifest.")
    decrypted, undecryptable = encrypted_values_check()
    if undecryptable:
        report.problems.append(
            f"{undecryptable} special-category value(s) were encrypted with a key this server "
            "does not have. Set FIELD_ENCRYPTION_KEYS to include the key(s) with fingerprint "
            + ", ".join(manifest["field_encryption_key_fingerprints"])
            + " (see KEYS-NEEDED.txt)."
        )
    else:
        say(f"Special-category fields decrypt: {decrypted} value(s) checked.")
    return report
