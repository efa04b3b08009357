"""The API names documents, hearings, incidents, petitions and templates by their random
public id, never by the sequential database key (security finding 12)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from detainees.models import Court, Hearing, Incident
from documents.models import IdentityDocument, Petition, PetitionTemplate
from tests.api.conftest import token_client
from tests.api.test_errors import assert_error
from tests.documents.petition_helpers import ensure_seeded


@pytest.fixture
def made(lawyer, supervisor, case):
    """One object of each kind, made through the API as a client would, with the URL that
    reads it and its model."""
    ensure_seeded()
    api = token_client(lawyer)
    base = f"/api/v1/cases/{case.reference}"
    document = api.post(f"{base}/documents/", {"kind": "acc"}, format="json").json()["document"]
    court = Court.objects.filter(is_active=True).order_by("pk").first()
    hearing = api.post(
        f"{base}/hearings/",
        {"court": court.pk, "starts_at": (timezone.now() + timedelta(days=3)).isoformat(),
         "purpose": "bail", "attending": ["lawyer"]},
        format="json",
    ).json()  # fmt: skip
    petition = api.post(f"{base}/petitions/", {"template": "bail-497"}, format="json").json()
    incident = token_client(supervisor).post(
        "/api/v1/incidents/",
        {"occurred_at": (timezone.now() - timedelta(hours=3)).isoformat(), "place": "G-7"},
        format="json",
    ).json()  # fmt: skip
    return {
        "document": (document["id"], f"{base}/documents/", IdentityDocument),
        "hearing": (hearing["id"], f"{base}/hearings/", Hearing),
        "petition": (petition["id"], f"{base}/petitions/", Petition),
        "incident": (incident["id"], "/api/v1/incidents/", Incident),
    }


@pytest.mark.parametrize("kind", ["document", "hearing", "petition", "incident"])
def test_the_id_returned_is_the_public_id_and_reads_the_object(made, lawyer, supervisor, kind):
    public_id, prefix, model = made[kind]
    row = model.objects.get(public_id=uuid.UUID(public_id))
    client = token_client(supervisor if kind == "incident" else lawyer)
    body = client.get(f"{prefix}{public_id}/").json()
    assert (body["document"] if kind == "document" else body)["id"] == public_id
    # The sequential key reads nothing: it is not a UUID, so no route takes it.
    assert_error(client.get(f"{prefix}{row.pk}/"), 404)


@pytest.mark.parametrize("kind", ["document", "hearing", "petition", "incident"])
@pytest.mark.parametrize(
    "value", ["not-a-uuid", "12", "0" * 40, "ABCDEF00-0000-4000-8000-000000000000", "%00"]
)
def test_a_malformed_id_is_a_json_404(made, lawyer, supervisor, kind, value):
    _, prefix, _ = made[kind]
    client = token_client(supervisor if kind == "incident" else lawyer)
    assert_error(client.get(f"{prefix}{value}/"), 404)


@pytest.mark.parametrize("kind", ["document", "hearing", "petition", "incident"])
def test_a_random_uuid_is_a_json_404(made, lawyer, supervisor, kind):
    _, prefix, _ = made[kind]
    client = token_client(supervisor if kind == "incident" else lawyer)
    assert_error(client.get(f"{prefix}{uuid.uuid4()}/"), 404)


def test_lists_carry_public_ids_only(made, lawyer, case):
    api = token_client(lawyer)
    base = f"/api/v1/cases/{case.reference}"
    assert [row["document"]["id"] for row in api.get(f"{base}/documents/").json()["results"]] == [
        made["document"][0]
    ]
    assert [row["id"] for row in api.get(f"{base}/hearings/").json()["results"]] == [
        made["hearing"][0]
    ]
    assert [row["id"] for row in api.get(f"{base}/petitions/").json()["results"]] == [
        made["petition"][0]
    ]
    templates = api.get("/api/v1/petition-templates/?page_size=100").json()["results"]
    assert {row["id"] for row in templates} <= {
        str(public_id) for public_id in PetitionTemplate.objects.values_list("public_id", flat=True)
    }


def test_the_petition_steps_take_the_public_id(made, lawyer, case):
    public_id, prefix, _ = made["petition"]
    api = token_client(lawyer)
    assert api.post(f"{prefix}{public_id}/submit/").status_code == 200
    pk = Petition.objects.get(public_id=public_id).pk
    assert_error(api.post(f"{prefix}{pk}/submit/"), 404)
