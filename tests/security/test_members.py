import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from casework.models import Event, Membership, Role
from tests.factories import member
from tests.signin import totp_device_for

User = get_user_model()


def detail(user):
    return reverse("accounts:member-detail", args=[user.membership.public_id])


def test_admin_lists_only_members_of_their_own_organisation(
    login, admin_user, lawyer, outsider, django_assert_max_num_queries
):
    client = login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:member-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "lawyer" in html
    assert outsider.username not in html


def test_member_pages_cost_the_same_queries_with_more_members(
    login, admin_user, org, django_assert_max_num_queries
):
    client = login(admin_user)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("accounts:member-list"))
    for n in range(5):
        member(org, Role.PARALEGAL, f"extra{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:member-list"))


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LAWYER, Role.PARALEGAL])
def test_non_admins_get_404_on_member_pages(login, org, role, lawyer):
    client = login(member(org, role, f"someone-{role}"))
    assert client.get(reverse("accounts:member-list")).status_code == 404
    assert client.get(reverse("accounts:member-create")).status_code == 404
    assert client.get(detail(lawyer)).status_code == 404


def test_member_pages_are_hidden_from_strangers(admin_user, lawyer, assert_hidden_from_strangers):
    for name in ["member-detail", "member-role", "member-second-factor-reset", "member-revoke"]:
        url = reverse(f"accounts:{name}", args=[lawyer.membership.public_id])
        methods = ("get",) if name == "member-detail" else ("post",)
        assert_hidden_from_strangers(url, methods=methods)


def test_other_organisations_admin_gets_404_for_our_member(login, outsiders, lawyer):
    other_admin = next(u for u in outsiders if u.membership.role == Role.ADMIN)
    client = login(other_admin)
    assert client.get(detail(lawyer)).status_code == 404
    url = reverse("accounts:member-revoke", args=[lawyer.membership.public_id])
    assert client.post(url).status_code == 404
    lawyer.refresh_from_db()
    assert lawyer.is_active


def test_admin_creates_a_member_who_sets_a_password_by_email_link(
    login, admin_user, org, client, django_capture_on_commit_callbacks
):
    admin = login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:member-create"),
            {"username": "newlawyer", "email": "new@example.org", "first_name": "Nadia",
             "last_name": "Karimi", "role": Role.LAWYER},
        )  # fmt: skip
    assert response.status_code == 302
    created = User.objects.get(username="newlawyer")
    assert created.membership.organisation == org
    assert not created.has_usable_password()
    assert Event.objects.filter(verb="member.created", actor=admin_user).exists()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+(/accounts/activate/\S+/)", message.body).group(1)
    # The link names the member by their public id, never by the user's sequential key.
    uidb64 = link.split("/")[3]
    assert urlsafe_base64_decode(uidb64).decode() == str(created.membership.public_id)
    forged = link.replace(uidb64, urlsafe_base64_encode(force_bytes(created.pk)))
    assert "has been used" in client.get(forged, follow=True).content.decode()

    admin.post(reverse("logout"))
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert done.status_code == 302
    created.refresh_from_db()
    assert created.check_password("a long new passphrase")
    # The link works once.
    assert "has been used" in client.get(link, follow=True).content.decode()


def test_duplicate_username_re_renders_the_form_with_a_message(login, admin_user, lawyer):
    response = login(admin_user).post(
        reverse("accounts:member-create"),
        {"username": "LAWYER", "email": "x@example.org", "role": Role.LAWYER},
    )
    assert response.status_code == 400
    assert "taken" in response.content.decode()
    assert 'value="LAWYER"' in response.content.decode()


def test_role_change_is_audited(login, admin_user, lawyer):
    login(admin_user).post(
        reverse("accounts:member-role", args=[lawyer.membership.public_id]),
        {"role": Role.SUPERVISOR},
    )
    event = Event.objects.get(verb="member.role_changed")
    assert event.actor == admin_user
    assert event.data["from"] == Role.LAWYER and event.data["to"] == Role.SUPERVISOR


def test_the_only_admin_cannot_be_demoted(login, admin_user):
    url = reverse("accounts:member-role", args=[admin_user.membership.public_id])
    response = login(admin_user).post(url, {"role": Role.LAWYER})
    assert response.status_code == 400
    assert "only admin" in response.content.decode()
    assert Membership.objects.get(user=admin_user).role == Role.ADMIN


def test_invalid_role_is_a_400(login, admin_user, lawyer):
    url = reverse("accounts:member-role", args=[lawyer.membership.public_id])
    assert login(admin_user).post(url, {"role": "overlord"}).status_code == 400


def test_admin_resets_a_lost_second_factor(login, admin_user, lawyer, client):
    from django.test import Client

    from tests.signin import verified_login

    lawyers_phone = Client()
    verified_login(lawyers_phone, lawyer)
    url = reverse("accounts:member-second-factor-reset", args=[lawyer.membership.public_id])
    assert login(admin_user).post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=lawyer).exists()
    assert lawyers_phone.get("/cases/").status_code == 302
    assert Event.objects.filter(verb="member.second_factor_reset").exists()
    # The next sign-in enrols a new authenticator.
    response = Client().post("/accounts/login/", {"username": "lawyer", "password": "pw"})
    assert response["Location"] == reverse("accounts:enrol")


def test_member_detail_shows_actions_and_history(login, admin_user, lawyer):
    totp_device_for(lawyer)
    response = login(admin_user).get(detail(lawyer))
    html = response.content.decode()
    assert "Revoke access now" in html and "Reset second factor" in html
    assert UserSession.objects.filter(user=admin_user).exists()
