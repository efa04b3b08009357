"""Helpers for browser tests."""

import threading

from django.db import connections


def query(fn):
    """Run ORM code on its own thread while the browser is open.

    Playwright's sync API keeps an event loop running in the test's thread, where
    Django would open a connection in a context that teardown never closes; a short
    thread that closes its own connection avoids leaking it. Create database fixtures
    before the browser fixtures for the same reason.
    """
    outcome = {}

    def run():
        try:
            outcome["value"] = fn()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def sign_in(page, base_url: str, username: str, password: str = "pw") -> None:
    """Both steps of the real sign-in: password, then the authenticator's current code."""
    from django.contrib.auth import get_user_model

    from tests.signin import fresh_code_for

    user = query(lambda: get_user_model().objects.get(username=username))
    code = query(lambda: fresh_code_for(user))
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("button", name="Sign out").wait_for()


def follow_nav(page, name: str) -> None:
    """Click a link of the main navigation, opening the "More" menu when it is in there."""
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
    if not link.is_visible():
        page.locator(".nav-more summary").click()
    link.click()
