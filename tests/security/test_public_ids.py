"""Finding 12 (last part): object URLs other than the case's exposed sequential ids.

Hearings, raids and members are addressed by a random public id; the integer that used to
name them is a 404, even for those who may see the object.
"""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from detainees.hearings.services import hearing_schedule
from detainees.models import Court
from tests.detainees.incident_helpers import record_incident


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
