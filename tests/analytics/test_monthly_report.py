"""The monthly report: rendered by the PDF task with WeasyPrint, aggregates only."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from analytics.models import MonthlyReport, ReportState
from analytics.services import monthly_report_request
from analytics.tasks import render_monthly_report
from casework.models import Event
from casework.outbox import sweep
from tests.analytics.fixture import build
from tests.broker import UNREACHABLE, broker
from tests.outbox import make_due

pytestmark = pytest.mark.django_db


def pdf_text(report: MonthlyReport) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_asking_for_a_month_renders_its_figures_without_personal_data(
    client, login, supervisor, lawyer, org, django_capture_on_commit_callbacks
):
    world = build(lawyer)
    login(supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/analytics/reports/", {"month": "2026-03-01"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert report.state == ReportState.READY  # eager here; a PDF worker in production
    assert report.month == date(2026, 3, 1)
    text = pdf_text(report)
    assert "Monthly report: March 2026" in text
    assert "43% (3 of 7)" in text  # covered on the day of arrest
    assert "6.0 h" in text  # median hours to the first petition
    for case in world.cases.values():
        assert case.reference not in text
    assert "Detainee" not in text and "Safi" not in text
    assert Event.objects.filter(verb="report.requested", actor=supervisor).exists()

    download = client.get(f"/analytics/reports/{report.public_id}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert Event.objects.filter(verb="report.downloaded", actor=supervisor).exists()


def test_running_the_task_twice_keeps_one_result(
    supervisor, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = monthly_report_request(organisation=org, month=date(2026, 3, 1), by=supervisor)
    token = report.render_token
    report.refresh_from_db()
    first = report.pdf.name
    render_monthly_report(report.pk, token)
    report.refresh_from_db()
    assert report.pdf.name == first
    assert report.state == ReportState.READY


def test_a_new_request_replaces_the_months_report(supervisor, org):
    monthly_report_request(organisation=org, month=date(2026, 3, 15), by=supervisor)
    monthly_report_request(organisation=org, month=date(2026, 3, 1), by=supervisor)
    assert MonthlyReport.objects.count() == 1


def test_a_month_not_yet_begun_is_refused(client, login, supervisor):
    login(supervisor)
    response = client.post("/analytics/reports/", {"month": "2099-01-01"})
    assert response.status_code == 400
    assert not MonthlyReport.objects.exists()


def test_another_organisations_report_is_404(
    client, login, supervisor, org, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = monthly_report_request(organisation=org, month=date(2026, 3, 1), by=supervisor)
    login(outsider)
    assert client.get(f"/analytics/reports/{report.public_id}/download/").status_code == 404
    login(supervisor)
    assert client.get(f"/analytics/reports/{report.public_id}/download/").status_code == 200


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("ur", "تیاری میں بہت زیادہ وقت لگا اور اسے روک دیا گیا۔"),
        ("en-gb", "Rendering took too long and was stopped."),
    ],
)
def test_why_a_report_failed_is_told_in_the_askers_language(
    supervisor, org, monkeypatch, language, reason
):
    from celery.exceptions import SoftTimeLimitExceeded

    from analytics import tasks

    report = monthly_report_request(organisation=org, month=date(2026, 3, 1), by=supervisor)
    token = report.render_token

    def too_slow(self, report):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(tasks.MonthlyReportRenderer, "generate", too_slow)
    render_monthly_report(report.pk, token, language)
    report.refresh_from_db()
    assert (report.state, report.failure_reason) == (ReportState.FAILED, reason)


@pytest.mark.django_db(transaction=True)
def test_a_monthly_report_asked_for_while_the_broker_is_down_is_rendered_later(login, supervisor):
    client = login(supervisor)
    with broker(UNREACHABLE):
        response = client.post("/analytics/reports/", {"month": "2026-03-01"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved. The report will be prepared when the queue is back." in page
    assert "The report is being prepared" not in page
    report = MonthlyReport.objects.get()
    assert (report.state, report.month) == (ReportState.RENDERING, date(2026, 3, 1))
    make_due()
    assert sweep() == 1
    report.refresh_from_db()
    assert report.state == ReportState.READY  # nothing stays "rendering"
    assert report.pdf.name
