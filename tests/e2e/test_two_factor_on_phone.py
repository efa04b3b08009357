import base64

import pytest
from django_otp.oath import totp

from tests.e2e.helpers import follow_nav, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def code_for(secret: str) -> str:
    return f"{totp(base64.b32decode(secret.replace(' ', ''))):06d}"


def test_first_sign_in_enrols_a_phone_and_the_app_runs_under_the_csp(
    live_server, case, lawyer, phone, artifacts
):
    page = phone
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Username").fill("lawyer")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert page.locator(".qr-code svg").is_visible()
    page.screenshot(path=artifacts / "enrol-phone.png", full_page=True)
    secret = page.locator(".secret-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_for(secret))
    page.get_by_role("button", name="Confirm and sign in").click()

    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="I have saved them, continue").click()

    page.get_by_role("heading", name="Cases").wait_for()
    # htmx still filters the list under the policy: no inline script, no eval.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.get_by_label("Search").press_sequentially(case.reference)
    page.get_by_role("link", name=case.reference).wait_for()
    assert csp_violations == []

    follow_nav(page, "Sign-in & sessions")
    page.get_by_role("button", name="Sign out everywhere").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("heading", name="Sign in").wait_for()

    # Next time: password, then the code from the app.
    sign_in(page, live_server.url, "lawyer")
    page.get_by_role("heading", name="Cases").wait_for()
    assert csp_violations == []
