"""A paste too large to send is stopped in the browser, with the text still in the form."""

import pytest

from tests.detainees.incident_helpers import record_incident
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def incident(lawyer):
    return record_incident(lawyer)


def test_a_paste_over_the_limit_is_stopped_before_sending_and_kept(
    live_server, incident, desktop, artifacts, settings
):
    # The 4 MB paste against the default 2.5 MB, scaled down: a 4 MB text box is slow to
    # lay out in a headless browser on a busy machine, and the check is the same.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 250_000
    page = desktop
    sign_in(page, live_server.url, "lawyer")
    url = f"{live_server.url}/incidents/{incident.public_id}/intake/csv/"
    page.goto(url)
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    # What a paste from a messaging app puts in the box (set directly: typing 4 MB is slow).
    length = page.evaluate(
        """() => {
            const box = document.querySelector('textarea[name="csv_text"]');
            box.value = 'name,father_name\\n' + 'Abdul Wahid,Gul Zaman\\n'.repeat(19000);
            return box.value.length;
        }"""
    )
    assert length > 400_000
    page.get_by_role("button", name="Check and open the cases").click()
    alert = page.locator(".size-guard")
    alert.wait_for()
    assert "too large to send" in alert.inner_text()
    assert "what you typed is still here" in alert.inner_text()
    assert posts == []
    assert page.url == url
    kept = page.evaluate("document.querySelector('textarea[name=\"csv_text\"]').value.length")
    assert kept == length
    page.screenshot(path=artifacts / "oversize-paste-stopped.png")
