import pytest
from django.contrib.auth import get_user_model

from tests.e2e.helpers import follow_nav, query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_revokes_a_seized_phone_from_their_own_phone(
    live_server, admin_user, lawyer, phone, artifacts
):
    page = phone
    sign_in(page, live_server.url, "orgadmin")
    follow_nav(page, "Members")
    page.get_by_role("heading", name="Members of Demo Legal Aid").wait_for()
    page.screenshot(path=artifacts / "members-phone.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    name = query(lambda: get_user_model().objects.get(username="lawyer").get_full_name())
    page.get_by_role("link", name=name).click()
    # A page of its own asks first: nothing is revoked by the first tap.
    page.get_by_role("link", name="Revoke access now…").click()
    page.get_by_role("heading", name="Revoke lawyer's access?").wait_for()
    assert query(lambda: get_user_model().objects.get(username="lawyer").is_active)
    page.get_by_role("button", name="Revoke access now").click()
    page.get_by_text("Access revoked for lawyer").wait_for()
    # The header still shows who is signed in, not the member on the page.
    assert "Organisation admin" in page.locator(".who").inner_text()
    page.screenshot(path=artifacts / "member-revoked-phone.png", full_page=True)
    assert not query(lambda: get_user_model().objects.get(username="lawyer").is_active)

    page.get_by_role("link", name="Reinstate access…").click()
    page.get_by_role("button", name="Reinstate access").click()
    page.get_by_text("lawyer has access again").wait_for()
    assert query(lambda: get_user_model().objects.get(username="lawyer").is_active)
