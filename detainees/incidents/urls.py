from django.urls import path

from detainees.incidents import views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/new/", views.incident_create, name="incident-create"),
    path("incidents/<uuid:incident_id>/", views.incident_detail, name="incident-detail"),
    path("incidents/<uuid:incident_id>/edit/", views.incident_edit, name="incident-edit"),
    path("incidents/<uuid:incident_id>/link/", views.incident_link_case, name="incident-link-case"),
    path(
        "incidents/<uuid:incident_id>/intake/",
        views.incident_intake_rows,
        name="incident-intake",
    ),
    path(
        "incidents/<uuid:incident_id>/intake/csv/",
        views.incident_intake_csv,
        name="incident-intake-csv",
    ),
    path(
        "incidents/<uuid:incident_id>/intake/template.csv",
        views.incident_intake_template,
        name="incident-intake-template",
    ),
]
