"""Finding 12 (last part): object URLs other than the case's exposed sequential ids.

Every object but the case (named by its reference) is addressed by a random public id;
the integer that used to name it is a 404, even for those who may see the object.
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.urls.converters import UUIDConverter
from django.utils import timezone

from detainees.hearings.services import hearing_schedule
from detainees.models import Court
from tests.detainees.incident_helpers import record_incident
from tests.security.test_access_matrix import (
    KINDS,
    PUBLIC_TOKEN_VIEWS,
    _fill,
    _kind,
    _status,
    object_urls,
)


@pytest.fixture
def hearing(case, lawyer):
    return hearing_schedule(
        case=case, court=Court.objects.order_by("pk").first(), purpose="bail", by=lawyer,
        starts_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip


def test_hearing_pages_answer_to_the_public_id_only(case, lawyer, hearing, login):
    client = login(lawyer)
    url = reverse("detainees:hearing-edit", args=[case.reference, hearing.public_id])
    assert client.get(url).status_code == 200
    assert str(hearing.pk) not in url.split("/")
    with pytest.raises(NoReverseMatch):
        reverse("detainees:hearing-edit", args=[case.reference, hearing.pk])
    for tail in ("", "result/", "cancel/"):
        assert (
            client.get(f"/cases/{case.reference}/hearings/{hearing.pk}/{tail}").status_code == 404
        )


def test_incident_pages_answer_to_the_public_id_only(supervisor, login):
    incident = record_incident(supervisor)
    client = login(supervisor)
    assert (
        client.get(reverse("incidents:incident-detail", args=[incident.public_id])).status_code
        == 200
    )
    for tail in ("", "edit/", "intake/", "petitions/"):
        assert client.get(f"/incidents/{incident.pk}/{tail}").status_code == 404


def test_member_pages_answer_to_the_public_id_only(admin_user, lawyer, login):
    client = login(admin_user)
    url = reverse("accounts:member-detail", args=[lawyer.membership.public_id])
    assert client.get(url).status_code == 200
    for tail in ("", "revoke/", "reinstate/"):
        assert client.get(f"/members/{lawyer.pk}/{tail}").status_code == 404
    assert client.post(f"/members/{lawyer.pk}/revoke/").status_code == 404
    lawyer.refresh_from_db()
    assert lawyer.is_active


def test_public_ids_are_random_not_sequential(case, lawyer, supervisor):
    first, second = (record_incident(supervisor) for _ in range(2))
    assert first.public_id != second.public_id
    assert first.public_id.version == 4
    assert lawyer.membership.public_id.version == 4


def test_every_object_url_answers_to_its_public_id_only(world, login):
    """For each URL naming an object by public id, someone entitled reaches it, and the
    same person gets 404 when the id is random, an integer or not a UUID at all."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    values: dict[str, object] = {}
    # Platform staff edit the shared validity timeline, which no organisation's member may.
    staff = UserFactory(username="timeline-staff")
    staff.user_permissions.add(Permission.objects.get(codename="edit_shared_timeline"))
    insiders = [world.admin, world.supervisor, world.lawyer, staff]
    checked, plan = [], []
    for route, entry, name in object_urls():
        if name.startswith("admin:") or name in PUBLIC_TOKEN_VIEWS:
            continue
        converters = getattr(entry.pattern, "converters", {})
        named = [p for p, c in converters.items() if isinstance(c, UUIDConverter)]
        if not named:
            continue
        url = "/" + route
        for parameter in entry.pattern.regex.groupindex:
            key = _key(name, parameter)
            if key not in values:
                values[key] = _kind(name, parameter).make(world)
            url = _fill(url, parameter, values[key])
        plan.append((name, url, named))
    # GET everywhere first; POST only where no GET got through, last, since it may act.
    post_only = []
    for method in ("get", "post"):
        for name, url, named in post_only if method == "post" else plan:
            insider = _reaching(login, insiders, method, url)
            if insider is None and method == "get":
                post_only.append((name, url, named))
                continue
            assert insider is not None, f"no insider reaches {url} ({name})"
            client = login(insider)
            for parameter in named:
                for wrong in (uuid.uuid4(), 12, "not-a-uuid"):
                    wrong_url = url.replace(str(values[_key(name, parameter)]), str(wrong))
                    status = _status(client, method, wrong_url)
                    assert status == 404, f"{insider.username} {method} {wrong_url} -> {status}"
            checked.append(name)
    # The kinds switched to public ids for finding 12, besides those switched before.
    for name in (
        "detainees:outcome-review", "detainees:application-edit", "detainees:release-order",
        "detainees:contact-edit", "detainees:contact-remove", "detainees:unhcr-request-edit",
        "detainees:referral-edit", "documents:document-edit", "documents:document-scan-add",
        "documents:verification-add", "documents:rule-history", "documents:rule-edit",
        "documents:petition-template-edit", "documents:petition-template-preview",
        "documents:petition-template-preview-frame", "accounts:organisation-settings",
        "accounts:intake-duty", "analytics:report-download", "api_web:token-revoke",
        "api_web:inbox-accept", "api_web:inbox-dismiss", "api_web:inbox-token-revoke",
        "api:case-document", "api:case-hearing", "api:case-petition", "api:incident",
    ):  # fmt: skip
        assert name in checked


def _key(name: str, parameter: str) -> str:
    return f"{name}/{parameter}" if f"{name}/{parameter}" in KINDS else parameter


def _reaching(login, insiders, method, url):
    """The first insider the URL answers (a refusal for lack of a role is no answer)."""
    for user in insiders:
        if _status(login(user), method, url) not in (403, 404, 405):
            return user
    return None
