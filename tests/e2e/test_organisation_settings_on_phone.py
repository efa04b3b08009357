import pytest

from casework.models import Organisation
from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_changes_retention_and_time_zone_from_a_phone(
    live_server, org, admin_user, phone, artifacts
):
    page = phone
    sign_in(page, live_server.url, "orgadmin")
    page.goto(f"{live_server.url}/members/")
    page.get_by_role("link", name="Organisation settings").click()
    page.get_by_role("heading", name="Settings of Demo Legal Aid").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Retention period (days after a case is closed)").fill("365")
    page.get_by_label("Time zone").select_option("Asia/Kabul")
    page.get_by_label("Letterhead").fill("Demo Legal Aid\nFictional Street 1, Islamabad")
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Saved: retention period, time zone, letterhead.").wait_for()
    page.screenshot(path=artifacts / "organisation-settings-phone.png", full_page=True)

    org_id = org.pk
    saved = query(lambda: Organisation.objects.values("retention_days", "time_zone").get(pk=org_id))
    assert saved == {"retention_days": 365, "time_zone": "Asia/Kabul"}
    assert "Times are shown in Asia/Kabul" in page.locator("footer").inner_text()
