"""Draft previews of petitions, rendered by the PDF workers and never by the web process.

A preview merges the annexed scans into the PDF: even within the upload caps that is
work a web worker should not hold a request for. The page asks for a preview (a random
token, remembered in the session), a worker renders it to storage, and the page, which
reloads itself every few seconds, serves it once and deletes it.
"""

import re
import time
import uuid

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.models import Petition
from documents.petitions.engine import TemplateProblem
from documents.petitions.render import preview_pdf

FOLDER = "petition-previews"
SESSION_KEY = "panah_petition_previews"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEEP_SECONDS = 60 * 60  # a preview nobody fetched is removed after this
REMEMBERED = 5  # previews a session may have pending at once


def _paths(token: str) -> tuple[str, str]:
    return f"{FOLDER}/{token}.pdf", f"{FOLDER}/{token}.txt"


def preview_request(session, petition: Petition) -> str:
    """Ask a worker for a fresh preview; the token is only good for this session."""
    token = uuid.uuid4().hex
    pending = dict(list(session.get(SESSION_KEY, {}).items())[-(REMEMBERED - 1) :])
    pending[token] = petition.pk
    session[SESSION_KEY] = pending
    render_preview.delay(petition.pk, token)
    return token


def preview_result(session, petition: Petition, token: str) -> tuple[str, bytes | str | None]:
    """("pdf", bytes), ("problem", message), ("pending", None) or ("unknown", None)."""
    if not TOKEN.fullmatch(token) or session.get(SESSION_KEY, {}).get(token) != petition.pk:
        return "unknown", None
    pdf, problem = _paths(token)
    for path, kind in ((pdf, "pdf"), (problem, "problem")):
        if default_storage.exists(path):
            with default_storage.open(path, "rb") as handle:
                data = handle.read()
            default_storage.delete(path)
            pending = dict(session.get(SESSION_KEY, {}))
            pending.pop(token, None)
            session[SESSION_KEY] = pending
            return kind, data if kind == "pdf" else data.decode()
    return "pending", None


def _sweep(now: float) -> None:
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{FOLDER}/{name}"
        if now - default_storage.get_modified_time(path).timestamp() > KEEP_SECONDS:
            default_storage.delete(path)


@shared_task(soft_time_limit=settings.PDF_SOFT_TIME_LIMIT, time_limit=settings.PDF_TIME_LIMIT)
def render_preview(petition_id: int, token: str) -> None:
    petition = (
        Petition.objects.select_related(
            "case__organisation",
            "case__person",
            "case__lead_lawyer",
            "version__template",
            "drafted_by",
        )  # fmt: skip
        .filter(pk=petition_id)
        .first()
    )
    if petition is None or not TOKEN.fullmatch(token):
        return
    pdf, problem = _paths(token)
    try:
        _filename, _mimetype, data = preview_pdf(petition)
    except TemplateProblem as error:
        default_storage.save(problem, ContentFile(f"The template has an error: {error}".encode()))
    except SoftTimeLimitExceeded:
        default_storage.save(problem, ContentFile(b"The preview took too long and was stopped."))
    else:
        default_storage.save(pdf, ContentFile(data))
    _sweep(time.time())
