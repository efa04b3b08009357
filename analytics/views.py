"""Supervisors' pages: Today, Analytics, their CSV exports, and the monthly reports.

Each view: one access check (supervisors and admins; anyone else gets 404), one selector or
service, render. Exports ask for the password and a code again when the last sign-in is old.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from accounts.reauth import reauth_redirect
from analytics import services
from analytics.access import supervising_membership
from analytics.case_list_export import case_list_table
from analytics.charts import bar_chart
from analytics.csv_export import table_csv
from analytics.forms import AnalyticsFilterForm, ReportRequestForm
from analytics.models import MonthlyReport, ReportState
from analytics.selectors import AnalyticsFilters, recent_analytics_figures
from analytics.tables import Table
from analytics.today import today_tables
from casework.audit import log_read
from casework.http import method_not_allowed
from casework.outbox import say_done


def _csv_download(request, membership, *, page: str, table: Table, filters: list[str]):
    def case_url(reference: str) -> str:
        return request.build_absolute_uri(reverse("casework:case-detail", args=[reference]))

    body = table_csv(table, case_url)
    services.table_export_record(
        organisation=membership.organisation, by=request.user, page=page, table=table.key,
        rows=len(table.rows), filters=filters,
    )  # fmt: skip
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page}-{table.key}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _caseload_chart(table: Table):
    return bar_chart(
        table,
        labels=[str(row.cells[0]) for row in table.rows],
        series={gettext("Open cases"): [row.cells[1] for row in table.rows]},
        alt=gettext_noop("Bar chart: open cases per lawyer"),
    )


def today(request):
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    tables = today_tables(request.user, membership)
    # Its queues name the detainees waiting on a decision.
    log_read(request, "case_list.viewed", organisation=membership.organisation,
             data={"page": "today"})  # fmt: skip
    return render(
        request,
        "analytics/today.html",
        {
            "tables": tables,
            "queues": [tables[k] for k in ("custody", "petitions", "outcomes", "unhcr")],
            "caseload_chart": _caseload_chart(tables["caseload"]),
        },
    )


def today_export(request):
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    # The whole queue, not the page's first rows.
    tables = today_tables(request.user, membership, limit=None)
    table = tables.get(request.GET.get("table", ""))
    if table is None:
        raise Http404
    if redirect_ := reauth_redirect(request):
        return redirect_
    return _csv_download(request, membership, page="today", table=table, filters=[])


def _filters(request, membership) -> tuple[AnalyticsFilterForm, AnalyticsFilters]:
    form = AnalyticsFilterForm(request.GET or None, user=request.user, membership=membership)
    if form.is_bound and form.is_valid():
        return form, AnalyticsFilters(**form.cleaned_data)
    return form, AnalyticsFilters()


def analytics(request):
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    form, filters = _filters(request, membership)
    figures = recent_analytics_figures(membership.organisation, filters)
    return render(
        request,
        "analytics/analytics.html",
        {
            "form": form,
            "figures": figures,
            "query": "&".join(f"{k}={v}" for k, v in filters.query_items()),
        },
        status=400 if form.errors else 200,
    )


def analytics_export(request):
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    form, filters = _filters(request, membership)
    if form.errors:
        raise Http404
    figures = recent_analytics_figures(membership.organisation, filters)
    table = figures.tables.get(request.GET.get("table", ""))
    if table is None:
        raise Http404
    if redirect_ := reauth_redirect(request):
        return redirect_
    names = [name for name, _ in filters.query_items()]
    return _csv_download(request, membership, page="analytics", table=table, filters=names)


def case_list_export(request):
    """The case list as filtered on screen, every matching row, the same columns."""
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    table, used = case_list_table(request.user, request.GET)
    if table is None:
        raise Http404
    if redirect_ := reauth_redirect(request):
        return redirect_
    return _csv_download(request, membership, page="cases", table=table, filters=used)


def reports(request):
    membership = supervising_membership(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = ReportRequestForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.monthly_report_request(
                organisation=membership.organisation, month=form.cleaned_data["month"],
                by=request.user, language=request.LANGUAGE_CODE,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            say_done(request, gettext("The report is being prepared; it appears below when ready."))
            return redirect("analytics:reports")
    return render(
        request,
        "analytics/reports.html",
        {
            "form": form,
            "reports": MonthlyReport.objects.filter(
                organisation_id=membership.organisation_id
            ).select_related("requested_by")[:48],
        },
        status=400 if form.errors else 200,
    )


def report_download(request, report_id: UUID):
    membership = supervising_membership(request.user)
    report = MonthlyReport.objects.filter(
        organisation_id=membership.organisation_id, public_id=report_id, state=ReportState.READY
    ).first()
    if report is None or not report.pdf:
        raise Http404
    if refused := method_not_allowed(request, "GET"):
        return refused
    services.monthly_report_download_record(report=report, by=request.user)
    prefix = membership.organisation.reference_prefix
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"{prefix}-monthly-report-{report.month:%Y-%m}.pdf",
        content_type="application/pdf",
    )
