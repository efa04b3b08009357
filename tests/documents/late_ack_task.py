"""A task the PDF worker holds, acknowledged late like a petition render, until the test
lets it finish. Imported by the worker under test with ``-I``."""

import os
import time
from pathlib import Path

from celery import shared_task

from documents.petitions.tasks import render_petition

HOLD_LIMIT_SECONDS = 60


@shared_task(
    name="tests.documents.late_ack_task.hold",
    acks_late=render_petition.acks_late,
    reject_on_worker_lost=render_petition.reject_on_worker_lost,
)
def hold(folder: str, label: str) -> None:
    """Write ``<label>.started``, wait for ``<label>.release``, write ``<label>.done``
    (one line per run, so a second run shows)."""
    folder = Path(folder)
    with (folder / f"{label}.started").open("a") as started:
        started.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + HOLD_LIMIT_SECONDS
    while not (folder / f"{label}.release").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    with (folder / f"{label}.done").open("a") as done:
        done.write(f"{os.getpid()}\n")
