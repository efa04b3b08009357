"""Deliver a notification once: in the app, and by email."""

import uuid

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.models import Case, Membership, Notification, Organisation, Role


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


def admins_notify(*, organisation: Organisation, by, subject: str, body: str) -> None:
    """Every other active admin of the organisation hears of a change to who may do what.

    An admin session left open, or a rogue admin, cannot quietly hand out access: the
    other admins see it in the app and by email.
    """
    key = uuid.uuid4().hex
    others = Membership.objects.filter(
        organisation=organisation, role=Role.ADMIN, user__is_active=True
    ).exclude(user_id=by.pk)
    for admin in others.select_related("user"):
        notification_send(
            key=f"member.admins_told:{key}:{admin.user_id}",
            recipient=admin.user,
            organisation=organisation,
            subject=subject,
            body=f"{body}\n\nDone by {by.get_username()}. If you did not expect this, "
            "check the audit trail now.",
        )
