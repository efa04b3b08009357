"""The OpenAPI document and the docs page: served locally, under the site's strict policy."""

import re

from django.conf import settings


def test_schema_is_served_and_describes_the_bearer_scheme(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "/api/v1/cases/{reference}/petitions/{petition_id}/pdf/" in schema["paths"]
    assert "/api/v1/intake/" in schema["paths"]


def test_docs_page_loads_only_our_own_assets_under_the_strict_policy(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "<script>" not in html and "style=" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy.split("; ") and "'unsafe-inline'" not in policy
    assert "default-src 'self'" in policy.split("; ")
    assert "swagger-ui-bundle.js" in html
    assert settings.STATIC_URL.strip("/") in sources[0]
