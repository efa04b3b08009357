from django.urls import path

from casework import audit_views, views

# Included by the project's case URLs (panah/case_urls.py) under the "casework" namespace.
urlpatterns = [
    path(
        "cases/<slug:reference>/close/", views.case_status, {"action": "close"}, name="case-close"
    ),
    path(
        "cases/<slug:reference>/reopen/",
        views.case_status,
        {"action": "reopen"},
        name="case-reopen",
    ),  # fmt: skip
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/read/", views.notification_mark_all_read, name="notification-mark-read"),
    path("audit/", audit_views.audit_list, name="audit-list"),
]
