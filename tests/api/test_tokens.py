"""Personal access tokens: made in the profile, shown once, kept hashed, scoped, expiring,
revocable one by one and with everything else the account holds."""

import hashlib
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import tokens_revoke_for_user
from casework.models import Event
from tests.api.conftest import token_client


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def make_token(client, name="Office sheet", scope="read", days=30) -> str:
    response = client.post(
        reverse("api_web:token-list"), {"name": name, "scope": scope, "days": days}
    )
    assert response.status_code == 200
    return response.context["created"]


def test_token_is_shown_once_and_stored_only_as_a_hash(login, lawyer):
    client = login(lawyer)
    raw = make_token(client)
    token = ApiToken.objects.get(user=lawyer)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.prefix, token.name, token.token_hash}
    assert raw.startswith(token.prefix)
    listing = client.get(reverse("api_web:token-list")).content.decode()
    assert "Office sheet" in listing and token.prefix in listing and raw not in listing
    assert bearer(raw).get("/api/v1/cases/").status_code == 200
    assert Event.objects.filter(verb="api_token.created", actor=lawyer).exists()


def test_token_form_refuses_a_bad_lifetime(login, lawyer):
    response = login(lawyer).post(
        reverse("api_web:token-list"), {"name": "x", "scope": "read", "days": 5000}
    )
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_read_only_token_cannot_write(lawyer, case):
    api = token_client(lawyer, "read")
    assert api.get(f"/api/v1/cases/{case.reference}/").status_code == 200
    response = api.patch(
        f"/api/v1/cases/{case.reference}/person/", {"languages": "Dari"}, format="json"
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]
    case.person.refresh_from_db()
    assert case.person.languages == ""


def test_expired_token_is_refused(lawyer):
    api = token_client(lawyer)
    ApiToken.objects.filter(user=lawyer).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get("/api/v1/cases/")
    assert response.status_code == 401
    assert "expired or been revoked" in response.json()["message"]


def test_requests_without_or_with_a_made_up_token_are_refused(db):
    assert APIClient().get("/api/v1/cases/").status_code == 401
    assert bearer("pnh_not-a-real-token").get("/api/v1/cases/").status_code == 401
    malformed = APIClient()
    malformed.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert malformed.get("/api/v1/cases/").status_code == 401


def test_owner_revokes_one_token_and_others_cannot(login, lawyer, colleague):
    client = login(lawyer)
    raw = make_token(client)
    token = ApiToken.objects.get(user=lawyer)
    url = reverse("api_web:token-revoke", kwargs={"token_id": token.public_id})
    assert login(colleague).post(url).status_code == 404
    assert bearer(raw).get("/api/v1/cases/").status_code == 200
    assert login(lawyer).post(url).status_code == 302
    assert bearer(raw).get("/api/v1/cases/").status_code == 401


def test_a_deactivated_user_s_token_stops(lawyer):
    api = token_client(lawyer)
    lawyer.is_active = False
    lawyer.save(update_fields=["is_active"])
    assert api.get("/api/v1/cases/").status_code == 401


def test_sign_out_everywhere_revokes_tokens(login, lawyer):
    api = token_client(lawyer)
    login(lawyer).post(reverse("accounts:sessions-end-all"))
    assert api.get("/api/v1/cases/").status_code == 401
    event = Event.objects.get(verb="api_token.revoked")
    assert event.data["tokens"] == 1
    ended = Event.objects.get(verb="auth.sessions_ended")
    assert ended.data["reason"] == "signed_out_everywhere"
    assert ended.data["tokens_revoked"]["api_tokens"] == 1


def test_password_change_revokes_tokens(login, lawyer):
    api = token_client(lawyer)
    response = login(lawyer).post(
        reverse("accounts:password-change"),
        {"old_password": "pw", "new_password1": "a-long-new-passphrase-71",
         "new_password2": "a-long-new-passphrase-71"},
    )  # fmt: skip
    assert response.status_code == 302
    assert api.get("/api/v1/cases/").status_code == 401


def test_second_factor_reset_revokes_tokens(login, admin_user, lawyer):
    api = token_client(lawyer)
    url = reverse("accounts:member-second-factor-reset", args=[lawyer.membership.public_id])
    assert login(admin_user).post(url).status_code == 302
    assert api.get("/api/v1/cases/").status_code == 401


def test_revoke_access_now_revokes_tokens(login, admin_user, lawyer):
    api = token_client(lawyer)
    url = reverse("accounts:member-revoke", args=[lawyer.membership.public_id])
    assert login(admin_user).post(url).status_code == 302
    assert api.get("/api/v1/cases/").status_code == 401
    assert Event.objects.get(verb="api_token.revoked").actor == admin_user


def test_revoking_for_a_user_touches_only_their_live_tokens(lawyer, colleague):
    token_client(lawyer)
    token_client(lawyer)
    other = token_client(colleague)
    assert tokens_revoke_for_user(user=lawyer) == 2
    assert tokens_revoke_for_user(user=lawyer) == 0
    assert other.get("/api/v1/cases/").status_code == 200


@override_settings(
    API_THROTTLE_RATES={"token": "3/minute", "user": "3/minute", "inbox": "3/minute",
                        "anonymous": "3/minute"}
)  # fmt: skip
def test_each_token_has_its_own_rate_limit(lawyer):
    first, second = token_client(lawyer), token_client(lawyer)
    assert [first.get("/api/v1/cases/").status_code for _ in range(3)] == [200, 200, 200]
    throttled = first.get("/api/v1/cases/")
    assert throttled.status_code == 429
    assert throttled.json()["message"].startswith("Too many requests")
    assert second.get("/api/v1/cases/").status_code == 200


@pytest.mark.parametrize("scope", ["read", "read_write"])
def test_a_token_acts_as_its_user_only(scope, lawyer, case, colleague):
    # The colleague's token, whatever its scope, does not open the lawyer's case.
    assert token_client(colleague, scope).get(f"/api/v1/cases/{case.reference}/").status_code == 404
