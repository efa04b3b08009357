from django.urls import path

from documents import views
from documents.petitions.urls import urlpatterns as petition_urlpatterns

app_name = "documents"

urlpatterns = [
    path("cases/<slug:reference>/files/<uuid:file_id>/", views.file_download, name="file-download"),
    path("cases/<slug:reference>/documents/new/", views.document_add, name="document-add"),
    path(
        "cases/<slug:reference>/documents/coverage/",
        views.coverage_preview,
        name="coverage-preview",
    ),
    path(
        "cases/<slug:reference>/documents/<uuid:document_id>/edit/",
        views.document_edit,
        name="document-edit",
    ),
    path(
        "cases/<slug:reference>/documents/<uuid:document_id>/scans/",
        views.document_scan_add,
        name="document-scan-add",
    ),
    path(
        "cases/<slug:reference>/documents/<uuid:document_id>/verify/",
        views.verification_add,
        name="verification-add",
    ),
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/new/", views.rule_edit, name="rule-create"),
    path("timeline/changes/", views.timeline_changes, name="timeline-changes"),
    path("timeline/<uuid:rule_id>/", views.rule_history, name="rule-history"),
    path("timeline/<uuid:rule_id>/edit/", views.rule_edit, name="rule-edit"),
    path("settings/document-numbers/", views.number_patterns, name="number-patterns"),
]
urlpatterns += petition_urlpatterns
