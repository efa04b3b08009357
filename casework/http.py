"""HTTP helpers shared by the views."""

from django.http import HttpRequest, HttpResponseNotAllowed


def method_not_allowed(request: HttpRequest, *allowed: str) -> HttpResponseNotAllowed | None:
    """A 405 for a method the view does not take, or None.

    Views call it *after* their access check, never as a decorator before it: a
    stranger then gets the same 404 for every method, as the access rule promises.
    """
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None
