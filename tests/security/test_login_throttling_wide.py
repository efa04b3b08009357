"""Finding 11: throttling was per (username, address) only, and the audit kept whatever
was typed as a username."""

from casework.models import Event
from casework.timeline import event_sentence
from tests.factories import member

LOGIN = "/accounts/login/"


def _try(client, username, ip, password="wrong"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_one_address_trying_many_usernames_is_slowed(client, db, settings):
    settings.LOGIN_THROTTLE_ADDRESS_FREE_ATTEMPTS = 10
    statuses = [
        _try(client, f"user{n}", "203.0.113.9").status_code for n in range(12) for _ in range(3)
    ]
    assert 429 in statuses
    assert statuses.index(429) <= 11  # after the tenth failure from that address
    # Another address is not slowed by it.
    assert _try(client, "user99", "198.51.100.1").status_code == 400


def test_one_username_tried_from_many_addresses_is_slowed_briefly(client, lawyer, settings):
    settings.LOGIN_THROTTLE_USERNAME_FREE_ATTEMPTS = 10
    settings.LOGIN_THROTTLE_USERNAME_MAX_DELAY = 30
    for n in range(10):
        assert _try(client, "lawyer", f"198.51.100.{n + 1}").status_code == 400
    response = _try(client, "lawyer", "192.0.2.200", password="pw")
    assert response.status_code == 429
    wait = int(response.content.decode().split("Wait ")[1].split(" ")[0])
    assert 0 < wait <= 30


def test_the_audit_keeps_the_account_id_or_a_keyed_hash_never_the_typed_text(client, org):
    lawyer = member(org, "lawyer", "lawyer")
    _try(client, "lawyer", "203.0.113.7")
    _try(client, "my-secret-passphrase", "203.0.113.7")  # a password typed in the wrong box
    _try(client, "my-secret-passphrase", "203.0.113.8")
    known, unknown, again = Event.objects.filter(verb="auth.login_failed").order_by("id")
    assert known.data["user"] == lawyer.pk and "username" not in known.data
    assert "my-secret-passphrase" not in str(unknown.data)
    assert unknown.data["username_hash"] == again.data["username_hash"]
    assert event_sentence(unknown.verb, unknown.data) == (
        "failed sign-in with an unknown username (wrong password)"
    )
