"""The supervisor's Today and Analytics pages in real Chromium, on a phone and a desktop:
charts drawn, no Content Security Policy violation, nothing wider than the screen."""

import pytest

from tests.analytics.fixture import build
from tests.e2e.helpers import follow_nav, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def figures_world(lawyer, supervisor):
    return build(lawyer, petitions=False)


def _watch_csp(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _charts_drawn(page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('.chart img'))"
        ".filter(img => img.complete && img.naturalWidth > 0).length"
    )


@pytest.mark.parametrize(
    ("device", "viewport"),
    [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})],
)
def test_supervisor_reads_today_and_analytics(
    live_server, figures_world, supervisor, browser, artifacts, device, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    violations = _watch_csp(page)
    sign_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.get_by_role("heading", name="Open caseload per lawyer").is_visible()
    assert _charts_drawn(page) == 1
    page.screenshot(path=artifacts / f"supervisor-today-{device}.png", full_page=True)
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.get_by_role("link", name="Analytics", exact=True).first.click()
    page.get_by_role("heading", name="Analytics", exact=True).wait_for()
    assert _charts_drawn(page) == 6
    assert page.get_by_text("43% (3 of 7)").count() == 1
    page.screenshot(path=artifacts / f"supervisor-analytics-{device}.png", full_page=True)

    # The same figures, as a table, one click away from each chart.
    page.locator("#courts summary").click()
    assert page.locator("#courts table").is_visible()
    assert (
        page.locator("#courts").get_by_text("2 of 3: too few cases for a percentage").is_visible()
    )
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    else:
        page.get_by_label("Document held", exact=True).select_option("passport")
        page.get_by_role("button", name="Show").click()
        page.get_by_text("1 case in this selection").wait_for()
        follow_nav(page, "Today")
        page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert violations == []
    context.close()
