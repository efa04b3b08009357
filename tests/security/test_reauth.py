from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts import sessions
from accounts.reauth import recent_auth_required
from casework.models import Role
from tests.signin import fresh_code_for


def make_stale(client):
    session = client.session
    session[sessions.AUTHENTICATED_AT] = sessions.now() - 3600
    session.save()


def role_url(user):
    return reverse("accounts:member-role", args=[user.membership.public_id])


def test_role_change_asks_to_re_authenticate_when_sign_in_is_old(login, admin_user, lawyer):
    client = login(admin_user)
    make_stale(client)
    response = client.post(role_url(lawyer), {"role": Role.SUPERVISOR})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.role == Role.LAWYER


def test_re_authenticating_allows_the_role_change(login, admin_user, lawyer):
    client = login(admin_user)
    make_stale(client)
    back = reverse("accounts:member-detail", args=[lawyer.membership.public_id])
    response = client.post(
        reverse("accounts:reauth"),
        {"password": "pw", "code": fresh_code_for(admin_user), "next": back},
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert client.post(role_url(lawyer), {"role": Role.SUPERVISOR}).status_code == 302
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.role == Role.SUPERVISOR


def test_re_authentication_with_a_wrong_password_is_refused(login, admin_user):
    client = login(admin_user)
    make_stale(client)
    response = client.post(
        reverse("accounts:reauth"), {"password": "nope", "code": fresh_code_for(admin_user)}
    )
    assert response.status_code == 400
    assert not sessions.authenticated_recently(client.session)


def test_decorator_lets_a_fresh_session_through_and_redirects_a_stale_one(rf: RequestFactory):
    @recent_auth_required
    def export(request):
        return HttpResponse("exported")

    request = rf.get("/cases/ISB-2026-0001/export/")
    request.session = {sessions.AUTHENTICATED_AT: sessions.now()}
    assert export(request).content == b"exported"

    request.session = {sessions.AUTHENTICATED_AT: sessions.now() - 3600}
    response = export(request)
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/accounts/reauthenticate/?next=%2Fcases%2FISB-2026-0001%2Fexport%2F"
    )
