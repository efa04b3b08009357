"""A petition rendered by a real Celery worker consuming the PDF queue from Redis."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from documents.models import Petition, PetitionState
from documents.petitions import services
from panah.celery import app
from tests.casework.test_worker import wait_for
from tests.documents.petition_helpers import case_with_por, pdf_text, template


@pytest.fixture
def pdf_worker(redis_url):
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING",
            queues=[settings.PDF_QUEUE],
        ):  # fmt: skip
            yield app
    finally:
        app.conf.update(saved)


@pytest.mark.django_db(transaction=True)
def test_approved_petition_is_rendered_by_a_real_pdf_worker(
    pdf_worker, lawyer, paralegal, supervisor
):
    case = case_with_por(lawyer, paralegal, supervisor)
    petition = services.petition_create(case=case, template=template("bail-497"), by=paralegal)
    services.petition_submit(petition=petition, by=paralegal)
    services.petition_approve(petition=petition, by=supervisor)
    assert wait_for(
        lambda: Petition.objects.get(pk=petition.pk).state == PetitionState.READY, timeout=90
    )
    petition.refresh_from_db()
    with petition.pdf.open("rb") as handle:
        assert "Zarif Hotaki" in pdf_text(handle.read())
