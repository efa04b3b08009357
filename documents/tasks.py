"""Celery discovers tasks here; petition rendering lives with the petitions.

The sweeper is here rather than in ``documents.petitions.tasks`` because that module's
tasks are routed to the PDF queue: the sweeper must run even while every PDF worker is
busy with a long batch.
"""

from collections.abc import Collection

from celery import shared_task

from casework.queue import send_on_commit
from documents.case_coverage import case_coverage_refresh_all
from documents.petitions.previews import render_preview
from documents.petitions.recovery import petition_renders_resend
from documents.petitions.tasks import pdf_worker_heartbeat, render_petition

__all__ = [
    "case_coverage_follow_settings",
    "case_coverage_refresh_send_on_commit",
    "pdf_worker_heartbeat",
    "petition_renders_sweep",
    "refresh_case_coverage",
    "render_petition",
    "render_preview",
]


@shared_task
def petition_renders_sweep() -> int:
    """Periodic (beat, every minute): resend renders not finished in time."""
    return petition_renders_resend()


@shared_task
def refresh_case_coverage(organisation_id: int | None, rule_kinds: list[str] | None) -> int:
    """Work out again the papers verdicts a change to the timeline or to an organisation's
    time zone may have moved (documents.case_coverage). Idempotent."""
    return case_coverage_refresh_all(organisation_id=organisation_id, rule_kinds=rule_kinds)


def case_coverage_refresh_send_on_commit(
    *, organisation_id: int | None, rule_kinds: Collection[str] | None = None
) -> None:
    """Once the change commits, a worker refreshes the verdicts. Without a broker they are
    refreshed there and then: the change is saved, and the figures must follow it."""
    kinds = sorted(rule_kinds) if rule_kinds is not None else None
    send_on_commit(
        refresh_case_coverage,
        organisation_id,
        kinds,
        on_failure=lambda: case_coverage_refresh_all(
            organisation_id=organisation_id, rule_kinds=kinds
        ),
    )


def case_coverage_follow_settings(*, organisation, changed: list[str]) -> None:
    """Registered with the core's settings hooks: verdicts are given on the day of arrest
    in the organisation's time zone, so a new zone may move any of its cases."""
    if "time_zone" in changed:
        case_coverage_refresh_send_on_commit(organisation_id=organisation.pk)
