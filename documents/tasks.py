"""Celery discovers tasks here; petition rendering lives with the petitions.

The sweeper is here rather than in ``documents.petitions.tasks`` because that module's
tasks are routed to the PDF queue: the sweeper must run even while every PDF worker is
busy with a long batch.
"""

from celery import shared_task

from documents.petitions.previews import render_preview
from documents.petitions.recovery import petition_renders_resend
from documents.petitions.tasks import pdf_worker_heartbeat, render_petition

__all__ = ["pdf_worker_heartbeat", "petition_renders_sweep", "render_petition", "render_preview"]


@shared_task
def petition_renders_sweep() -> int:
    """Periodic (beat, every minute): resend renders not finished in time."""
    return petition_renders_resend()
