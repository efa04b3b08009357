"""A broker outage degrades, never half-fails: the change is saved, the user is told, and
the outbox's sweep delivers what the queue could not take once it is back."""

import pytest
from django.urls import reverse

from casework.models import CaseAssignment, Notification
from casework.outbox import sweep
from tests.broker import UNREACHABLE, broker
from tests.factories import open_case
from tests.outbox import make_due, waiting


@pytest.mark.django_db(transaction=True)
def test_assignment_while_the_broker_is_down_is_saved_and_notified_later(
    login, lawyer, colleague, supervisor, mailoutbox
):
    case = open_case(lawyer)
    mailoutbox.clear()  # the supervisor was told of the new case
    client = login(supervisor)
    with broker(UNREACHABLE):
        response = client.post(
            reverse("casework:case-assign", args=[case.reference]),
            {"lead_lawyer": colleague.pk},
            follow=True,
        )
    assert response.status_code == 200
    assert "The new team members will be notified when the queue is back." in (
        response.content.decode()
    )
    assert CaseAssignment.objects.filter(case=case, user=colleague).exists()
    assert not Notification.objects.filter(recipient=colleague).exists()
    assert waiting(task__endswith="notify_case_assigned").count() == 1
    assert sweep() == 0  # the first nudge may still be on its way
    make_due()
    assert sweep() == 1
    assert Notification.objects.get(recipient=colleague).emailed_at is not None
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    make_due()
    assert sweep() == 0  # delivered once
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_case_while_the_broker_is_down_is_saved_and_announced_later(
    login, lawyer, supervisor, mailoutbox
):
    with broker(UNREACHABLE):
        case = open_case(lawyer)
    assert not Notification.objects.filter(recipient=supervisor).exists()
    make_due()
    assert sweep() == 1
    assert [m.to for m in mailoutbox] == [[supervisor.email]]
    assert case.reference in mailoutbox[0].subject
