"""Notify once: in the app at once, and by email through the outbox, in the recipient's
language."""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from casework.models import Case, Membership, Notification, Organisation, Role
from casework.outbox import outbox_enqueue, outbox_task


def language_of(user) -> str:
    """The language ``user`` reads Panah in: the one their membership keeps, else the
    default. A notification is worded for whoever receives it, never in the language of
    whoever (or whatever worker) caused it."""
    chosen = Membership.objects.filter(user_id=user.pk).values_list("language", flat=True)
    return _offered(chosen.first() or "")


def _offered(language: str) -> str:
    # Blank (never chosen) or a language no longer offered: the default.
    offered = {code for code, _ in settings.LANGUAGES}
    return language if language in offered else settings.LANGUAGE_CODE


def addressed_to(user) -> translation.override:
    """``with addressed_to(user):`` around wording a subject and a body for ``user``."""
    return translation.override(language_of(user))


def notification_send(
    *,
    key: str,
    recipient,
    organisation: Organisation,
    subject: str,
    body: str,
    case: Case | None = None,
) -> Notification:
    """Create the notification for ``key`` if new, and with it the email a worker sends.

    Emails carry no personal data of the client: a reference and a link, nothing that
    would harm anyone if the mailbox were read by someone else. ``subject`` and ``body``
    are stored and sent as given: word them inside ``addressed_to(recipient)``.
    """
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key,
            defaults={
                "recipient": recipient,
                "organisation": organisation,
                "case": case,
                "subject": subject,
                "body": body,
            },
        )
        if created and recipient.email:
            outbox_enqueue(notification_email, notification.pk, key=f"email:{key}")
    return notification


@outbox_task(kind="email", time_limit=3 * settings.EMAIL_TIMEOUT + 10)
def notification_email(notification_id: int) -> None:
    """Email a notification unless it was emailed already. No transaction is held while
    the mail server answers; the outbox's lease keeps a second worker off the message
    meanwhile. A member whose access was revoked since is not emailed."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .first()
    )
    if notification is None:
        return
    send_mail(notification.subject, notification.body, None, [notification.recipient.email])
    Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def admins_notify(
    *, organisation: Organisation, by, compose: Callable[[], tuple[str, str]]
) -> None:
    """Every other active admin of the organisation hears of a change to who may do what.

    ``compose()`` returns (subject, body); it is called once per admin, in that admin's
    language, so each reads the message in their own.

    An admin session left open, or a rogue admin, cannot quietly hand out access: the
    other admins see it in the app and by email.
    """
    key = uuid.uuid4().hex
    others = Membership.objects.filter(
        organisation=organisation, role=Role.ADMIN, user__is_active=True
    ).exclude(user_id=by.pk)
    for admin in others.select_related("user"):
        with translation.override(_offered(admin.language)):
            subject, body = compose()
            signed = gettext(
                "Done by %(username)s. If you did not expect this, check the audit trail now."
            ) % {"username": by.get_username()}
            notification_send(
                key=f"member.admins_told:{key}:{admin.user_id}",
                recipient=admin.user,
                organisation=organisation,
                subject=subject,
                body=f"{body}\n\n{signed}",
            )
