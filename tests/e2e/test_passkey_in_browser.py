"""A passkey added in the browser and then used as the second factor, with Chromium's
virtual authenticator standing in for a phone's or laptop's (DevTools' WebAuthn domain).

The live server answers at http://localhost: a secure context for WebAuthn, and the
relying party id the app uses when nothing else is configured.
"""

import pytest

from tests.e2e.helpers import query, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


def test_a_passkey_added_in_the_browser_signs_in_as_the_second_factor(
    live_server, lawyer, desktop, artifacts
):
    from accounts.models import Passkey
    from casework.models import Event

    page = desktop
    assert live_server.url.startswith("http://localhost:")
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR}
    )["authenticatorId"]

    # Signed in with password and code, the sign-in fresh enough to add a passkey.
    sign_in(page, live_server.url, "lawyer")
    page.goto(f"{live_server.url}/accounts/security/")
    assert page.get_by_text("No passkeys yet.").is_visible()
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_role("heading", name="Add a passkey").wait_for()
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_role("button", name="Add the passkey").click()

    page.get_by_text("Passkey added. You can use it at your next sign-in.").wait_for()
    assert page.get_by_role("button", name="Remove Work laptop").is_visible()
    page.screenshot(path=artifacts / "passkey-added.png", full_page=True)
    stored = query(lambda: list(Passkey.objects.filter(user=lawyer).values_list("name", flat=True)))
    assert stored == ["Work laptop"]
    credentials = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign in").wait_for()

    # Next time: the password, then the passkey instead of a code.
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Username").fill("lawyer")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.get_by_role("button", name="Use a passkey").click()
    page.get_by_role("heading", name="Cases").wait_for()

    signed_in = query(
        lambda: Event.objects.filter(verb="auth.logged_in").order_by("-pk").first().data
    )
    assert signed_in["second_factor"] == "Passkey"
    last_used = query(lambda: Passkey.objects.get(user=lawyer).last_used_at)
    assert last_used is not None
    assert csp_violations == []
