from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/export/", views.today_export, name="today-export"),
    path("analytics/", views.analytics, name="analytics"),
    path("analytics/export/", views.analytics_export, name="analytics-export"),
    path("analytics/cases.csv", views.case_list_export, name="case-list-export"),
    path("analytics/reports/", views.reports, name="reports"),
    path(
        "analytics/reports/<uuid:report_id>/download/",
        views.report_download,
        name="report-download",
    ),
]
