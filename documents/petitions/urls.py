from django.urls import path

from documents.petitions import profile_views, views

case_petition = "cases/<slug:reference>/petitions/<int:petition_id>/"

urlpatterns = [
    path("cases/<slug:reference>/petitions/new/", views.petition_create, name="petition-create"),
    path(case_petition, views.petition_detail, name="petition-detail"),
    path(f"{case_petition}status/", views.petition_status, name="petition-status"),
    path(f"{case_petition}preview.pdf", views.petition_preview, name="petition-preview"),
    path(f"{case_petition}download/", views.petition_download, name="petition-download"),
    path(f"{case_petition}<slug:action>/", views.petition_transition, name="petition-transition"),
    path("petition-templates/", views.template_list, name="petition-template-list"),
    path(
        "petition-settings/", profile_views.petition_settings_edit, name="petition-settings"
    ),  # fmt: skip
    path("my-advocate-details/", profile_views.advocate_profile, name="advocate-profile"),
    path(
        "petition-templates/<int:template_id>/",
        views.template_edit,
        name="petition-template-edit",
    ),  # fmt: skip
    path(
        "petition-templates/<int:template_id>/preview/",
        views.template_preview_view,
        name="petition-template-preview",
    ),  # fmt: skip
    path(
        "petition-templates/<int:template_id>/preview-frame/",
        views.template_preview_frame,
        name="petition-template-preview-frame",
    ),  # fmt: skip
    path("petition-batches/<int:batch_id>/", views.batch_detail, name="petition-batch-detail"),
    path(
        "petition-batches/<int:batch_id>/progress/",
        views.batch_progress,
        name="petition-batch-progress",
    ),  # fmt: skip
    path(
        "petition-batches/<int:batch_id>/<slug:action>/",
        views.batch_action,
        name="petition-batch-action",
    ),  # fmt: skip
]
