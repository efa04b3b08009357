"""The monthly report on the PDF workers: ids in, the renderer, then one service stores it."""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from analytics import services
from analytics.models import MonthlyReport, ReportState
from analytics.report import MonthlyReportRenderer
from casework.outbox import delivery_attempt, outbox_task

logger = logging.getLogger(__name__)
TRANSIENT = (ConnectionError, TimeoutError, OSError)
# Attempts at a report whose storage keeps failing before it is marked failed.
TRANSIENT_ATTEMPTS = 3


@outbox_task(
    kind="monthly_report",
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
def render_monthly_report(report_id: int, token: str, language: str = "") -> None:
    """Render in ``language``, the asker's (a worker has no request to take it from)."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        _render(report_id, token)


def _render(report_id: int, token: str) -> None:
    report = (
        MonthlyReport.objects.select_related("organisation")
        .filter(pk=report_id, state=ReportState.RENDERING, render_token=token)
        .first()
    )
    if report is None:  # already rendered, or superseded by a newer request
        return
    try:
        _filename, _mimetype, data = MonthlyReportRenderer().generate(report)
        services.monthly_report_store(report_id=report_id, token=token, data=data)
    except TRANSIENT as error:
        if delivery_attempt() < TRANSIENT_ATTEMPTS:
            raise
        services.monthly_report_failed(
            report_id=report_id, token=token,
            reason=gettext("Could not render or store: %(error)s") % {"error": error},
        )  # fmt: skip
    except SoftTimeLimitExceeded:
        services.monthly_report_failed(
            report_id=report_id, token=token,
            reason=gettext("Rendering took too long and was stopped."),
        )  # fmt: skip
    except Exception as error:
        logger.exception("Monthly report %s failed to render", report_id)
        services.monthly_report_failed(
            report_id=report_id, token=token, reason=f"{type(error).__name__}: {error}"
        )
