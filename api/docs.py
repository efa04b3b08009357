"""The OpenAPI document and the docs page, with every asset served from our own static files.

Swagger UI needs an inline-free page but does set ``style=`` attributes from its script,
so the docs page (and only it) widens the site-wide policy by ``style-src 'unsafe-inline'``.
It shows no client data itself: it only calls the API like any other client.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    # The document describes the API, not anyone's data: readable without a token, so a
    # developer can generate a client before asking for one.
    permission_classes = [AllowAny]


DOCS_POLICY = {
    **settings.CONTENT_SECURITY_POLICY,
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
}


@require_GET
def docs_view(request):
    response = render(request, "api/docs.html", {"schema_url": "/api/schema/"})
    response["Content-Security-Policy"] = "; ".join(
        f"{directive} {' '.join(sources)}" for directive, sources in DOCS_POLICY.items()
    )
    return response
