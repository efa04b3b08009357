"""The monthly report on the PDF workers: ids in, the renderer, then one service stores it."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from analytics import services
from analytics.models import MonthlyReport, ReportState
from analytics.report import MonthlyReportRenderer

logger = logging.getLogger(__name__)
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
def render_monthly_report(self, report_id: int, token: str, language: str = "") -> None:
    """Render in ``language``, the asker's (a worker has no request to take it from)."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        _render(self, report_id, token)


def _render(self, report_id: int, token: str) -> None:
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
        if self.request.retries < self.max_retries:
            raise self.retry(exc=error) from error
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
