"""Celery discovers tasks here; petition rendering lives with the petitions."""

import uuid
from collections.abc import Collection

from casework.outbox import outbox_enqueue, outbox_task
from documents.case_coverage import case_coverage_refresh_all
from documents.petitions.previews import render_preview
from documents.petitions.tasks import pdf_worker_heartbeat, render_petition

__all__ = [
    "case_coverage_follow_settings",
    "case_coverage_refresh_enqueue",
    "pdf_worker_heartbeat",
    "refresh_case_coverage",
    "render_petition",
    "render_preview",
]


# A whole organisation's cases, in chunks: far longer than the default limit allows.
@outbox_task(kind="coverage_refresh", time_limit=60 * 60)
def refresh_case_coverage(organisation_id: int | None, rule_kinds: list[str] | None) -> int:
    """Work out again the papers verdicts a change to the timeline or to an organisation's
    time zone may have moved (documents.case_coverage). Idempotent."""
    return case_coverage_refresh_all(organisation_id=organisation_id, rule_kinds=rule_kinds)


def case_coverage_refresh_enqueue(
    *, organisation_id: int | None, rule_kinds: Collection[str] | None = None
) -> None:
    """Once the change commits, a worker refreshes the verdicts: each change asks for its
    own refresh, as what it may move is its own."""
    kinds = sorted(rule_kinds) if rule_kinds is not None else None
    outbox_enqueue(
        refresh_case_coverage,
        organisation_id,
        kinds,
        key=f"coverage-refresh:{uuid.uuid4().hex}",
    )


def case_coverage_follow_settings(*, organisation, changed: list[str]) -> None:
    """Registered with the core's settings hooks: verdicts are given on the day of arrest
    in the organisation's time zone, so a new zone may move any of its cases."""
    if "time_zone" in changed:
        case_coverage_refresh_enqueue(organisation_id=organisation.pk)
