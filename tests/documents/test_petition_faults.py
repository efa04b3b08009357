"""Petitions survive broker and database faults: a render request lives in the database (an
outbox message with the petition's token) until a PDF exists, and everything that can be
lost on the way is sent again.

The faults are real where they can be (a broker nobody listens on, a real worker on
Redis, a message that was never delivered); a database that drops a query is simulated
at the database boundary, the one thing a test here cannot switch off.
"""

import threading
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Notification, OutboxMessage
from casework.outbox import deliver, kind_of, sweep
from documents.models import Petition, PetitionState
from documents.petitions import services, tasks
from tests.broker import UNREACHABLE, broker
from tests.casework.test_worker import wait_for
from tests.documents.petition_helpers import case_with_por, template
from tests.outbox import make_due, waiting

PDF, DEFAULT = settings.PDF_QUEUE, settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture
def worker(redis_url):
    """A real PDF worker (and default queue) consuming from Redis, in this process."""
    with broker(redis_url) as app:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[PDF, DEFAULT]):
            yield app


@pytest.fixture
def in_review(lawyer, paralegal, supervisor):
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = services.petition_create(case=case, template=template("bail-497"), by=paralegal)
    return services.petition_submit(petition=petition, by=paralegal)


def ready_events(petition) -> int:
    return Event.objects.filter(verb="petition.ready", object_id=str(petition.pk)).count()


def pdfs_on_disk() -> int:
    # The media folder is shared by the whole test session: compare before and after.
    return sum(1 for _ in (settings.MEDIA_ROOT / "petitions").rglob("*.pdf"))


def is_ready(petition) -> bool:
    return Petition.objects.get(pk=petition.pk).state == PetitionState.READY


@pytest.mark.django_db(transaction=True)
def test_render_whose_first_query_fails_is_tried_again_and_completes(worker, in_review, supervisor):
    failures = []

    def database_drops_first_petition_query(execute, sql, params, many, context):
        # PostgreSQL restarting under the worker: the render's very first query fails.
        in_worker = threading.current_thread() is not main
        if in_worker and '"render_token" = %s' in sql and not failures:
            failures.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    def install(sender, connection, **kwargs):
        connection.execute_wrappers.append(database_drops_first_petition_query)

    main = threading.current_thread()
    connection_created.connect(install)
    try:
        services.petition_approve(petition=in_review, by=supervisor)
        render = waiting(task=tasks.render_petition.name)
        assert wait_for(lambda: render.filter(last_error="OperationalError").exists(), 90)
        assert render.get().attempts == 1  # waiting out its backoff
        make_due(task=tasks.render_petition.name)
        assert sweep() == 1
        assert wait_for(lambda: is_ready(in_review), timeout=90)
    finally:
        connection_created.disconnect(install)
    assert len(failures) == 1  # the render did fail on its first query, and was tried again
    assert ready_events(in_review) == 1


@pytest.mark.django_db(transaction=True)
def test_render_whose_message_is_lost_is_sent_again_by_the_sweep_and_completes_once(
    redis_url, in_review, supervisor
):
    pdfs_before = pdfs_on_disk()
    with broker(redis_url) as app:
        app.control.purge()
        services.petition_approve(petition=in_review, by=supervisor)
        # Redis restarted without persistence before a worker took the message.
        assert app.control.purge() >= 1
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[PDF]):
            petition = Petition.objects.get(pk=in_review.pk)
            token = petition.render_token
            assert sweep() == 0  # too early: the original may still be on its way
            make_due(task=tasks.render_petition.name)
            assert sweep() == 1
            assert wait_for(lambda: is_ready(petition), timeout=90)
    assert Petition.objects.get(pk=petition.pk).render_token == token  # the same request
    # The original turns up late after all: it finds the PDF made and does nothing.
    message = OutboxMessage.objects.get(task=tasks.render_petition.name)
    assert deliver(message.pk) == "skipped"
    tasks.render_petition(petition.pk, token)
    make_due()
    assert not waiting(task=tasks.render_petition.name).exists()
    assert ready_events(petition) == 1
    assert pdfs_on_disk() == pdfs_before + 1


@pytest.mark.django_db(transaction=True)
def test_approval_while_the_broker_is_down_is_saved_says_so_and_is_rendered_and_told_later(
    login, in_review, supervisor, paralegal, redis_url, mailoutbox
):
    client = login(supervisor)
    approve = reverse(
        "documents:petition-transition",
        args=[in_review.case.reference, in_review.public_id, "approve"],
    )
    with broker(UNREACHABLE):
        response = client.post(approve, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saved. The PDF will be prepared when the queue is back." in page
    assert "The PDF is being prepared" not in page
    petition = Petition.objects.get(pk=in_review.pk)
    assert petition.state == PetitionState.RENDERING
    assert petition.approved_by == supervisor  # the approval itself is kept
    kinds = {kind_of(task) for task in waiting().values_list("task", flat=True)}
    assert kinds == {"petition_render", "petition_approved"}
    mailoutbox.clear()
    # While the broker is still down the sweep gives up quietly and keeps the work.
    make_due()
    with broker(UNREACHABLE):
        assert sweep() == 0
    assert waiting().count() == 2
    with broker(redis_url) as app:
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[PDF, DEFAULT]):
            make_due()
            assert sweep() == 2
            assert wait_for(lambda: is_ready(petition), timeout=90)
            told = Notification.objects.filter(subject__contains="was approved")
            assert wait_for(lambda: told.filter(emailed_at__isnull=False).exists(), 60)
    assert ready_events(petition) == 1
    assert {n.recipient for n in told} >= {paralegal}  # the drafter is told, as promised
    assert paralegal.email in [address for m in mailoutbox for address in m.to]


def test_page_shows_the_wait_and_offers_render_again_after_a_minute(
    login, in_review, supervisor, paralegal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.petition_approve(petition=in_review, by=supervisor)
    client = login(paralegal)
    status = reverse(
        "documents:petition-status", args=[in_review.case.reference, in_review.public_id]
    )
    page = client.get(status).content.decode()
    assert "waiting less than a minute" in page
    assert "Render again" not in page
    Petition.objects.filter(pk=in_review.pk).update(
        render_requested_at=timezone.now() - timedelta(minutes=3)
    )
    page = client.get(status).content.decode()
    assert "waiting 3\xa0minutes" in page
    assert "Render again" in page
    detail = reverse(
        "documents:petition-detail", args=[in_review.case.reference, in_review.public_id]
    )
    assert "Render again" in client.get(detail).content.decode()
    old_token = Petition.objects.get(pk=in_review.pk).render_token
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "documents:petition-transition",
                args=[in_review.case.reference, in_review.public_id, "render"],
            )
        )
    petition = Petition.objects.get(pk=in_review.pk)
    assert petition.state == PetitionState.READY
    assert petition.render_token != old_token


def test_batch_retry_covers_stuck_renders_as_well_as_failed(
    login, lawyer, paralegal, supervisor, django_capture_on_commit_callbacks
):
    from detainees.incidents.services import incident_create
    from detainees.models import Detention
    from documents.models import PetitionBatch

    incident = incident_create(
        created_by=supervisor,
        fields={"occurred_at": timezone.now() - timedelta(hours=3), "place": "Sabzi Mandi"},
    )
    cases = [case_with_por(lawyer, paralegal, supervisor, given=g) for g in ("Wali", "Jawid")]
    Detention.objects.filter(case__in=cases).update(incident=incident)
    client = login(supervisor)
    client.post(
        reverse("raid-petitions", args=[incident.public_id]),
        {"template": template("bail-497").public_id},
    )
    batch = PetitionBatch.objects.get(incident=incident)
    stuck, failed = batch.petitions.order_by("id")
    # One approved while the broker lost its message, one that failed.
    Petition.objects.filter(pk=stuck.pk).update(
        state=PetitionState.RENDERING, render_token="lost",
        render_requested_at=timezone.now() - timedelta(seconds=30),
    )  # fmt: skip
    Petition.objects.filter(pk=failed.pk).update(state=PetitionState.FAILED)
    detail = reverse("documents:petition-batch-detail", args=[batch.public_id])
    assert "waiting over a minute" not in client.get(detail).content.decode()
    Petition.objects.filter(pk=stuck.pk).update(
        render_requested_at=timezone.now() - timedelta(minutes=2)
    )
    page = client.get(detail).content.decode()
    assert "1 waiting over a minute" in page
    assert "Retry failed and stuck" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:petition-batch-action", args=[batch.public_id, "retry"]), follow=True
        )
    assert "2 petitions sent to render." in response.content.decode()
    assert set(batch.petitions.values_list("state", flat=True)) == {PetitionState.READY}


def test_broker_forgets_unacknowledged_renders_after_a_few_render_times_not_an_hour():
    from panah.celery import app

    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert settings.PDF_TIME_LIMIT < visibility <= 5 * settings.PDF_TIME_LIMIT
    assert settings.PDF_REQUEUE_AFTER < 60 * 60
