from django.urls import path

from documents.petitions import batch_views, profile_views, template_views, views

case_petition = "cases/<slug:reference>/petitions/<uuid:petition>/"
batch = "petition-batches/<uuid:batch>/"

urlpatterns = [
    path("cases/<slug:reference>/petitions/new/", views.petition_create, name="petition-create"),
    path(case_petition, views.petition_detail, name="petition-detail"),
    path(f"{case_petition}status/", views.petition_status, name="petition-status"),
    path(f"{case_petition}preview.pdf", views.petition_preview, name="petition-preview"),
    path(f"{case_petition}download/", views.petition_download, name="petition-download"),
    path(f"{case_petition}<slug:action>/", views.petition_transition, name="petition-transition"),
    path(
        "petitions/awaiting-my-approval/",
        batch_views.petition_queue,
        {"queue": "awaiting"},
        name="petition-queue-awaiting",
    ),  # fmt: skip
    path(
        "petitions/returned-to-me/",
        batch_views.petition_queue,
        {"queue": "returned"},
        name="petition-queue-returned",
    ),  # fmt: skip
    path("petition-templates/", template_views.template_list, name="petition-template-list"),
    path(
        "petition-settings/", profile_views.petition_settings_edit, name="petition-settings"
    ),  # fmt: skip
    path("my-advocate-details/", profile_views.advocate_profile, name="advocate-profile"),
    path(
        "petition-templates/<uuid:template_id>/",
        template_views.template_edit,
        name="petition-template-edit",
    ),  # fmt: skip
    path(
        "petition-templates/<uuid:template_id>/preview/",
        template_views.template_preview_view,
        name="petition-template-preview",
    ),  # fmt: skip
    path(
        "petition-templates/<uuid:template_id>/preview-frame/",
        template_views.template_preview_frame,
        name="petition-template-preview-frame",
    ),  # fmt: skip
    path(batch, batch_views.batch_detail, name="petition-batch-detail"),
    path(f"{batch}progress/", batch_views.batch_progress, name="petition-batch-progress"),
    path(f"{batch}petitions.zip", batch_views.batch_download, name="petition-batch-download"),
    path(f"{batch}<slug:action>/", batch_views.batch_action, name="petition-batch-action"),
]
