"""Session policy and security headers, applied to every request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

from accounts import sessions


class SessionPolicyMiddleware:
    """A session is signed in only with both factors, and only until it times out.

    Sits after django-otp's OTPMiddleware and before LoginRequiredMiddleware: a session
    that fails here becomes anonymous, and the login requirement sends it to sign in.
    A second factor deleted (reset, revoked) fails here on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            if not sessions.is_signed_in(request):
                logout(request)
            elif reason := sessions.expiry_reason(session):
                from accounts.services import session_forget

                session_forget(session_key=session.session_key)
                logout(request)
                messages.info(request, reason)
            else:
                sessions.touch(session)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The permissions policy, and no caching of anything personal (the Content Security
    Policy itself comes from django-csp, settings.CONTENT_SECURITY_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        is_html = response.get("Content-Type", "").startswith("text/html")
        # Pages and downloads of a signed-in user show personal data; sign-in pages carry
        # tokens. Neither belongs in a shared or back-button cache.
        user = getattr(request, "user", None)
        personal = is_html or (user is not None and user.is_authenticated)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
