"""An admin edits a petition template and sees it filled from a case as they type."""

import pytest

from documents.models import PetitionTemplate
from tests.documents.petition_helpers import case_with_por, template
from tests.e2e.helpers import follow_nav, query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


def test_admin_sees_a_live_preview_and_syntax_errors_with_their_line(
    live_server, por_case, admin_user, desktop, artifacts
):
    bail = query(lambda: template("bail-497"))
    page = desktop
    sign_in(page, live_server.url, "orgadmin")
    follow_nav(page, "Templates")
    page.locator(f'a[href="/petition-templates/{bail.public_id}/"]').click()
    page.get_by_label("Preview with case").select_option(por_case.reference)
    page.get_by_label("Template (HTML with Django template syntax)").fill(
        "<p>Live preview for {{ person.name }}</p>\n{% if %}"
    )
    page.locator("#template-preview").get_by_text("Line 2").wait_for()
    page.get_by_label("Template (HTML with Django template syntax)").fill(
        "<p>Live preview for {{ person.name }}</p>"
    )
    frame = page.frame_locator("#template-preview iframe")
    frame.get_by_text("Live preview for Zarif Hotaki").wait_for()
    inner = page.locator("#template-preview iframe").element_handle().content_frame()
    assert inner.evaluate("document.documentElement.clientWidth") > 400
    # The template's own stylesheet applies inside the frame (the page's policy would
    # refuse it in a srcdoc frame): the petition stylesheet sets Noto Serif.
    font = inner.evaluate("getComputedStyle(document.body).fontFamily")
    assert "noto serif" in font.lower(), font
    page.screenshot(path=artifacts / "petition-template-preview.png")

    # The PDF is made by a worker (inline here, with no broker): the new tab is sent to the
    # page that waits for it, which then serves the PDF.
    served = []
    page.context.on(
        "response",
        lambda r: served.append(r.headers.get("content-type")) if "token=" in r.url else None,
    )
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview PDF").click()
    popup.value.wait_for_url("**/preview/?token=*")
    page.wait_for_function("() => true")  # let the response event arrive
    assert "application/pdf" in served, served
    popup.value.close()
    page.get_by_role("button", name="Save as new version").click()
    page.get_by_text("Saved as version 1.").wait_for()
    assert query(lambda: PetitionTemplate.objects.filter(organisation__isnull=False).count()) == 1
