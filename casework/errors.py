"""Pages for requests the server refuses before any view sees them."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import bad_request as django_bad_request


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def request_too_large(request, *, what: str, limit: int):
    """413 with a page that explains, instead of a bare "Bad Request (400)": what was too
    large, the limit, and that the text is usually still in the browser one step back."""
    html = render_to_string(
        "request_too_large.html", {"what": what, "limit": _megabytes(limit)}, request=None
    )
    return HttpResponse(html, status=413)


@requires_csrf_token
def bad_request(request, exception=None):
    """The root URLconf's handler400: a form whose text is over Django's limit gets the
    explaining page; every other bad request the usual one."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(
            request, what="the text of the form", limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
    return django_bad_request(request, exception)
