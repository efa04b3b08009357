"""The OpenAPI document and the docs page, with every asset served from our own static files.

Swagger UI runs under the site-wide Content Security Policy unchanged: its scripts and
styles are local files (drf-spectacular-sidecar), our start-up script is one too, and it
sets styles through the DOM, which the policy allows. Checked in Chromium: no violation
while browsing operations and trying one out.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    # The document describes the API, not anyone's data: readable without a token, so a
    # developer can generate a client before asking for one.
    permission_classes = [AllowAny]


@require_GET
def docs_view(request):
    return render(request, "api/docs.html", {"schema_url": "/api/schema/"})
