from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from casework.models import Event
from casework.registry import token_revokers
from detainees.hearings.calendar_feed import calendar_feed_issue, calendar_feed_owner
from tests.signin import verified_login


def revoke(client, user):
    return client.post(reverse("accounts:member-revoke", args=[user.membership.public_id]))


def test_revoke_access_now_disables_and_ends_everything_at_once(login, admin_user, lawyer):
    seized_phone, laptop = Client(), Client()
    verified_login(seized_phone, lawyer)
    verified_login(laptop, lawyer)
    feed_token = calendar_feed_issue(user=lawyer)
    assert calendar_feed_owner(feed_token) == lawyer

    response = revoke(login(admin_user), lawyer)

    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert not lawyer.is_active
    assert not lawyer.has_usable_password()
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    assert not UserSession.objects.filter(user=lawyer).exists()
    assert seized_phone.get("/cases/").status_code == 302
    assert laptop.get("/cases/").status_code == 302
    assert calendar_feed_owner(feed_token) is None
    event = Event.objects.get(verb="member.access_revoked")
    assert event.actor == admin_user
    assert event.data["sessions_ended"] == 2
    assert event.data["tokens_revoked"] == {"calendar_feed": 1, "api_tokens": 0}


def test_a_revoked_member_cannot_sign_in_again(login, admin_user, lawyer):
    revoke(login(admin_user), lawyer)
    response = Client().post("/accounts/login/", {"username": "lawyer", "password": "pw"})
    assert response.status_code == 400


def test_admin_cannot_revoke_their_own_access(login, admin_user):
    response = revoke(login(admin_user), admin_user)
    assert response.status_code == 400
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_every_registered_token_revoker_exists_and_takes_user_and_by(lawyer, admin_user):
    assert set(token_revokers) >= {"calendar_feed", "api_tokens"}
    for revoke in token_revokers.values():
        assert revoke(user=lawyer, by=admin_user) in (0, 1, False, True)
