from django.urls import path

from casework import audit_views, export_views, organisation_views, views

app_name = "casework"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_intake, name="case-create"),
    path("cases/<slug:reference>/", views.case_detail, name="case-detail"),
    path("cases/<slug:reference>/assign/", views.case_assign, name="case-assign"),
    path("cases/<slug:reference>/export/", export_views.case_export_view, name="case-export"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("audit/", audit_views.audit_list, name="audit-list"),
    path(
        "organisations/<int:organisation_id>/settings/",
        organisation_views.organisation_settings,
        name="organisation-settings",
    ),
    path("notifications/read/", views.notification_mark_all_read, name="notification-mark-read"),
]
