import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import recovery_codes_regenerate
from casework.models import Event
from tests.signin import current_code, fresh_code_for, totp_device_for

LOGIN = "/accounts/login/"
CASES = "/cases/"


def password_step(client, username, password="pw", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_password_alone_does_not_sign_in(client, lawyer):
    totp_device_for(lawyer)
    response = password_step(client, "lawyer")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    page = client.get(CASES)
    assert page.status_code == 302
    assert page["Location"].startswith(LOGIN)


def test_password_then_code_signs_in_and_is_audited(client, lawyer, org):
    code = fresh_code_for(lawyer)
    password_step(client, "lawyer", next="/notifications/")
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    assert client.get(CASES).status_code == 200
    event = Event.objects.filter(verb="auth.logged_in").get()
    assert event.actor == lawyer
    assert event.organisation == org
    assert lawyer.signed_in_sessions.count() == 1


def test_wrong_code_is_refused_and_recorded(client, lawyer):
    fresh_code_for(lawyer)
    password_step(client, "lawyer")
    response = client.post(reverse("accounts:verify"), {"code": "000000"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert client.get(CASES).status_code == 302
    failed = Event.objects.filter(verb="auth.login_failed").get()
    assert failed.data["stage"] == "second_factor"


def test_verify_without_password_step_sends_back_to_sign_in(client, lawyer):
    response = client.post(reverse("accounts:verify"), {"code": fresh_code_for(lawyer)})
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_open_redirect_in_next_is_ignored(client, lawyer):
    code = fresh_code_for(lawyer)
    password_step(client, "lawyer", next="https://evil.example/")
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response["Location"] == reverse("casework:case-list")


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(client, lawyer):
    response = password_step(client, "lawyer")
    assert response["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("</head>")[1]
    secret = re.search(r'class="secret-key"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=lawyer, confirmed=False)
    assert secret  # the same key the QR code carries
    done = client.post(reverse("accounts:enrol"), {"code": current_code(device.key)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=lawyer).confirmed
    assert client.get(CASES).status_code == 200
    assert Event.objects.filter(verb="auth.second_factor_enrolled", actor=lawyer).exists()


def test_wrong_enrolment_code_keeps_the_page_with_a_message(client, lawyer):
    password_step(client, "lawyer")
    client.get(reverse("accounts:enrol"))
    response = client.post(reverse("accounts:enrol"), {"code": "12"})
    assert response.status_code == 400
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lawyer, confirmed=True).exists()


def test_a_user_with_an_authenticator_cannot_enrol_another(client, lawyer):
    # Otherwise a stolen password alone would let a thief add their own phone.
    totp_device_for(lawyer)
    password_step(client, "lawyer")
    response = client.get(reverse("accounts:enrol"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert TOTPDevice.objects.filter(user=lawyer).count() == 1


def test_recovery_code_signs_in_once(client, lawyer):
    totp_device_for(lawyer)
    code = recovery_codes_regenerate(user=lawyer)[0]
    password_step(client, "lawyer")
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
    assert client.get(CASES).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()
    client.post(reverse("logout"))
    password_step(client, "lawyer")
    assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 400


def test_pending_sign_in_expires(client, lawyer, settings):
    settings.LOGIN_PENDING_MAX_AGE = -1
    code = fresh_code_for(lawyer)
    password_step(client, "lawyer")
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response["Location"] == LOGIN


@pytest.mark.parametrize("data", [{}, {"username": "x" * 5000, "password": "y"}])
def test_malformed_sign_in_is_a_400(client, db, data):
    assert client.post(LOGIN, data).status_code == 400


def test_logout_ends_the_session_record(login, lawyer):
    client = login(lawyer)
    assert lawyer.signed_in_sessions.count() == 1
    client.post(reverse("logout"))
    assert lawyer.signed_in_sessions.count() == 0
    assert client.get(CASES).status_code == 302


def test_new_recovery_codes_replace_the_old(login, lawyer):
    client = login(lawyer)
    old = recovery_codes_regenerate(user=lawyer)
    response = client.post(reverse("accounts:recovery-codes"))
    assert response.status_code == 200
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(
        StaticToken.objects.filter(device__user=lawyer).values_list("token", flat=True)
    ) == set(new)


def test_admin_site_login_form_cannot_bypass_the_second_factor(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    response = client.post("/django-admin/login/", {"username": "root", "password": "pw"})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert client.get("/django-admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_signed_in_non_superuser_gets_404_from_the_admin_login(login, lawyer):
    assert login(lawyer).get("/django-admin/login/").status_code == 404
