"""A broker outage degrades, never half-fails: the change is saved, the user is told, and
the sweeper delivers what the queue could not take."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import CaseAssignment, Notification
from casework.tasks import notifications_deliver_pending
from tests.broker import UNREACHABLE, broker
from tests.factories import open_case


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
    assert notifications_deliver_pending() == 0  # a minute's grace for the first attempt
    CaseAssignment.objects.filter(case=case).update(
        assigned_at=timezone.now() - timedelta(minutes=2)
    )
    assert notifications_deliver_pending() == 1
    assert Notification.objects.get(recipient=colleague).emailed_at is not None
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert notifications_deliver_pending() == 0  # delivered once
    assert len(mailoutbox) == 1


def test_notification_whose_email_failed_is_emailed_by_the_sweeper(
    lawyer, colleague, org, mailoutbox, monkeypatch
):
    from casework import notifications

    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server unreachable")

    monkeypatch.setattr(notifications, "send_mail", mail_server_down)
    with pytest.raises(ConnectionRefusedError):
        notifications.notification_send(
            key="test:mail-down", recipient=colleague, organisation=org,
            subject="Panah: a reminder", body="Open Panah.",
        )  # fmt: skip
    notification = Notification.objects.get(key="test:mail-down")
    assert notification.emailed_at is None  # the row is first, the email follows
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert notifications_deliver_pending() == 0  # still down: kept for the next sweep
    monkeypatch.undo()
    assert notifications_deliver_pending() == 1
    assert [m.subject for m in mailoutbox] == ["Panah: a reminder"]
    assert notifications_deliver_pending() == 0


def test_sweeper_leaves_revoked_members_and_old_notifications_alone(colleague, org, mailoutbox):
    Notification.objects.create(
        key="test:old", recipient=colleague, organisation=org, subject="Old",
        created_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    Notification.objects.create(
        key="test:revoked", recipient=colleague, organisation=org, subject="Revoked",
        created_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    colleague.is_active = False
    colleague.save(update_fields=["is_active"])
    assert notifications_deliver_pending() == 0
    assert mailoutbox == []
