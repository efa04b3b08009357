"""HTTP helpers shared by the views."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed


def method_not_allowed(request: HttpRequest, *allowed: str) -> HttpResponseNotAllowed | None:
    """A 405 for a method the view does not take, or None.

    Views call it *after* their access check, never as a decorator before it: a
    stranger then gets the same 404 for every method, as the access rule promises.
    """
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Remember the interface language in the browser: the sign-in page, before anyone is
    known, then speaks the language its last member chose."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
