"""Rendering petitions on the PDF workers: ids in, the renderer, then one service stores it."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from documents.models import Petition, PetitionState
from documents.petitions import services
from documents.petitions.engine import TemplateProblem
from documents.petitions.render import PetitionRenderer

logger = logging.getLogger(__name__)

# Worth retrying: the database or storage was briefly away. Anything else (a template
# that fails at render time, a corrupt scan) fails the same way again, so it is reported.
TRANSIENT = (ConnectionError, TimeoutError, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    default_retry_delay=5,
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
def render_petition(self, petition_id: int, token: str) -> None:
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
    except TRANSIENT as error:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error) from error
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason=f"Could not render or store: {error}"
        )
    except SoftTimeLimitExceeded:
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason="Rendering took too long and was stopped."
        )
    except TemplateProblem as problem:
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason=f"The template has an error: {problem}"
        )
    except Exception as error:
        logger.exception("Petition %s failed to render", petition_id)
        services.petition_render_failed(
            petition_id=petition_id, token=token, reason=f"{type(error).__name__}: {error}"
        )
