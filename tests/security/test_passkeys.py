"""Passkeys as a second factor beside TOTP: who may add one, signing in, and what ends them.

The ceremonies run against a software authenticator (tests/passkeys.py), so the app's
real checks of challenge, origin, relying party, signature and counter are exercised.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import sessions
from accounts.members import member_reinstate, member_revoke_access, member_second_factor_reset
from accounts.models import Passkey, UserSession
from accounts.passkeys import passkey_registration_begin
from accounts.services import sessions_end_all
from casework.models import Event as AuditEvent
from casework.models import Notification
from tests.passkeys import HOST, SoftAuthenticator, add_passkey, passkey_row, post_json
from tests.signin import totp_device_for, verified_login

User = get_user_model()
LOGIN = "/accounts/login/"
BEGIN = reverse("accounts:passkey-register-begin")
VERIFY_BEGIN = reverse("accounts:passkey-verify-begin")
VERIFY_COMPLETE = reverse("accounts:passkey-verify-complete")


def make_stale(client):
    session = client.session
    session[sessions.AUTHENTICATED_AT] = sessions.now() - 3600
    session.save()


def password_step(client, username="lawyer"):
    # The member has an authenticator already, so the password leads to the second step.
    totp_device_for(User.objects.get(username=username))
    return client.post(LOGIN, {"username": username, "password": "pw"}, HTTP_HOST=HOST)


def sign_in_with_passkey(client, authenticator, username="lawyer"):
    password_step(client, username)
    options = post_json(client, VERIFY_BEGIN)
    assert options.status_code == 200, options.content
    return post_json(client, VERIFY_COMPLETE, {"credential": authenticator.get(options.json())})


# Adding a passkey


def test_signed_out_visitors_cannot_start_adding_a_passkey(client, lawyer):
    response = post_json(client, BEGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "panah_passkey_register_state" not in client.session


def test_a_first_enrolment_window_cannot_add_a_passkey(client, lawyer):
    TOTPDevice.objects.filter(user=lawyer).delete()
    response = client.post(LOGIN, {"username": "lawyer", "password": "pw"})
    assert response["Location"] == reverse("accounts:enrol")
    # Password given, no second factor yet: not signed in, so the ceremony is out of reach.
    assert post_json(client, BEGIN).status_code == 302
    assert "panah_passkey_register_state" not in client.session
    # And the service refuses a member without an authenticator, whoever calls it.
    with pytest.raises(ValidationError):
        passkey_registration_begin(user=lawyer, helper=None)


def test_adding_a_passkey_asks_to_re_authenticate_first(login, lawyer):
    client = login(lawyer)
    make_stale(client)
    page = client.get(reverse("accounts:passkey-new"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:reauth"))
    response = post_json(client, BEGIN)
    assert response.status_code == 403
    assert response.json()["redirect"].startswith(reverse("accounts:reauth"))
    assert "panah_passkey_register_state" not in client.session


def test_a_page_left_open_past_re_authentication_cannot_finish_adding(login, lawyer):
    client = login(lawyer)
    options = post_json(client, BEGIN).json()
    make_stale(client)
    answer = SoftAuthenticator().create(options)
    done = post_json(
        client,
        reverse("accounts:passkey-register-complete"),
        {"name": "Late", "credential": answer},
    )
    assert done.status_code == 403
    assert not Passkey.objects.filter(user=lawyer).exists()


def test_a_passkey_is_added_listed_audited_and_told(
    login, lawyer, admin_user, django_capture_on_commit_callbacks
):
    client = login(lawyer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _, done = add_passkey(client, name="Office laptop")
    assert done.status_code == 200, done.content
    assert done.json()["redirect"] == reverse("accounts:security")

    passkey = Passkey.objects.get(user=lawyer)
    assert passkey.name == "Office laptop" and passkey.confirmed
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Office laptop" in page and "not used yet" in page
    assert reverse("accounts:passkey-remove", args=[passkey.public_id]) in page

    event = AuditEvent.objects.get(verb="auth.passkey_added")
    assert event.data == {"passkey": str(passkey.public_id), "name": "Office laptop"}
    assert passkey.public_key.hex() not in str(event.data)
    told = {m.to[0] for m in mail.outbox}
    assert {lawyer.email, admin_user.email} <= told
    assert Notification.objects.filter(recipient=lawyer, key__startswith="auth.passkey_added")
    assert Notification.objects.filter(recipient=admin_user, subject__contains="Passkey added")


def test_a_forged_or_replayed_registration_is_refused(login, lawyer):
    client = login(lawyer)
    options = post_json(client, BEGIN).json()
    forged = SoftAuthenticator(origin="https://panah.example.net").create(options)
    complete = reverse("accounts:passkey-register-complete")
    refused = post_json(client, complete, {"name": "Phished", "credential": forged})
    assert refused.status_code == 400
    # The challenge was used up by that attempt: a good answer to it is refused too.
    good = SoftAuthenticator().create(options)
    assert post_json(client, complete, {"name": "Late", "credential": good}).status_code == 400
    assert not Passkey.objects.filter(user=lawyer).exists()


def test_a_passkey_needs_a_name(login, lawyer):
    _, done = add_passkey(login(lawyer), name="   ")
    assert done.status_code == 400
    assert "name" in done.json()["error"]
    assert not Passkey.objects.filter(user=lawyer).exists()


# Signing in with a passkey


def test_the_second_step_offers_a_passkey_only_to_members_with_one(client, lawyer):
    password_step(client)
    page = client.get(reverse("accounts:verify"), HTTP_HOST=HOST).content.decode()
    assert "Enter your code" in page and "Use a passkey" not in page
    passkey_row(lawyer)
    page = client.get(reverse("accounts:verify"), HTTP_HOST=HOST).content.decode()
    assert "Use a passkey" in page
    # At an address the passkey is not bound to (make run's 127.0.0.1), it is not offered.
    page = client.get(reverse("accounts:verify"), HTTP_HOST="127.0.0.1").content.decode()
    assert "Enter your code" in page and "Use a passkey" not in page


def test_the_add_page_says_where_passkeys_work_when_opened_elsewhere(login, lawyer):
    client = login(lawyer)
    here = client.get(reverse("accounts:passkey-new"), HTTP_HOST=HOST).content.decode()
    assert 'data-passkey="register"' in here
    elsewhere = client.get(reverse("accounts:passkey-new"), HTTP_HOST="127.0.0.1").content
    assert b'data-passkey="register"' not in elsewhere
    assert b"Passkeys work only at localhost" in elsewhere


def test_a_passkey_signs_in_as_the_second_factor_exactly_like_a_code(login, lawyer):
    authenticator, _ = add_passkey(login(lawyer))
    passkey = Passkey.objects.get(user=lawyer)
    browser = Client()
    done = sign_in_with_passkey(browser, authenticator)
    assert done.status_code == 200, done.content
    assert done.json()["redirect"] == reverse("casework:case-list")

    assert browser.get(reverse("casework:case-list"), HTTP_HOST=HOST).status_code == 200
    session = browser.session
    assert session["otp_device_id"] == passkey.persistent_id
    assert sessions.SIGNED_IN_AT in session
    assert UserSession.objects.filter(user=lawyer, session_key=session.session_key).exists()
    logged_in = AuditEvent.objects.filter(verb="auth.logged_in").latest("pk")
    assert logged_in.data["second_factor"] == "Passkey"
    used = AuditEvent.objects.get(verb="auth.passkey_used")
    assert used.data == {"passkey": str(passkey.public_id)}
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None


def test_a_passkey_without_the_password_step_is_refused(client, lawyer):
    assert post_json(client, VERIFY_BEGIN).status_code == 403
    assert post_json(client, VERIFY_COMPLETE).status_code == 403


def test_another_members_passkey_is_refused_and_counted(login, lawyer, colleague):
    theirs, _ = add_passkey(login(colleague))
    passkey_row(lawyer)
    browser = Client()
    done = sign_in_with_passkey(browser, theirs, username="lawyer")
    assert done.status_code == 400
    assert "_auth_user_id" not in browser.session
    failed = AuditEvent.objects.filter(verb="auth.login_failed").latest("pk")
    assert failed.data["stage"] == "second_factor" and failed.data["user"] == lawyer.pk


def test_a_replayed_passkey_answer_is_refused(login, lawyer):
    authenticator, _ = add_passkey(login(lawyer))
    browser = Client()
    password_step(browser)
    options = post_json(browser, VERIFY_BEGIN).json()
    answer = authenticator.get(options)
    assert post_json(browser, VERIFY_COMPLETE, {"credential": answer}).status_code == 200
    replay = Client()
    password_step(replay)
    post_json(replay, VERIFY_BEGIN)
    assert post_json(replay, VERIFY_COMPLETE, {"credential": answer}).status_code == 400


def test_passkey_failures_are_throttled_like_wrong_codes(client, lawyer, settings):
    passkey_row(lawyer)
    password_step(client)
    for _ in range(settings.LOGIN_THROTTLE_FREE_ATTEMPTS + 1):
        post_json(client, VERIFY_BEGIN)
        post_json(client, VERIFY_COMPLETE, {"credential": {"id": "forged"}})
    response = post_json(client, VERIFY_BEGIN)
    assert response.status_code == 429
    assert "Wait" in response.json()["error"]


# Removing and what ends passkeys


def test_removing_a_passkey_asks_to_re_authenticate_then_removes_and_tells(
    login, lawyer, admin_user, django_capture_on_commit_callbacks
):
    client = login(lawyer)
    passkey = passkey_row(lawyer, name="Old phone")
    url = reverse("accounts:passkey-remove", args=[passkey.public_id])
    make_stale(client)
    stale = client.post(url)
    assert stale["Location"].startswith(reverse("accounts:reauth"))
    assert Passkey.objects.filter(pk=passkey.pk).exists()

    client = login(lawyer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url)["Location"] == reverse("accounts:security")
    assert not Passkey.objects.filter(pk=passkey.pk).exists()
    event = AuditEvent.objects.get(verb="auth.passkey_removed")
    assert event.data == {"passkey": str(passkey.public_id), "name": "Old phone"}
    assert {lawyer.email, admin_user.email} <= {m.to[0] for m in mail.outbox}


def test_someone_elses_passkey_is_not_found(assert_hidden_from_strangers, lawyer, admin_user):
    passkey = passkey_row(lawyer)
    url = reverse("accounts:passkey-remove", args=[passkey.public_id])
    assert_hidden_from_strangers(url)
    # Not even the organisation's admin removes it this way: they reset the second factor.
    admin = Client()
    verified_login(admin, admin_user)
    assert admin.post(url).status_code == 404
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_an_admin_reset_removes_passkeys_and_ends_a_passkey_session(login, lawyer, admin_user):
    authenticator, _ = add_passkey(login(lawyer))
    browser = Client()
    assert sign_in_with_passkey(browser, authenticator).status_code == 200
    member_second_factor_reset(membership=lawyer.membership, by=admin_user)
    assert not Passkey.objects.filter(user=lawyer).exists()
    response = browser.get(reverse("casework:case-list"), HTTP_HOST=HOST)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_revoking_and_reinstating_remove_passkeys(lawyer, admin_user):
    totp_device_for(lawyer)
    passkey_row(lawyer)
    summary = member_revoke_access(membership=lawyer.membership, by=admin_user)
    assert summary["devices_removed"] == 2  # the authenticator and the passkey
    assert not Passkey.objects.filter(user=lawyer).exists()
    # A passkey left behind while revoked (say, restored from a backup) does not survive.
    passkey_row(lawyer)
    member_reinstate(membership=lawyer.membership, by=admin_user)
    assert not Passkey.objects.filter(user=lawyer).exists()


def test_sign_out_everywhere_ends_passkey_sessions_and_keeps_the_factors(login, lawyer):
    """As with the authenticator app: every session ends; the factors stay the member's."""
    authenticator, _ = add_passkey(login(lawyer))
    browser = Client()
    assert sign_in_with_passkey(browser, authenticator).status_code == 200
    sessions_end_all(user=lawyer, by=lawyer)
    response = browser.get(reverse("casework:case-list"), HTTP_HOST=HOST)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert Passkey.objects.filter(user=lawyer).exists()
    assert totp_device_for(lawyer).confirmed
