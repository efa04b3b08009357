"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from casework import views


def _superusers_only(request) -> bool:
    # The Django admin is a maintenance tool, not a way around object permissions.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("casework.case_urls")),
    path("", include("detainees.urls")),
    path("", include("detainees.incident_urls")),
    path("", include("documents.urls")),
    path("django-admin/", admin.site.urls),
]
