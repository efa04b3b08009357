"""Finding 2 and the members' flow: a revoked member's access given back, from scratch.

Nothing the account held before comes back (sessions, tokens, second factor, password);
the admin re-authenticates, is asked to confirm, and the other admins are told. Revoking
asks for confirmation on a page of its own, with no script needed.
"""

import re
from urllib.parse import unquote

from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import Event, Notification, Role
from casework.timeline import event_sentence
from detainees.hearings.calendar_feed import calendar_feed_issue, calendar_feed_owner
from tests.factories import member
from tests.security.test_reauth import make_stale
from tests.signin import totp_device_for, verified_login


def _url(name, user):
    return reverse(f"accounts:{name}", args=[user.membership.public_id])


def _revoked(login, admin_user, lawyer):
    client = login(admin_user)
    assert client.post(_url("member-revoke", lawyer)).status_code == 302
    lawyer.refresh_from_db()
    assert not lawyer.is_active
    return client


def test_revoking_asks_for_confirmation_on_a_page_first(login, admin_user, lawyer):
    client = login(admin_user)
    detail = client.get(_url("member-detail", lawyer)).content.decode()
    # The member page only links to the confirmation; no form there revokes at once.
    assert f'action="{_url("member-revoke", lawyer)}"' not in detail
    assert f'href="{_url("member-revoke", lawyer)}"' in detail
    confirm = client.get(_url("member-revoke", lawyer))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Revoke lawyer's access?" in page
    assert f'method="post" action="{_url("member-revoke", lawyer)}"' in page
    lawyer.refresh_from_db()
    assert lawyer.is_active  # looking at the question changes nothing


def test_admin_reinstates_a_revoked_member_who_starts_from_scratch(
    login, admin_user, lawyer, django_capture_on_commit_callbacks
):
    seized_phone = Client()
    verified_login(seized_phone, lawyer)
    feed_token = calendar_feed_issue(user=lawyer)
    admin = _revoked(login, admin_user, lawyer)
    # A device planted while the account was disabled goes too.
    totp_device_for(lawyer)

    assert "Reinstate access" in admin.get(_url("member-detail", lawyer)).content.decode()
    assert admin.get(_url("member-reinstate", lawyer)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_url("member-reinstate", lawyer))
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.is_active
    assert not lawyer.has_usable_password()
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    # What was revoked stays revoked.
    assert seized_phone.get("/cases/").status_code == 302
    assert calendar_feed_owner(feed_token) is None
    assert (
        Client().post("/accounts/login/", {"username": "lawyer", "password": "pw"}).status_code
        == 400
    )

    event = Event.objects.get(verb="member.reinstated")
    assert event.actor == admin_user and event.data["devices_removed"] == 1
    assert "gave lawyer their access back" in event_sentence(event.verb, event.data)

    # A single-use link to choose a new password, then a new authenticator at sign-in.
    (message,) = [m for m in mail.outbox if m.to == [lawyer.email]]
    assert "gave you back access" in message.body
    link = re.search(r"https?://\S+(/accounts/activate/\S+/)", message.body).group(1)
    member_client = Client()
    form = member_client.get(link, follow=True)
    done = member_client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )
    assert done.status_code == 302
    signed_in = member_client.post(
        "/accounts/login/", {"username": "lawyer", "password": "a fresh long passphrase"}
    )
    assert signed_in["Location"] == reverse("accounts:enrol")


def test_reinstating_on_a_stale_session_asks_again(login, admin_user, lawyer):
    client = _revoked(login, admin_user, lawyer)
    make_stale(client)
    response = client.post(_url("member-reinstate", lawyer))
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert unquote(response["Location"]).endswith(_url("member-reinstate", lawyer))
    lawyer.refresh_from_db()
    assert not lawyer.is_active


def test_other_admins_are_told_of_a_reinstatement(login, admin_user, org, lawyer):
    second = member(org, Role.ADMIN, "second-admin")
    _revoked(login, admin_user, lawyer).post(_url("member-reinstate", lawyer))
    subjects = set(Notification.objects.filter(recipient=second).values_list("subject", flat=True))
    assert "Access reinstated: lawyer" in subjects
    assert not Notification.objects.filter(recipient=admin_user).exists()


def test_reinstating_an_active_member_is_refused_with_a_message(login, admin_user, lawyer):
    response = login(admin_user).post(_url("member-reinstate", lawyer))
    assert response.status_code == 400
    assert "has access already" in response.content.decode()
    assert not Event.objects.filter(verb="member.reinstated").exists()


def test_confirmation_and_reinstate_pages_are_hidden_from_strangers(
    admin_user, lawyer, assert_hidden_from_strangers, login, org
):
    assert_hidden_from_strangers(_url("member-revoke", lawyer))
    assert_hidden_from_strangers(_url("member-reinstate", lawyer))
    # Not an admin: 404 too, the supervisor included.
    supervisor = member(org, Role.SUPERVISOR, "another-supervisor")
    assert login(supervisor).get(_url("member-reinstate", lawyer)).status_code == 404


def test_the_member_form_offers_lawyer_by_default(login, admin_user):
    page = login(admin_user).get(reverse("accounts:member-create")).content.decode()
    assert re.search(r'<option value="lawyer" selected>', page)
