"""Rendering petitions on the PDF workers: ids in, the renderer, then one service stores it."""

import contextlib
import logging

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils.translation import gettext_noop

from casework.health import heartbeat_record
from casework.outbox import delivery_attempt, outbox_task
from documents.models import Petition, PetitionState
from documents.petitions import services
from documents.petitions.engine import TemplateProblem
from documents.petitions.render import PetitionRenderer, warm_up

logger = logging.getLogger(__name__)

# Worth trying again: the database or storage was briefly away. Anything else (a template
# that fails at render time, a corrupt scan) fails the same way again, so it is reported.
TRANSIENT = (ConnectionError, TimeoutError, OSError)
# Attempts at a render whose storage keeps failing before the petition is marked failed.
TRANSIENT_ATTEMPTS = 3
# The database is away: nothing can even be recorded, so the outbox tries again later
# (with backoff), and the petition waits in "rendering" with its token meanwhile.
UNAVAILABLE = (OperationalError, InterfaceError)


@outbox_task(
    kind="petition_render",
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
def render_petition(petition_id: int, token: str) -> None:
    # The first query is inside this scope: a database that is down when the render
    # starts is the commonest outage, not an exception to it.
    try:
        _render(petition_id, token)
    except UNAVAILABLE:
        # A broken connection must not be reused by the next attempt.
        with contextlib.suppress(DatabaseError):
            connection.close()
        raise


def _render(petition_id: int, token: str) -> None:
    petition = (
        Petition.objects.select_related(
            "case__organisation",
            "case__person",
            "case__lead_lawyer",
            "version__template",
            "drafted_by",
        )
        .filter(pk=petition_id, state=PetitionState.RENDERING, render_token=token)
        .first()
    )
    if petition is None:  # already rendered, or superseded by a newer request
        return
    try:
        renderer = PetitionRenderer()
        filename, _mimetype, data = renderer.generate(petition)
        services.petition_store_render(
            petition_id=petition_id, token=token, filename=filename, data=data,
            pages=renderer.pages,
        )  # fmt: skip
    except UNAVAILABLE:
        raise
    except TRANSIENT as error:
        if delivery_attempt() < TRANSIENT_ATTEMPTS:
            raise
        # The reason is shown to lawyers in their own language (Petition.failure_reason_shown):
        # a fixed sentence; what went wrong technically goes to the log.
        logger.warning("Petition %s could not be rendered or stored: %s", petition_id, error)
        services.petition_render_failed(
            petition_id=petition_id, token=token,
            reason=gettext_noop("Could not render or store the PDF. Ask for it again."),
        )  # fmt: skip
    except SoftTimeLimitExceeded:
        services.petition_render_failed(
            petition_id=petition_id, token=token,
            reason=gettext_noop("Rendering took too long and was stopped."),
        )  # fmt: skip
    except TemplateProblem as problem:
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason=f"The template has an error: {problem}"
        )
    except Exception as error:
        logger.exception("Petition %s failed to render", petition_id)
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason=f"{type(error).__name__}: {error}"
        )


@shared_task
def pdf_worker_heartbeat() -> None:
    """Periodic (beat), routed to the PDF queue: the health page shows when a PDF worker
    last took work."""
    heartbeat_record(settings.PDF_QUEUE)


@worker_process_init.connect
def warm_pdf_worker_process(**_kwargs) -> int | None:
    """Each process of a worker that takes the PDF queue loads fonts and templates as it
    starts, not on its first petition (about a second on a cold process). Other workers
    skip it."""
    consuming = current_app.amqp.queues.consume_from or {}
    if settings.PDF_QUEUE in consuming:
        return warm_up()
    return None
