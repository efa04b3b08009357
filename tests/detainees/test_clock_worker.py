"""The beat tasks through a real Celery worker consuming from Redis."""

import pytest

from casework.models import Notification
from casework.services import case_assign
from detainees.models import ClockAlert
from detainees.tasks import detention_clock_check
from tests.casework.test_worker import live_worker, wait_for  # noqa: F401  (fixture)
from tests.factories import open_case


@pytest.mark.django_db(transaction=True)
def test_clock_alert_is_delivered_by_a_real_worker_once(
    live_worker,  # noqa: F811
    lawyer,
    supervisor,
    mailoutbox,
):
    case = open_case(lawyer, hours_ago=21)
    case_assign(case=case, lead_lawyer=lawyer, team=[], by=supervisor.membership)
    mailoutbox.clear()
    detention_clock_check.delay()
    detention_clock_check.delay()  # as if a second beat process fired too
    expected = {"lawyer", "supervisor"}

    def delivered():
        keys = Notification.objects.filter(key__startswith=f"clock:{case.detention_id}:20:")
        return set(keys.values_list("recipient__username", flat=True)) == expected

    assert wait_for(delivered)
    assert wait_for(lambda: ClockAlert.objects.filter(completed_at__isnull=False).count() == 1)
    # The clock's alerts only: the new case was announced too, by the same worker.
    alerts = lambda: [m for m in mailoutbox if "new case" not in m.subject]  # noqa: E731
    assert wait_for(lambda: len(alerts()) == 2)
    assert sorted(m.to[0] for m in alerts()) == sorted([lawyer.email, supervisor.email])
