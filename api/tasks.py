"""Periodic work of the inbox. Idempotent: a second run finds nothing left to purge."""

from celery import shared_task


@shared_task
def inbox_purge() -> int:
    from api.services import inbox_entries_purge

    return inbox_entries_purge()
