"""Writes: the audit record of an export, and the monthly report's life."""

import hashlib
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from analytics.models import MonthlyReport, ReportState
from casework import stored_files
from casework.audit import log_action
from casework.models import Organisation
from casework.notifications import language_of
from casework.outbox import outbox_enqueue

REPORT_DEFERRED = gettext_noop("Saved. The report will be prepared when the queue is back.")


def table_export_record(
    *, organisation: Organisation, by, page: str, table: str, rows: int, filters: list[str]
) -> None:
    """An export leaves the system: who took which table, how many rows, filtered by what.
    Filter *names* only: a search term can be a name, and the trail outlives retention."""
    log_action(
        "analytics.exported", organisation=organisation, actor=by,
        data={"page": page, "table": table, "rows": rows, "filters": sorted(filters)},
    )  # fmt: skip


def _first_of_month(month: date) -> date:
    return month.replace(day=1)


@transaction.atomic
def monthly_report_request(
    *, organisation: Organisation, month: date, by, language: str = ""
) -> MonthlyReport:
    """Ask the PDF workers for the month's report; asking again replaces the earlier PDF.

    The report is written in ``language``, the one the asker reads Panah in (their page's;
    blank: their membership's): they are the one who reads it first and hands it on, and
    whoever wants it in another language asks again from a page in that language."""
    month = _first_of_month(month)
    today = timezone.localdate()
    if month > today:
        raise ValidationError({"month": gettext("That month has not begun yet.")})
    report, _ = MonthlyReport.objects.select_for_update().get_or_create(
        organisation=organisation, month=month
    )
    report.state = ReportState.RENDERING
    report.render_token = uuid.uuid4().hex
    report.requested_by = by
    report.requested_at = timezone.now()
    report.failure_reason = ""
    report.save(
        update_fields=["state", "render_token", "requested_by", "requested_at", "failure_reason"]
    )
    log_action(
        "report.requested", organisation=organisation, actor=by, obj=report,
        data={"month": month.isoformat()},
    )  # fmt: skip
    from analytics.tasks import render_monthly_report

    # The token names the request: a newer one makes this message find nothing to do.
    outbox_enqueue(
        render_monthly_report,
        report.pk,
        report.render_token,
        language or language_of(by),
        key=f"monthly-report:{report.pk}:{report.render_token}",
        deferred=REPORT_DEFERRED,
    )
    return report


def _locked(report_id: int, token: str) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.select_for_update()
        .filter(pk=report_id, state=ReportState.RENDERING, render_token=token)
        .first()
    )


@stored_files.atomic
def monthly_report_store(*, report_id: int, token: str, data: bytes) -> MonthlyReport | None:
    """Keep the PDF unless a newer request superseded this one: running twice is harmless.
    The PDF takes its name once the row commits; the one it replaces is deleted then."""
    report = _locked(report_id, token)
    if report is None:
        return None
    stored_files.remove_on_commit(report.pdf.name)
    report.pdf.name = stored_files.store(
        f"reports/{report.organisation_id}/{uuid.uuid4().hex}.pdf", data
    )
    report.pdf_sha256 = hashlib.sha256(data).hexdigest()
    report.rendered_at = timezone.now()
    report.state = ReportState.READY
    report.save(update_fields=["pdf", "pdf_sha256", "rendered_at", "state"])
    return report


@transaction.atomic
def monthly_report_failed(*, report_id: int, token: str, reason: str) -> MonthlyReport | None:
    report = _locked(report_id, token)
    if report is None:
        return None
    report.state = ReportState.FAILED
    report.failure_reason = reason[:500]
    report.save(update_fields=["state", "failure_reason"])
    return report


def monthly_report_download_record(*, report: MonthlyReport, by) -> None:
    log_action(
        "report.downloaded", organisation=report.organisation, actor=by, obj=report,
        data={"month": report.month.isoformat(), "sha256": report.pdf_sha256},
    )  # fmt: skip
