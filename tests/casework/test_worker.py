"""One real Celery worker consuming from Redis: the path production takes."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from casework.models import Notification
from casework.services import case_assign
from tests.broker import broker
from tests.factories import open_case


@pytest.fixture
def live_worker(redis_url):
    # The queue is named: Celery keeps a worker's choice of queues on the app, so a worker
    # started earlier for the PDF queue alone would leave this one deaf to the default.
    with (
        broker(redis_url) as app,
        start_worker(
            app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
        ),
    ):
        yield app


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_assignment_notification_is_delivered_by_a_real_worker(
    live_worker, lawyer, colleague, supervisor, mailoutbox
):
    case = open_case(lawyer)
    case_assign(case=case, lead_lawyer=colleague, team=[], by=supervisor.membership)
    assert wait_for(lambda: Notification.objects.filter(recipient=colleague).exists())
    # Only the assignment's: the supervisor is also told of the new case, by the same worker.
    assigned = lambda: [m for m in mailoutbox if m.to == [colleague.email]]  # noqa: E731
    assert wait_for(lambda: len(assigned()) == 1)
    assert case.reference in assigned()[0].subject
