"""Oversize requests: refused with a page that explains, and stopped in the browser before
they are sent (static/js/size-guard.js), so the text is not lost with the page."""

import re

from django.urls import reverse

from tests.detainees.incident_helpers import record_incident


def test_a_form_over_the_text_limit_gets_a_page_that_explains(lawyer, login, settings):
    incident = record_incident(lawyer)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    pasted = "name,father_name\n" + "Abdul Wahid,Gul Zaman\n" * 10_000  # a 220 kB paste
    response = login(lawyer).post(
        reverse("incidents:incident-intake-csv", args=[incident.public_id]), {"csv_text": pasted}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "That was too large to send" in page
    assert "at most <strong>0.1 MB</strong> for the text of the form" in page
    assert "Back" in page and "Nothing was saved" in page
    assert "Bad Request" not in page


def test_a_body_over_the_request_limit_gets_the_same_page(lawyer, login, settings):
    settings.REQUEST_MAX_BYTES = 50_000
    response = login(lawyer).post(reverse("casework:case-create"), {"notes": "x" * 60_000})
    assert response.status_code == 413
    assert "for one form with its files" in response.content.decode()


def test_every_page_carries_the_limits_and_the_size_check_script(lawyer, login, settings):
    page = login(lawyer).get(reverse("casework:case-list")).content.decode()
    meta = re.search(r'<meta name="request-limits"[^>]*>', page).group(0)
    assert f'data-text-bytes="{settings.DATA_UPLOAD_MAX_MEMORY_SIZE}"' in meta
    assert f'data-total-bytes="{settings.REQUEST_MAX_BYTES}"' in meta
    assert re.search(r'<script src="/static/js/size-guard\.js" defer></script>', page)
    assert "<script>" not in page  # nothing inline: the CSP allows only our own files


def test_other_bad_requests_keep_the_usual_page(client, db):
    response = client.get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400
    assert "too large" not in response.content.decode()
