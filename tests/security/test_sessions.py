from django.test import Client
from django.urls import reverse

from accounts import sessions
from accounts.models import UserSession
from casework.models import Event

CASES = "/cases/"


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[getattr(sessions, key)] = sessions.now() - ago
    session.save()


def test_idle_session_ends_after_the_idle_timeout(login, lawyer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = login(lawyer)
    age_session(client, SEEN_AT=31 * 60)
    response = client.get(CASES)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.filter(user=lawyer).exists()


def test_activity_keeps_the_session_alive(login, lawyer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    client = login(lawyer)
    age_session(client, SEEN_AT=29 * 60)
    assert client.get(CASES).status_code == 200
    assert sessions.now() - client.session[sessions.SEEN_AT] < 5


def test_session_ends_at_the_absolute_timeout_however_active(login, lawyer, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
    client = login(lawyer)
    age_session(client, SIGNED_IN_AT=12 * 60 * 60 + 1, SEEN_AT=0)
    assert client.get(CASES).status_code == 302


def test_timeouts_come_from_the_environment(monkeypatch):
    import importlib

    import panah.settings as panah_settings

    monkeypatch.setenv("SESSION_IDLE_TIMEOUT_MINUTES", "5")
    monkeypatch.setenv("SESSION_ABSOLUTE_TIMEOUT_MINUTES", "60")
    try:
        reloaded = importlib.reload(panah_settings)
        assert reloaded.SESSION_IDLE_TIMEOUT == 300
        assert reloaded.SESSION_ABSOLUTE_TIMEOUT == 3600
        assert reloaded.SESSION_COOKIE_AGE == 3600
    finally:
        monkeypatch.undo()
        importlib.reload(panah_settings)


def test_sign_out_everywhere_ends_every_session_of_the_user(lawyer, paralegal, login):
    phone = login(lawyer)
    laptop = Client()
    from tests.signin import verified_login

    verified_login(laptop, lawyer)
    other_user = Client()
    verified_login(other_user, paralegal)
    assert UserSession.objects.filter(user=lawyer).count() == 2

    response = phone.post(reverse("accounts:sessions-end-all"))
    assert response.status_code == 302
    assert phone.get(CASES).status_code == 302
    assert laptop.get(CASES).status_code == 302
    assert other_user.get(CASES).status_code == 200
    event = Event.objects.get(verb="auth.sessions_ended")
    assert event.data["sessions"] == 2


def test_security_page_lists_the_users_sessions(login, lawyer):
    response = login(lawyer).get(reverse("accounts:security"))
    assert response.status_code == 200
    assert "this device" in response.content.decode()
    assert "Sign out everywhere" in response.content.decode()


def test_a_session_without_a_verified_second_factor_is_signed_out(login, lawyer):
    from django_otp import DEVICE_ID_SESSION_KEY

    client = login(lawyer)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get(CASES)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_changing_the_password_keeps_this_session_and_ends_the_others(login, lawyer):
    from tests.signin import verified_login

    here = login(lawyer)
    elsewhere = Client()
    verified_login(elsewhere, lawyer)
    response = here.post(
        reverse("accounts:password-change"),
        {"old_password": "pw", "new_password1": "a new long passphrase",
         "new_password2": "a new long passphrase"},
    )  # fmt: skip
    assert response.status_code == 302
    assert here.get(CASES).status_code == 200
    assert elsewhere.get(CASES).status_code == 302
    assert list(UserSession.objects.filter(user=lawyer).values_list("session_key", flat=True)) == [
        here.session.session_key
    ]
    assert Event.objects.filter(verb="auth.password_changed", actor=lawyer).exists()


def test_wrong_old_password_re_renders_with_a_400(login, lawyer):
    response = login(lawyer).post(
        reverse("accounts:password-change"),
        {"old_password": "nope", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 400
