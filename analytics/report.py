"""The monthly report as a PDF, laid out by WeasyPrint like the petitions.

``MonthlyReportRenderer().generate(report) -> (filename, mimetype, bytes)``; the task only
stores what it returns. The report holds the analytics figures of the cases arrested in the
month and nothing about any one person: no names, no references, no lawyers' caseloads.
"""

import base64
import calendar
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcherResponse

from analytics.models import MonthlyReport
from analytics.selectors import AnalyticsFilters, analytics_figures
from documents.petitions.fetcher import ASSET_PREFIX, CaseFileFetcher

PDF = "application/pdf"
CHART_PREFIX = "data:image/svg+xml;base64,"


class AssetFetcher(CaseFileFetcher):
    """Bundled assets and the report's own charts only: a report shows no case's files."""

    def __init__(self):
        super().__init__(case=None)

    def fetch(self, url, headers=None):
        if url.startswith(CHART_PREFIX):
            body = base64.b64decode(url.removeprefix(CHART_PREFIX), validate=True)
            return URLFetcherResponse(url, body, {"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)

    def _upload(self, url: str):
        return self._refuse(url)


def month_filters(month: date) -> AnalyticsFilters:
    last = calendar.monthrange(month.year, month.month)[1]
    return AnalyticsFilters(since=month.replace(day=1), until=month.replace(day=last))


def report_html(report: MonthlyReport) -> str:
    figures = analytics_figures(report.organisation, month_filters(report.month))
    return render_to_string(
        "analytics/monthly_report_document.html",
        {
            "organisation": report.organisation,
            "month": report.month,
            "figures": figures,
            "tables": list(figures.tables.values()),
            "asset_css": f"{ASSET_PREFIX}base.css",
            "generated_at": timezone.localtime(timezone.now()),
        },
    )


class MonthlyReportRenderer:
    def __init__(self):
        self.pages = 0

    def generate(self, report: MonthlyReport) -> tuple[str, str, bytes]:
        document = HTML(string=report_html(report), url_fetcher=AssetFetcher()).render()
        self.pages = len(document.pages)
        data = document.write_pdf()
        prefix = report.organisation.reference_prefix
        return f"{prefix}-monthly-report-{report.month:%Y-%m}.pdf", PDF, data
