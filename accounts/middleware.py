"""Session policy and security headers, applied to every request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

from accounts import sessions


class SessionPolicyMiddleware:
    """A session is signed in only with both factors, and only until it times out.

    Sits after AuthenticationMiddleware and before LoginRequiredMiddleware: a session
    that fails here becomes anonymous, and the login requirement sends it to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            if not sessions.is_verified(session):
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
    """Content Security Policy for every response; no caching of anything personal.

    Scripts and styles come only from our own static files: no inline script, no
    ``style=`` attribute, no eval (htmx runs with ``allowEval: false``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        is_html = response.get("Content-Type", "").startswith("text/html")
        # Pages and downloads of a signed-in user show personal data; sign-in pages carry
        # tokens. Neither belongs in a shared or back-button cache.
        user = getattr(request, "user", None)
        personal = is_html or (user is not None and user.is_authenticated)
        if personal and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
