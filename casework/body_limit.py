"""Refuse an oversize request body before Django reads it.

Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to a
temporary file first; a phone on a poor connection, or an attacker, could fill the disk
before ``documents.uploads`` ever sees the file. A few scans per form is the most a page
needs; anything beyond ``REQUEST_MAX_BYTES`` is refused from the Content-Length header.
"""

from django.conf import settings
from django.http import HttpResponse


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("The request's Content-Length is not a number.", status=400)
        if length > settings.REQUEST_MAX_BYTES:
            from casework.errors import request_too_large

            return request_too_large(
                request, what="one form with its files", limit=settings.REQUEST_MAX_BYTES
            )
        return self.get_response(request)
