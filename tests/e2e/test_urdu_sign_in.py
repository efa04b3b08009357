"""Signing in from a browser set to Urdu: both steps in Urdu, ending on the case list."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.helpers import query
from tests.signin import fresh_code_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_signs_in_from_an_urdu_browser_in_urdu(live_server, lawyer, browser):
    user = query(lambda: get_user_model().objects.get(username="lawyer"))
    code = query(lambda: fresh_code_for(user))
    context = browser.new_context(locale="ur-PK")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("صارف نام").fill("lawyer")
    page.get_by_label("پاس ورڈ").fill("pw")
    page.get_by_role("main").get_by_role("button", name="سائن ان").click()
    page.get_by_role("heading", name="اپنا کوڈ درج کریں").wait_for()
    page.get_by_label(re.compile("^کوڈ")).fill(code)
    page.get_by_role("button", name="تصدیق کریں").click()
    page.get_by_role("heading", name="مقدمات").wait_for()
    assert page.url.endswith("/cases/")
    assert page.locator("html").get_attribute("lang") == "ur"
    context.close()
