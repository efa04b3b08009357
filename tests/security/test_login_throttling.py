from datetime import timedelta

from django.utils import timezone

from accounts.models import LoginThrottle
from accounts.services import throttle_delay, throttle_key
from casework.models import Event
from tests.signin import fresh_code_for

LOGIN = "/accounts/login/"


def attempt(client, password, ip="203.0.113.7", username="lawyer"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, times, **kwargs):
    for _ in range(times):
        attempt(client, "wrong", **kwargs)


def test_delays_grow_after_a_few_free_attempts_and_are_capped(settings):
    settings.LOGIN_THROTTLE_FREE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_MAX_DELAY = 300
    delays = [throttle_delay(n) for n in range(1, 8)]
    assert delays == [0, 0, 1, 2, 4, 8, 16]
    # A delay, never a lock-out an attacker could impose on the real user.
    assert throttle_delay(10_000) == 300


def test_throttled_attempt_is_refused_even_with_the_right_password(client, lawyer):
    fail(client, 3)
    response = attempt(client, "pw")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "verify" not in response.get("Location", "")


def test_the_real_user_elsewhere_is_not_slowed(client, lawyer):
    fail(client, 6, ip="203.0.113.7")
    response = attempt(client, "pw", ip="198.51.100.20")
    assert response.status_code == 302


def test_attempts_succeed_again_once_the_delay_has_passed(client, lawyer):
    fail(client, 4)
    LoginThrottle.objects.update(last_failure_at=timezone.now() - timedelta(seconds=5))
    assert attempt(client, "pw").status_code == 302


def test_full_sign_in_clears_the_throttle(client, lawyer):
    fail(client, 2)
    code = fresh_code_for(lawyer)
    attempt(client, "pw")
    client.post("/accounts/verify/", {"code": code}, REMOTE_ADDR="203.0.113.7")
    # The pair and the username are cleared; the address's count decays on its own.
    assert not LoginThrottle.objects.filter(key=throttle_key("lawyer", "203.0.113.7")).exists()
    assert LoginThrottle.objects.count() == 1


def test_wrong_second_factor_codes_count_towards_the_throttle(client, lawyer):
    fresh_code_for(lawyer)
    attempt(client, "pw")
    for _ in range(3):
        client.post("/accounts/verify/", {"code": "123456"}, REMOTE_ADDR="203.0.113.7")
    response = client.post("/accounts/verify/", {"code": "123456"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429


def test_failed_login_of_a_member_is_audited_in_their_organisation(client, lawyer, org):
    fail(client, 1)
    event = Event.objects.get(verb="auth.login_failed")
    assert event.organisation == org
    assert event.data["user"] == lawyer.pk
    assert event.data["ip"] == "203.0.113.7"


def test_failed_login_of_an_unknown_username_is_recorded_outside_any_organisation(client, db):
    fail(client, 1, username="nobody-here")
    event = Event.objects.get(verb="auth.login_failed")
    assert event.organisation is None
    assert "nobody-here" not in str(event.data)
    assert event.data["username_hash"]
