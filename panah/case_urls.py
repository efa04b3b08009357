from django.urls import path

from casework.case_urls import urlpatterns as core_urlpatterns
from detainees.intake.views import case_intake
from panah import approval_views, views

app_name = "casework"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", case_intake, name="case-create"),
    path("cases/<slug:reference>/", views.case_detail, name="case-detail"),
    path("cases/<slug:reference>/export/", views.case_export_view, name="case-export"),
    path("cases/<slug:reference>/assign/", views.case_assign, name="case-assign"),
    path(
        "cases/<slug:reference>/approvers/",
        approval_views.case_approvers,
        name="case-approvers",
    ),  # fmt: skip
    *core_urlpatterns,
]
