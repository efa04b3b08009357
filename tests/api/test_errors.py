"""One error shape; bad input is a 400 that says what is wrong, never a 500."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.api.conftest import token_client


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"message", "field_errors"}
    assert body["message"]
    return body


@pytest.fixture
def api(lawyer):
    return token_client(lawyer)


def test_malformed_json(api):
    response = api.generic(
        "POST", "/api/v1/cases/", '{"given_name": "Ali",', content_type="application/json"
    )
    assert "not valid JSON" in assert_error(response, 400)["message"]


def test_a_list_instead_of_an_object(api):
    response = api.post("/api/v1/cases/", [1, 2], format="json")
    assert_error(response, 400)


def test_wrong_types_name_the_field(api):
    response = api.post(
        "/api/v1/cases/", {"arrested_at": 42, "custody_location": ["x"]}, format="json"
    )
    body = assert_error(response, 400)
    assert {"arrested_at", "custody_location"} <= set(body["field_errors"])


def test_unknown_fields_are_refused_not_ignored(api, case):
    response = api.patch(
        f"/api/v1/cases/{case.reference}/person/", {"nickname": "Gul"}, format="json"
    )
    body = assert_error(response, 400)
    assert body["field_errors"] == {"nickname": ["Unknown field: it is not accepted here."]}


def test_unknown_query_parameters_are_refused(api):
    body = assert_error(api.get("/api/v1/cases/?colour=red"), 400)
    assert "colour" in body["field_errors"]


@override_settings(API_MAX_BODY_BYTES=1024)
def test_oversize_body(api):
    response = api.post("/api/v1/cases/", {"given_name": "x" * 5000}, format="json")
    assert "too large" in assert_error(response, 400)["message"]


def test_not_a_number_constant_is_refused(api):
    response = api.generic(
        "POST", "/api/v1/incidents/", '{"estimated_detained": NaN}', content_type="application/json"
    )
    assert_error(response, 400)


def test_null_characters_in_text_are_a_400(api):
    response = api.get("/api/v1/cases/", {"q": "Gul\x00"})
    assert_error(response, 400)


def test_not_json_at_all(api):
    response = api.generic("POST", "/api/v1/cases/", "name=x", content_type="text/plain")
    assert_error(response, 415)


def test_an_unknown_path_and_a_huge_id_are_json_404s(api, case):
    assert_error(api.get("/api/v1/nothing-here/"), 404)
    assert_error(api.get(f"/api/v1/cases/{case.reference}/documents/{10**30}/"), 404)


def test_wrong_method(api):
    assert_error(api.delete("/api/v1/cases/"), 405)


def test_a_path_with_a_newline_still_gets_the_json_404(api):
    response = api.get("/api/v1/cases/x\ny/petitions/1/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "field_errors": {}}
    # The catch-all stays reversible: the API's names still resolve to paths.
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 (built for every namespace, or it raises)
    assert reverse("api:case-list") == "/api/v1/cases/"


def test_the_apis_own_messages_follow_the_clients_language(db, client):
    """A partner's system asking in Urdu (Accept-Language) reads the API's own sentences
    in Urdu, as it reads the services' field errors."""
    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION="Bearer nonsense-token",
                          HTTP_ACCEPT_LANGUAGE="ur")  # fmt: skip
    assert response.status_code == 401
    assert response.json()["message"] == (
        "ٹوکن درست نہیں: ہو سکتا ہے اس کی مدت ختم ہو گئی ہو یا اسے منسوخ کر دیا گیا ہو۔"
    )
    english = client.get("/api/v1/cases/", HTTP_AUTHORIZATION="Bearer nonsense-token")
    assert english.json()["message"].startswith("The token is not valid")
