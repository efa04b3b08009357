"""Finding 12: leftovers. Anonymisation and the linked raid; seed_demo outside DEBUG;
revision history naming other organisations' admins."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from casework.models import Case
from casework.retention import case_anonymise
from detainees.incidents.services import incident_create
from detainees.models import Detention, Incident
from tests.factories import open_case


def _raid(supervisor):
    return incident_create(
        created_by=supervisor,
        fields={"occurred_at": timezone.now() - timedelta(days=400),
                "place": "Sabzi Mandi, block 4", "reported_by": "Community elder, 0300-0000000",
                "notes": "Families in the third lane were taken."},
    )  # fmt: skip


def _close_long_ago(case):
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=4000))


def test_anonymising_the_last_case_of_a_raid_wipes_its_reporter_place_and_notes(lawyer, supervisor):
    incident = _raid(supervisor)
    first, second = open_case(lawyer), open_case(lawyer, person={"given_name": "Other"})
    Detention.objects.filter(pk__in=[first.detention_id, second.detention_id]).update(
        incident=incident
    )
    for case in (first, second):
        _close_long_ago(case)

    assert case_anonymise(case_id=first.pk)
    incident.refresh_from_db()
    assert incident.reported_by  # the other case still needs it

    assert case_anonymise(case_id=second.pk)
    incident.refresh_from_db()
    assert (incident.reported_by, incident.place, incident.notes) == ("", "(anonymised)", "")
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_seed_demo_refuses_to_run_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_file_urls_name_a_random_public_id_not_the_sequential_one(case, lawyer, login):
    from django.urls import NoReverseMatch, reverse

    from documents.models import FilePurpose
    from documents.services import stored_file_create
    from documents.uploads import accept_upload
    from tests.documents.samples import png_bytes, upload

    stored = stored_file_create(
        case=case, upload=accept_upload(upload("card.png", png_bytes())),
        purpose=FilePurpose.DOCUMENT_SCAN, by=lawyer,
    )  # fmt: skip
    client = login(lawyer)
    url = reverse("documents:file-download", args=[case.reference, stored.public_id])
    assert client.get(url).status_code == 200
    with pytest.raises(NoReverseMatch):
        reverse("documents:file-download", args=[case.reference, stored.pk])
    assert client.get(f"/cases/{case.reference}/files/{stored.pk}/").status_code == 404
