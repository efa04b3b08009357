"""Deliver a notification once: in the app, and by email."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import Case, Notification, Organisation


def notification_send(
    *,
    key: str,
    recipient,
    organisation: Organisation,
    subject: str,
    body: str,
    case: Case | None = None,
) -> Notification:
    """Create the notification for ``key`` if new and email it if not yet emailed.

    Emails carry no personal data of the client: a reference and a link, nothing that
    would harm anyone if the mailbox were read by someone else.
    """
    try:
        with transaction.atomic():
            notification, _ = Notification.objects.get_or_create(
                key=key,
                defaults={
                    "recipient": recipient,
                    "organisation": organisation,
                    "case": case,
                    "subject": subject,
                    "body": body,
                },
            )
    except IntegrityError:
        # Another worker created it between our read and our insert.
        notification = Notification.objects.get(key=key)
    return notification_email(notification_id=notification.pk)


def notification_email(*, notification_id: int) -> Notification:
    """Email a notification unless it was emailed already (the row lock makes two
    deliveries at once one email)."""
    with transaction.atomic():
        locked = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .get(pk=notification_id)
        )
        if locked.emailed_at is None and locked.recipient.email:
            send_mail(locked.subject, locked.body, None, [locked.recipient.email])
            locked.emailed_at = timezone.now()
            locked.save(update_fields=["emailed_at"])
    return locked
