"""With the mail server down, the actions that send mail still take effect: no request
talks to the mail server (finding: removing a team member, an admin's second-factor reset
and confirming an enrolment answered 500 and rolled back). Their emails are sent once
the server is back.

These tests commit for real, so the email is attempted where production attempts it (in
process here, as in eager mode), against a port where nothing listens."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from api.services import api_token_create
from casework.models import Notification
from casework.outbox import sweep
from detainees.hearings.calendar_feed import calendar_feed_issue, calendar_feed_owner
from tests.factories import open_case
from tests.outbox import MAIL_DOWN, make_due, waiting
from tests.signin import current_code, verified_login

pytestmark = pytest.mark.django_db(transaction=True)


def api_client(user) -> APIClient:
    _, raw = api_token_create(user=user, name="script", scope="read", days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def delivered_once_the_server_is_back(mailoutbox, to: str) -> None:
    emails = waiting(task__endswith="notification_email")
    assert emails.exists() and all(m.last_error == "ConnectionRefusedError" for m in emails)
    assert mailoutbox == []
    make_due()
    assert sweep() >= 1
    assert not waiting().exists()
    assert to in [address for m in mailoutbox for address in m.to]
    sent = len(mailoutbox)
    make_due()
    assert sweep() == 0
    assert len(mailoutbox) == sent


def test_removing_a_team_member_takes_effect_with_the_mail_server_down(
    login, lawyer, paralegal, supervisor, admin_user, mailoutbox
):
    case = open_case(lawyer)
    client = login(supervisor)
    assign = reverse("casework:case-assign", args=[case.reference])
    client.post(assign, {"lead_lawyer": lawyer.pk, "team": [paralegal.pk]})
    script = api_client(paralegal)
    assert script.get(f"/api/v1/cases/{case.reference}/").status_code == 200
    mailoutbox.clear()
    with override_settings(**MAIL_DOWN):
        response = client.post(assign, {"lead_lawyer": lawyer.pk, "team": []})
    assert response.status_code == 302
    assert script.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    assert Notification.objects.filter(recipient=admin_user, subject__contains="Team").exists()
    delivered_once_the_server_is_back(mailoutbox, admin_user.email)


def test_a_second_factor_reset_takes_effect_with_the_mail_server_down(
    login, admin_user, lawyer, mailoutbox
):
    session = Client()
    verified_login(session, lawyer)
    feed = calendar_feed_issue(user=lawyer)
    script = api_client(lawyer)
    assert script.get("/api/v1/cases/").status_code == 200
    url = reverse("accounts:member-second-factor-reset", args=[lawyer.membership.public_id])
    with override_settings(**MAIL_DOWN):
        response = login(admin_user).post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    assert calendar_feed_owner(feed) is None
    assert script.get("/api/v1/cases/").status_code == 401
    assert session.get("/cases/").status_code == 302  # signed out
    delivered_once_the_server_is_back(mailoutbox, lawyer.email)


def test_confirming_an_enrolment_takes_effect_with_the_mail_server_down(lawyer, mailoutbox):
    elsewhere = Client()
    verified_login(elsewhere, lawyer)
    TOTPDevice.objects.filter(user=lawyer).delete()  # a set-up window
    client = Client()
    client.post("/accounts/login/", {"username": "lawyer", "password": "pw"})
    client.get(reverse("accounts:enrol"))
    key = TOTPDevice.objects.get(user=lawyer, confirmed=False).key
    with override_settings(**MAIL_DOWN):
        response = client.post(reverse("accounts:enrol"), {"code": current_code(key)})
    assert response.status_code == 200 and "codes" in response.context
    assert TOTPDevice.objects.get(user=lawyer).confirmed
    assert lawyer.signed_in_sessions.count() == 1  # every other session ended
    assert client.get("/cases/").status_code == 200
    delivered_once_the_server_is_back(mailoutbox, lawyer.email)
