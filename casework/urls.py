"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import include, path

from accounts import views as account_views
from casework import views


def _superusers_only(request) -> bool:
    # The Django admin is a maintenance tool, not a way around object permissions.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only


def _admin_login(request, extra_context=None):
    # The admin's own password-only form would skip the second factor and the throttle.
    if request.user.is_authenticated:
        raise Http404
    return redirect_to_login(request.GET.get("next", "/django-admin/"))


admin.site.login = _admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", account_views.login_view, name="login"),
    path("accounts/logout/", account_views.logout_view, name="logout"),
    path("", include("accounts.urls")),
    path("", include("casework.case_urls")),
    path("", include("detainees.urls")),
    path("", include("detainees.incident_urls")),
    path("", include("documents.urls")),
    path("", include("analytics.urls")),
    path("django-admin/", admin.site.urls),
]
