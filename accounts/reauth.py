"""Re-authentication before sensitive actions (exports, role changes).

A signed-in session is not enough for these: the person at the keyboard must have
entered the password and a second-factor code within ``REAUTH_MAX_AGE`` seconds,
so a phone picked up unlocked cannot export a case or promote an account.

Usage::

    @recent_auth_required
    def case_export(request, reference): ...

Views that must answer 404 to strangers before anything else call
``reauth_redirect(request)`` after their access check instead.
"""

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.sessions import authenticated_recently


def reauth_redirect(request, back: str | None = None) -> HttpResponse | None:
    """A redirect to the re-authentication page if the last sign-in is too old, else None.

    ``back`` is where to return afterwards (default: this page); for a POST-only view,
    pass the page that holds its form, since the user repeats the action from there.
    """
    if authenticated_recently(request.session):
        return None
    back = back or request.get_full_path()
    url = f"{reverse('accounts:reauth')}?{urlencode({'next': back})}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def recent_auth_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return reauth_redirect(request) or view(request, *args, **kwargs)

    return wrapper
