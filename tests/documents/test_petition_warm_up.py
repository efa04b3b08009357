"""PDF worker processes load fonts and templates as they start, not on their first petition."""

import pytest
from celery import current_app
from celery.signals import worker_process_init

from documents.petitions.render import warm_up
from documents.petitions.tasks import warm_pdf_worker_process


def test_warm_up_lays_out_a_page_in_each_script():
    assert warm_up() == 2


@pytest.fixture
def consuming():
    """Select the queues a worker consumes from, as ``celery worker -Q`` does."""
    queues = current_app.amqp.queues
    saved = queues._consume_from

    def _select(*names):
        queues.select(names)

    yield _select
    queues._consume_from = saved


def _warmed() -> list:
    return [r for receiver, r in worker_process_init.send(sender=None)
            if receiver is warm_pdf_worker_process]  # fmt: skip


def test_a_pdf_worker_process_warms_up_as_it_starts(consuming, settings):
    consuming(settings.PDF_QUEUE)
    assert _warmed() == [2]


def test_other_workers_skip_the_warm_up(consuming):
    consuming("celery")
    assert _warmed() == [None]
