"""Celery discovers tasks here; petition rendering lives with the petitions."""

from documents.petitions.previews import render_preview
from documents.petitions.tasks import render_petition

__all__ = ["render_petition", "render_preview"]
