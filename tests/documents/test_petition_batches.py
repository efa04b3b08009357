"""A raid's batch: drafts edited before review, the court chosen once, approval by a senior
lawyer in an organisation with one supervisor, skipped petitions reported, one ZIP of every
ready PDF (each audited as a download), and retries. Every name and number is fictional."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from casework.models import Event, Notification, Role
from casework.services import case_assign
from detainees.models import Court, CourtLevel, Detention
from documents.models import Petition, PetitionBatch, PetitionState
from documents.petitions import batches, services
from tests.documents.petition_helpers import template
from tests.factories import member


@pytest.fixture
def court(db):
    return Court.objects.get_or_create(
        name="Judicial Magistrate, Islamabad (West)",
        defaults={"level": CourtLevel.JUDICIAL_MAGISTRATE, "seat": "Islamabad",
                  "district": "Islamabad (West)", "province": "Islamabad Capital Territory"},
    )[0]  # fmt: skip


@pytest.fixture
def senior(org):
    user = member(org, Role.LAWYER, "senior")
    user.membership.approves_petitions = True
    user.membership.save()
    return user


def batch_url(name, batch, *extra):
    return reverse(f"documents:petition-batch-{name}", args=[batch.public_id, *extra])


def _start(client, raid, court):
    response = client.post(
        reverse("raid-petitions", args=[raid.public_id]),
        {"template": template("bail-497").public_id, "forum": court.pk},
    )
    assert response.status_code == 302
    return PetitionBatch.objects.get(incident=raid)


def test_a_raid_batch_completes_with_one_supervisor_and_a_senior_lawyer(
    login, raid, supervisor, senior, court, django_capture_on_commit_callbacks, mailoutbox
):
    client = login(supervisor)
    batch = _start(client, raid, court)
    petitions = list(batch.petitions.order_by("case__reference"))
    # The court is chosen once, for every detainee.
    assert {(p.forum_id, p.court) for p in petitions} == {
        (court.pk, "Court of the Judicial Magistrate, Islamabad (West)")
    }
    assert {p.state for p in petitions} == {PetitionState.DRAFT}
    # A draft of the batch is edited before review, from its own page.
    first = petitions[0]
    response = client.post(
        reverse("documents:petition-detail", args=[first.case.reference, first.public_id]),
        {"forum": court.pk, "court": first.court, "facts": "Arrested at the bus stop.",
         "grounds": "", "prayer_additions": "", "then": "save"},
    )  # fmt: skip
    assert response.status_code == 302
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch_url("action", batch, "submit"))
    assert batch.petitions.filter(state=PetitionState.IN_REVIEW).count() == 3
    # The senior lawyer is told once for the batch, by reference to the batch only.
    note = Notification.objects.get(recipient=senior, key__startswith="petition-batch-")
    assert "3 petitions" in note.subject
    assert not Notification.objects.filter(recipient=supervisor, key__startswith="petition-")
    assert "Jawid" not in "".join(m.body + m.subject for m in mailoutbox)
    # The supervisor drafted them all: four eyes keep the approve button from them.
    page = client.get(batch_url("detail", batch)).content.decode()
    assert "Approve all I may approve" not in page
    senior_client = login(senior)
    page = senior_client.get(batch_url("detail", batch)).content.decode()
    assert "Approve all I may approve" in page
    with django_capture_on_commit_callbacks(execute=True):
        senior_client.post(batch_url("action", batch, "approve"))
    assert set(batch.petitions.values_list("state", flat=True)) == {PetitionState.READY}
    assert set(batch.petitions.values_list("approved_by", flat=True)) == {senior.pk}
    first.refresh_from_db()
    assert first.facts == "Arrested at the bus stop."
    # And the supervisor takes every PDF at once.
    response = login(supervisor).get(batch_url("download", batch))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == sorted(f"{p.case.reference}-bail-497.pdf" for p in petitions)


def _batch(raid, supervisor, court):
    return batches.petition_batch_create(
        incident=raid, template=template("bail-497"), by=supervisor, forum=court,
        cases=[d.case for d in Detention.objects.filter(incident=raid).select_related("case")],
    )  # fmt: skip


def test_approve_all_skips_and_reports_what_the_approver_edited(
    raid, supervisor, lawyer, paralegal, senior, court, django_capture_on_commit_callbacks
):
    batch = _batch(raid, supervisor, court)
    edited = batch.petitions.order_by("case__reference").first()
    # On that case's team, the senior lawyer edits one draft.
    case_assign(case=edited.case, lead_lawyer=lawyer, team=[paralegal, senior],
                by=supervisor.membership)  # fmt: skip
    services.petition_update(
        petition=edited, by=senior, court=edited.court, facts="The senior lawyer's words.",
        grounds="", prayer_additions="", forum=court,
    )  # fmt: skip
    batches.petition_batch_submit(batch=batch, by=supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        result = batches.petition_batch_approve(batch=batch, by=senior)
    assert result.approved == 2
    assert result.skipped == [
        (edited.case.reference, "A petition must be approved by someone who neither drafted "
         "nor edited it.")
    ]  # fmt: skip
    assert Petition.objects.get(pk=edited.pk).state == PetitionState.IN_REVIEW
    by_drafter = batches.petition_batch_approve(batch=batch, by=supervisor)
    assert by_drafter.approved == 0 and len(by_drafter.skipped) == 1


def test_the_skipped_petitions_are_named_on_the_page(
    login, raid, supervisor, court, org, django_capture_on_commit_callbacks
):
    batch = _batch(raid, supervisor, court)
    batches.petition_batch_submit(batch=batch, by=supervisor)
    second = member(org, Role.SUPERVISOR, "second-supervisor")
    first = batch.petitions.order_by("case__reference").first()
    first.editors.add(second)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(second).post(batch_url("action", batch, "approve"), follow=True)
    page = response.content.decode()
    assert "2 petitions approved" in page
    assert f"{first.case.reference} left for someone else" in page


def test_the_zip_download_is_audited_once_per_pdf_and_capped(
    login, raid, supervisor, senior, court, django_capture_on_commit_callbacks
):
    batch = _start(login(supervisor), raid, court)
    batches.petition_batch_submit(batch=batch, by=supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        batches.petition_batch_approve(batch=batch, by=senior)
    client = login(supervisor)
    assert client.get(batch_url("download", batch)).status_code == 200
    events = Event.objects.filter(verb="petition.downloaded", actor=supervisor)
    assert events.count() == 3
    assert {e.case_id for e in events} == set(batch.petitions.values_list("case_id", flat=True))
    assert {e.data["batch"] for e in events} == {str(batch.public_id)}
    with override_settings(PETITION_BATCH_ZIP_MAX_BYTES=10):
        response = client.get(batch_url("download", batch), follow=True)
    assert "download them one by one" in response.content.decode()
    assert events.count() == 3  # nothing left the server


def test_a_zip_before_any_pdf_is_ready_says_so(login, raid, supervisor, court):
    client = login(supervisor)
    batch = _start(client, raid, court)
    response = client.get(batch_url("download", batch), follow=True)
    assert "No PDF of this batch is ready yet." in response.content.decode()
    with pytest.raises(ValidationError, match="No petition of this batch is awaiting"):
        batches.petition_batch_approve(batch=batch, by=supervisor)


def test_retry_renders_a_failed_petition_again(
    raid, supervisor, senior, court, django_capture_on_commit_callbacks
):
    batch = _batch(raid, supervisor, court)
    batches.petition_batch_submit(batch=batch, by=supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        batches.petition_batch_approve(batch=batch, by=senior)
    failed = batch.petitions.first()
    Petition.objects.filter(pk=failed.pk).update(state=PetitionState.FAILED, failure_reason="x")
    with django_capture_on_commit_callbacks(execute=True):
        assert batches.petition_batch_retry(batch=batch, by=supervisor) == 1
    assert Petition.objects.get(pk=failed.pk).state == PetitionState.READY


def test_a_batch_court_that_is_too_long_is_refused_once(login, raid, supervisor):
    response = login(supervisor).post(
        reverse("raid-petitions", args=[raid.public_id]),
        {"template": template("bail-497").public_id, "court": "x" * 199 + "yz"},
    )
    assert response.status_code == 400
    assert "x" * 199 in response.content.decode()
    assert not PetitionBatch.objects.filter(incident=raid).exists()


def test_batch_pages_and_the_zip_are_hidden_from_strangers(
    login, raid, supervisor, court, assert_hidden_from_strangers, lawyer
):
    batch = _start(login(supervisor), raid, court)
    for url in (batch_url("detail", batch), batch_url("progress", batch),
                batch_url("download", batch)):  # fmt: skip
        assert_hidden_from_strangers(url, methods=("get",))
        assert login(lawyer).get(url).status_code == 404  # a lawyer on the cases, not the batch
    for action in ("submit", "approve", "retry"):
        assert_hidden_from_strangers(batch_url("action", batch, action), methods=("post",))
    assert login(supervisor).get(f"/petition-batches/{batch.pk}/").status_code == 404


def test_the_batch_page_costs_the_same_queries_whatever_its_size(
    login, raid, supervisor, lawyer, paralegal, court, django_assert_max_num_queries
):
    client = login(supervisor)
    batch = _start(client, raid, court)
    with django_assert_max_num_queries(25):
        assert client.get(batch_url("detail", batch)).status_code == 200
