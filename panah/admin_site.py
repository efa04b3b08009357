"""The Django admin: a maintenance tool for superusers signed in with both factors, never a
way around object permissions."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django_otp.admin import OTPAdminSite


class PanahAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin"):
        # The usual "admin" URL namespace, not django-otp's "otpadmin".
        super().__init__(name)

    def has_permission(self, request) -> bool:
        # OTPAdminSite adds the verified second factor to "active staff".
        return request.user.is_superuser and super().has_permission(request)

    def login(self, request, extra_context=None):
        # The admin's own form would skip our throttle, sign-in audit and session policy.
        if request.user.is_authenticated:
            raise Http404
        return redirect_to_login(request.GET.get("next", request.path))
