"""Finding 1: a second factor shared with someone who knew the password during set-up.

The attack: during a set-up window (a new account, or after an admin reset the second
factor) someone who knows the password opens the enrolment page, notes the secret and
leaves; the real user then enrols that same secret, and the attacker signs in with the
password and a code from the noted secret.
"""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.members import member_second_factor_reset
from casework.models import Notification
from tests.signin import current_code, totp_device_for, verified_login

LOGIN = "/accounts/login/"
ENROL = reverse("accounts:enrol")


def _password_step(client, username):
    response = client.post(LOGIN, {"username": username, "password": "pw"})
    assert response["Location"] == ENROL
    return response


def _shown_secret(client) -> str:
    html = client.get(ENROL).content.decode()
    return re.search(r'class="secret-key"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def test_each_visit_shows_a_fresh_secret_and_discards_the_last(client, lawyer):
    _password_step(client, "lawyer")
    first = _shown_secret(client)
    second = _shown_secret(client)
    assert first != second
    assert TOTPDevice.objects.filter(user=lawyer, confirmed=False).count() == 1


def test_a_secret_noted_by_someone_else_never_becomes_the_users_factor(lawyer):
    attacker, victim = Client(), Client()
    _password_step(attacker, "lawyer")
    noted = _shown_secret(attacker)
    noted_key = TOTPDevice.objects.get(user=lawyer, confirmed=False).key

    _password_step(victim, "lawyer")
    assert _shown_secret(victim) != noted
    key = TOTPDevice.objects.get(user=lawyer, confirmed=False).key
    done = victim.post(ENROL, {"code": current_code(key)})
    assert done.status_code == 200 and "codes" in done.context

    confirmed = TOTPDevice.objects.get(user=lawyer, confirmed=True)
    assert confirmed.key != noted_key
    # The attacker's noted secret is useless at the verification step.
    attacker.post(LOGIN, {"username": "lawyer", "password": "pw"})
    TOTPDevice.objects.filter(pk=confirmed.pk).update(last_t=-1)
    response = attacker.post(reverse("accounts:verify"), {"code": current_code(noted_key)})
    assert response.status_code == 400


def test_confirmation_binds_to_the_session_that_was_shown_the_secret(lawyer):
    """Another session cannot confirm the secret it did not see (nor one it saw earlier)."""
    shown, other = Client(), Client()
    _password_step(shown, "lawyer")
    _shown_secret(shown)
    key = TOTPDevice.objects.get(user=lawyer, confirmed=False).key
    _password_step(other, "lawyer")  # pending sign-in, never shown this device
    response = other.post(ENROL, {"code": current_code(key)})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lawyer, confirmed=True).exists()


def test_a_wrong_code_keeps_the_same_secret_for_this_session(client, lawyer):
    _password_step(client, "lawyer")
    shown = _shown_secret(client)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 400
    assert response.context["secret"].replace(" ", "") == shown


def test_confirming_ends_every_other_session_and_tells_the_user(
    lawyer, org, django_capture_on_commit_callbacks
):
    lawyer.email = "lawyer@example.org"
    lawyer.save(update_fields=["email"])
    elsewhere = Client()
    verified_login(elsewhere, lawyer)
    TOTPDevice.objects.filter(user=lawyer).delete()  # a set-up window
    # A deleted second factor already ends its sessions (django-otp checks the device).
    assert elsewhere.get("/cases/").status_code == 302

    client = Client()
    _password_step(client, "lawyer")
    _shown_secret(client)
    key = TOTPDevice.objects.get(user=lawyer, confirmed=False).key
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ENROL, {"code": current_code(key)}).status_code == 200

    assert elsewhere.get("/cases/").status_code == 302
    assert client.get("/cases/").status_code == 200
    assert lawyer.signed_in_sessions.count() == 1
    note = Notification.objects.get(recipient=lawyer)
    assert "set up" in note.subject and note.organisation == org
    assert [m.to for m in mail.outbox] == [["lawyer@example.org"]]


def test_a_reset_second_factor_is_notified_to_the_member(
    admin_user, lawyer, django_capture_on_commit_callbacks
):
    lawyer.email = "lawyer@example.org"
    lawyer.save(update_fields=["email"])
    totp_device_for(lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        member_second_factor_reset(membership=lawyer.membership, by=admin_user)
    note = Notification.objects.get(recipient=lawyer)
    assert "reset" in note.subject
    assert mail.outbox[-1].to == ["lawyer@example.org"]
