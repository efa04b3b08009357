"""Root URLconf."""

from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from casework import health_views
from panah import approval_views, views

# A malformed request gets a page that explains, not a bare "Bad Request (400)".
handler400 = "casework.errors.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", health_views.healthz, name="healthz"),
    # A raid's petitions compose the incident and the petitions features.
    path("incidents/<uuid:incident_id>/petitions/", views.raid_petitions, name="raid-petitions"),
    path("petition-approvers/", approval_views.approver_list, name="approver-list"),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/logout/", account_views.logout_view, name="logout"),
    path("", include("accounts.urls")),
    path("", include("panah.case_urls")),
    path("", include("detainees.urls")),
    path("", include("detainees.incidents.urls")),
    path("", include("documents.urls")),
    path("", include("analytics.urls")),
    path("api/", include("api.urls", namespace="api")),
    path("", include("api.web_urls")),
    path("django-admin/", admin.site.urls),
]
