"""Renders that were asked for but whose message never reached a worker, or was lost with
one, are sent again. The database holds the intent (state "rendering" and a token); the
broker is allowed to forget.

The same token is sent again, so whichever copy finishes first stores the PDF and any
other copy finds the petition already ready and does nothing: one PDF per petition.
"""

import logging

from django.utils import timezone

from casework.queue import send_now
from documents.models import Petition, PetitionState
from documents.petitions.selectors import renders_to_send_again

logger = logging.getLogger(__name__)


def petition_renders_resend(*, now=None) -> int:
    """Send again every render that has waited too long; returns how many were sent."""
    from documents.petitions.tasks import render_petition

    now = now or timezone.now()
    sent = 0
    for petition_id, token in renders_to_send_again(now=now):
        if not send_now(render_petition, petition_id, token):
            break  # the broker is still away: the next sweep tries again
        Petition.objects.filter(
            pk=petition_id, render_token=token, state=PetitionState.RENDERING
        ).update(render_queued_at=timezone.now())
        sent += 1
    if sent:
        logger.info("Sent %d waiting petition render(s) again", sent)
    return sent
