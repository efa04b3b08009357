"""The sweep of stored files: what no row names goes, what a committed row names is put in
place (casework/stored_files.py writes them).

Hourly (beat) and ``manage.py sweep_stored_files``. Looked at:

- files still under ``uncommitted/``: moved into place if a row names them (the process
  died between its commit and the move); deleted after the grace period if none does
  (a rollback that nobody cleaned up, a render cut off by a database outage);
- files in the folders the apps registered (``casework.registry.register_file_column``)
  older than the grace period that no registered column names: written before files
  followed their rows, or left when an old PDF's delete was lost.

The folder is listed before the rows are read: a file moved into place has a committed
row, so no file the sweep saw can gain a row it did not see. A file younger than the
grace period is never deleted, whatever it is. One sweep at a time (a PostgreSQL advisory
lock, released with its connection), and at most ``limit`` files per run: a backlog is
worked off run by run and the report says how much is left.
"""

import logging
import os
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from casework.registry import file_columns
from casework.stored_files import UNCOMMITTED, place, row_storage

logger = logging.getLogger(__name__)

LOCK_KEY = zlib.crc32(b"casework.orphan_files")
BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    removed: int = 0  # files no row names, deleted
    placed: int = 0  # committed files moved into place
    left: int = 0  # found, but past this run's limit
    skipped: bool = False  # another sweep was running

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        if self.skipped:
            return "Stored files: another sweep is running; nothing done."
        return (
            f"Stored files: removed {self.removed} that no row refers to, placed "
            f"{self.placed} whose row had committed, {self.left} left for the next run."
        )


def stored_files_sweep(*, grace_seconds: int | None = None, limit: int | None = None):
    grace = settings.STORED_FILES_ORPHAN_GRACE if grace_seconds is None else grace_seconds
    limit = settings.STORED_FILES_SWEEP_LIMIT if limit is None else limit
    with _single_flight() as acquired:
        report = _sweep(time.time() - grace, limit) if acquired else SweepReport(skipped=True)
    logger.info("%s", report)
    return report


@contextmanager
def _single_flight() -> Iterator[bool]:
    if connection.vendor != "postgresql":  # SQLite: one process runs the periodic tasks
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _files(root: Path) -> Iterator[tuple[Path, float]]:
    for directory, _folders, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            try:
                yield path, path.lstat().st_mtime
            except FileNotFoundError:
                continue  # moved or deleted while listed


def _sweep(cutoff: float, limit: int) -> SweepReport:
    storage = row_storage()
    root = Path(storage.location)
    # Listed first, rows read after (see the module's docstring).
    waiting = {
        path.relative_to(root / UNCOMMITTED).as_posix(): mtime
        for path, mtime in _files(root / UNCOMMITTED)
    }
    folders = sorted({column.folder for column in file_columns})
    old_placed = [
        path.relative_to(root).as_posix()
        for folder in folders
        for path, mtime in _files(root / folder)
        if mtime < cutoff
    ]
    named = _named_by_rows(set(waiting) | set(old_placed))

    to_place = sorted(name for name in waiting if name in named)
    to_remove = [
        storage.uncommitted_path(name)
        for name, mtime in sorted(waiting.items())
        if name not in named and mtime < cutoff
    ]
    to_remove += [storage.placed_path(n) for n in old_placed if n not in named]
    placed = sum(place(name) for name in to_place[:limit])
    budget = max(limit - len(to_place), 0)
    removed = sum(_delete(path) for path in to_remove[:budget])
    left = max(len(to_place) - limit, 0) + max(len(to_remove) - budget, 0)
    return SweepReport(removed=removed, placed=placed, left=left)


def _named_by_rows(names: set[str]) -> set[str]:
    named: set[str] = set()
    for column in file_columns:
        model = apps.get_model(column.model)
        mine = sorted(name for name in names if name.startswith(column.folder))
        for start in range(0, len(mine), BATCH):
            rows = model._base_manager.filter(
                **{f"{column.field}__in": mine[start : start + BATCH]}
            )
            named.update(rows.values_list(column.field, flat=True))
    return named


def _delete(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        logger.warning("Could not remove %s: %s", path, error)
        return False
    return True
