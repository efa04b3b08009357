"""Schemathesis against the live OpenAPI document: every operation, valid and invalid
inputs, a bounded number of examples each. No answer may be a 5xx or break the schema
(the error shape included), and nothing is served without a token.

``API_FUZZ_EXAMPLES`` (default 6) sets examples per operation and generation mode; the
whole run fits in a couple of minutes on the 2-core CI machine.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.services import api_token_create
from detainees.hearings.services import hearing_schedule
from detainees.incidents.services import incident_create
from detainees.models import Court
from documents.petitions.selectors import template_for
from documents.petitions.services import petition_create
from documents.services import document_add
from panah.wsgi import application
from tests.documents.petition_helpers import ensure_seeded

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
NO_LIMITS = {"token": "100000/minute", "user": "100000/minute", "inbox": "100000/minute",
             "anonymous": "100000/minute"}  # fmt: skip


@pytest.fixture(autouse=True)
def _one_connection(db):
    # In-process WSGI calls share the test's connection and transaction; Django would close
    # that connection after each request (as its test client prevents, so do we).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(lawyer, supervisor, case):
    """Real objects for the path parameters, so operations reach their serializers."""
    ensure_seeded()
    court = Court.objects.filter(is_active=True).order_by("pk").first()
    document = document_add(case=case, fields={"kind": "por", "number": "PK-1"}, by=lawyer)
    hearing = hearing_schedule(
        case=case, court=court, starts_at=timezone.now(), purpose="bail", by=lawyer
    )
    petition = petition_create(
        case=case, template=template_for(case.organisation, "bail-497"), by=lawyer
    )
    incident = incident_create(
        created_by=supervisor, fields={"occurred_at": timezone.now(), "place": "G-9 market"}
    )
    _, token = api_token_create(user=lawyer, name="fuzz", scope="read_write", days=1)
    return {
        "token": token,
        "path": {
            "reference": case.reference, "document_id": document.pk, "hearing_id": hearing.pk,
            "petition_id": petition.pk, "incident_id": incident.pk,
        },
    }  # fmt: skip


# The live document, as the server serves it (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
schema.config.generation.update(max_examples=EXAMPLES)


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES,
)
@override_settings(API_THROTTLE_RATES=NO_LIMITS)
def test_api_conforms_to_its_schema_and_never_fails(case, world):
    cache.clear()
    for name, value in world["path"].items():
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = value
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=2)
def test_nothing_is_served_without_a_token(case):
    cache.clear()
    response = case.call(headers={"Authorization": ""})
    # 401 from every endpoint; 404 where the generated path names no endpoint at all.
    assert response.status_code in (401, 404), (case.method, case.formatted_path)
    assert set(response.json()) == {"message", "field_errors"}
