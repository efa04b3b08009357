"""Draft previews of petitions, and the PDF preview of an admin's unsaved template text,
rendered by the PDF workers and never by the web process.

A preview merges the annexed scans into the PDF, and an admin's template can ask for
far more work than a petition should: neither is work a web worker should hold a request
for. The page asks for a preview (a random token, remembered in the session for what it
previews), a worker renders it to storage under the PDF time limits, and the page, which
reloads itself every few seconds, serves it once and deletes it.
"""

import logging
import re
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage

from casework import stored_files
from casework.models import Case
from casework.outbox import outbox_enqueue, outbox_task
from documents.models import Petition, PetitionTemplate
from documents.petitions.engine import TemplateProblem
from documents.petitions.render import preview_pdf, template_preview

logger = logging.getLogger(__name__)

FOLDER = "petition-previews"
SESSION_KEY = "panah_petition_previews"
TOKEN = re.compile(r"[0-9a-f]{32}")
KEEP_SECONDS = 60 * 60  # a preview nobody fetched is removed after this
REMEMBERED = 5  # previews a session may have pending at once


def _paths(token: str) -> tuple[str, str]:
    return f"{FOLDER}/{token}.pdf", f"{FOLDER}/{token}.txt"


def _remember(session, owner: str) -> str:
    """A fresh token for ``owner`` (what is previewed), good only in this session."""
    token = uuid.uuid4().hex
    pending = dict(list(session.get(SESSION_KEY, {}).items())[-(REMEMBERED - 1) :])
    pending[token] = owner
    session[SESSION_KEY] = pending
    return token


def preview_request(session, petition: Petition) -> str:
    """Ask a worker for a fresh preview; the token is only good for this session."""
    token = _remember(session, f"petition:{petition.pk}")
    outbox_enqueue(render_preview, petition.pk, token, key=f"petition-preview:{token}")
    return token


def template_preview_request(
    session, *, template: PetitionTemplate, case: Case, html: str, css: str, by
) -> str:
    """Ask a worker for the PDF of unsaved template text filled from ``case``.

    The caller has checked that ``by`` administers the template and may open the case."""
    # The case is remembered with the token: fetching the PDF is a download of its data.
    token = _remember(session, f"template:{template.pk}:{case.reference}")
    # The template's text travels in the message: it is the organisation's library, unsaved,
    # and never a client's data (the worker fills it from the case by id).
    outbox_enqueue(
        render_template_preview,
        template.pk,
        case.pk,
        by.pk,
        token,
        html,
        css,
        key=f"template-preview:{token}",
    )
    return token


def preview_result(session, petition: Petition, token: str) -> tuple[str, bytes | str | None]:
    """("pdf", bytes), ("problem", message), ("pending", None) or ("unknown", None)."""
    return _result(session, f"petition:{petition.pk}", token)


def template_preview_result(
    session, template: PetitionTemplate, token: str
) -> tuple[str, bytes | str | None, str]:
    """As ``preview_result``, with the reference of the case the template was filled from
    ("" for an unknown token)."""
    owner = session.get(SESSION_KEY, {}).get(token, "") if TOKEN.fullmatch(token) else ""
    prefix = f"template:{template.pk}:"
    if not owner.startswith(prefix):
        return "unknown", None, ""
    state, result = _result(session, owner, token)
    return state, result, owner.removeprefix(prefix)


def _result(session, owner: str, token: str) -> tuple[str, bytes | str | None]:
    if not TOKEN.fullmatch(token) or session.get(SESSION_KEY, {}).get(token) != owner:
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


@outbox_task(
    kind="petition_preview",
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
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
    _store(token, lambda: preview_pdf(petition))


def _store(token: str, render) -> None:
    """Run ``render`` and keep its PDF, or the problem in words an admin can act on. The
    page polls for the file: it appears whole, by a move, never half written."""
    pdf, problem = _paths(token)
    try:
        _filename, _mimetype, data = render()
    except TemplateProblem as error:
        path, data = problem, f"The template has an error: {error}".encode()
    except SoftTimeLimitExceeded:
        path, data = problem, b"The preview took too long and was stopped."
    else:
        path = pdf
    try:
        with stored_files.atomic():
            stored_files.store(path, data)
    except stored_files.StorageUnavailable as error:
        logger.error("Preview %s not stored: %s", token, error)
    _sweep(time.time())


@outbox_task(
    kind="template_preview",
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
def render_template_preview(
    template_id: int, case_id: int, user_id: int, token: str, html: str, css: str
) -> None:
    """The PDF of unsaved template text, in a rolled-back transaction (nothing is kept)."""
    template = PetitionTemplate.objects.filter(pk=template_id).first()
    case = (
        Case.objects.select_related("organisation", "person", "detention", "lead_lawyer")
        .filter(pk=case_id)
        .first()
    )
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if None in (template, case, user) or not TOKEN.fullmatch(token):
        return
    _store(
        token,
        lambda: template_preview(
            case=case, template=template, html=html, css=css, by=user, pdf=True
        ),  # fmt: skip
    )
