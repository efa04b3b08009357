"""Finding 6: the calendar feed survived "sign out everywhere", a password change and a
second-factor reset; and its token, a bearer credential, reached the logs in clear."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from detainees.hearings.calendar_feed import calendar_feed_issue, calendar_feed_owner
from tests.signin import verified_login


def test_signing_out_everywhere_revokes_the_calendar_feed(login, lawyer):
    token = calendar_feed_issue(user=lawyer)
    login(lawyer).post(reverse("accounts:sessions-end-all"))
    assert calendar_feed_owner(token) is None


def test_a_password_change_revokes_the_calendar_feed(login, lawyer):
    token = calendar_feed_issue(user=lawyer)
    response = login(lawyer).post(
        reverse("accounts:password-change"),
        {"old_password": "pw", "new_password1": "a long new passphrase",
         "new_password2": "a long new passphrase"},
    )  # fmt: skip
    assert response.status_code == 302
    assert calendar_feed_owner(token) is None


def test_a_second_factor_reset_revokes_the_calendar_feed(login, admin_user, lawyer):
    token = calendar_feed_issue(user=lawyer)
    url = reverse("accounts:member-second-factor-reset", args=[lawyer.membership.public_id])
    assert login(admin_user).post(url).status_code == 302
    assert calendar_feed_owner(token) is None


def test_the_feed_still_works_when_nothing_was_revoked(lawyer):
    token = calendar_feed_issue(user=lawyer)
    verified_login(Client(), lawyer)
    assert calendar_feed_owner(token) == lawyer


def _handlers_for(logger: logging.Logger):
    while logger is not None:
        yield from logger.handlers
        if not logger.propagate:
            return
        logger = logger.parent


@pytest.mark.parametrize("name", ["django.request", "django.server"])
def test_feed_tokens_are_masked_in_request_logs(client, lawyer, monkeypatch, name):
    token = calendar_feed_issue(user=lawyer) + "revoked"
    written: list[str] = []
    handlers = list(_handlers_for(logging.getLogger(name)))
    assert handlers
    for handler in handlers:
        monkeypatch.setattr(
            handler, "emit", lambda record, h=handler: written.append(h.format(record))
        )
    if name == "django.request":
        assert client.get(f"/calendar/{token}.ics").status_code == 404
    else:
        logging.getLogger(name).info('"%s" %s %s', f"GET /calendar/{token}.ics HTTP/1.1", 404, 9)
    assert written
    assert all(token not in line for line in written)
    assert any("/calendar/[masked].ics" in line for line in written)
