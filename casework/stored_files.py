"""Files follow their rows: the one way a file that a row names is written.

A scan, a petition's PDF or a report is written under ``uncommitted/<its name>`` and
moved to its name only once the transaction that saves its row has committed; if the
work in ``stored_files.atomic`` fails, what it wrote is deleted at once. Whatever is
left behind all the same (the process died between the commit and the move, or an outer
transaction rolled back later) is settled by the sweep (casework/orphan_files.py): a
file whose row exists is moved into place, one no row names is deleted after a grace
period.

Until a committed file has been moved, reading it by its name finds it where it waits
(``RowFileStorage.path``): a row that can be read has committed, or is being saved in
the same transaction.

A disk that is full, read-only or gone raises ``StorageUnavailable`` with a sentence for
the user, and leaves nothing: no file, not even an empty one.

    @stored_files.atomic
    def report_store(...):
        name = stored_files.store("reports/7/3f2a….pdf", data)
        report.pdf.name = name
        report.save(update_fields=["pdf"])
"""

import contextlib
import logging
import os
import threading
from contextlib import ContextDecorator
from functools import partial
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

UNCOMMITTED = "uncommitted"


class StorageUnavailable(OSError):
    """The file could not be written; nothing of it is left."""

    message = _(
        "The file could not be saved: the server's storage is full or cannot be written "
        "to. Nothing was saved. Try again later, and tell your administrator if it "
        "happens again."
    )


class RowFileStorage(FileSystemStorage):
    """The media folder. A name whose file still waits for its move is found there."""

    def path(self, name):
        placed = super().path(name)
        if not os.path.lexists(placed):
            waiting = super().path(f"{UNCOMMITTED}/{name}")
            if os.path.exists(waiting):
                return waiting
        return placed

    def placed_path(self, name) -> Path:
        return Path(super().path(name))

    def uncommitted_path(self, name) -> Path:
        return Path(super().path(f"{UNCOMMITTED}/{name}"))


def row_storage() -> RowFileStorage:
    """The media folder's storage, ``STORAGES["default"]``."""
    storage = storages["default"]
    if not isinstance(storage, RowFileStorage):
        raise RuntimeError('STORAGES["default"] must be casework.stored_files.RowFileStorage')
    return storage


# What each open stored_files.atomic block of this thread wrote, innermost last.
_blocks = threading.local()


def _open_blocks() -> list[list[Path]]:
    if not hasattr(_blocks, "stack"):
        _blocks.stack = []
    return _blocks.stack


def store(name: str, data: bytes) -> str:
    """Write ``data`` to become the file ``name`` once the transaction commits (at once
    outside a transaction). Returns ``name``. Raises ``StorageUnavailable``."""
    blocks = _open_blocks()
    if connection.in_atomic_block and not blocks:
        raise RuntimeError("Store files inside stored_files.atomic, not transaction.atomic.")
    storage = row_storage()
    waiting = storage.uncommitted_path(name)
    try:
        waiting.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: a name is generated once; never write over anybody's file.
        descriptor = os.open(waiting, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    except OSError as error:
        raise StorageUnavailable(error.errno, error.strerror, str(waiting)) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            # On disk before the row commits: a crash must not leave a row and no file.
            os.fsync(handle.fileno())
    except OSError as error:
        _discard([waiting])
        raise StorageUnavailable(error.errno, error.strerror, str(waiting)) from error
    if blocks:
        blocks[-1].append(waiting)
    transaction.on_commit(partial(place, name), robust=True)
    return name


def place(name: str) -> bool:
    """Move a committed file into place; True if it is there. Safe to run twice."""
    storage = row_storage()
    waiting, placed = storage.uncommitted_path(name), storage.placed_path(name)
    try:
        placed.parent.mkdir(parents=True, exist_ok=True)
        os.replace(waiting, placed)
    except FileNotFoundError:
        return placed.exists()  # moved already (by the sweep, or a second call)
    except OSError as error:
        logger.warning("Stored file %s could not be moved into place yet: %s", name, error)
        return False
    return True


def _discard(paths) -> None:
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError as error:  # the sweep removes it later
            logger.warning("Could not remove the unsaved file %s: %s", path, error)


def remove_on_commit(name: str) -> None:
    """Delete the file ``name`` once the change that stops naming it has committed."""
    if name:
        transaction.on_commit(partial(_remove, name), robust=True)


def _remove(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        row_storage().delete(name)


class _Atomic(ContextDecorator):
    def _recreate_cm(self):
        # A fresh block for every call of a decorated function (recursion, threads).
        return type(self)()

    def __enter__(self):
        self._transaction = transaction.atomic()
        self._transaction.__enter__()
        _open_blocks().append([])
        return self

    def __exit__(self, exc_type, exc, traceback):
        blocks = _open_blocks()
        written = blocks.pop()
        try:
            self._transaction.__exit__(exc_type, exc, traceback)
        except BaseException:
            # The commit itself failed: whether the rows exist is not known here, so the
            # files wait for the sweep, which asks the database.
            if exc_type is not None:
                _discard(written)
            raise
        if exc_type is not None:
            _discard(written)  # this block's rows were rolled back
        elif blocks:
            blocks[-1].extend(written)  # they go if the enclosing block fails
        return False


def atomic(function=None):
    """``transaction.atomic`` for work that stores files: a failure inside it deletes what
    it wrote. As a decorator (bare or called) or a context manager."""
    if function is None:
        return _Atomic()
    return _Atomic()(function)
