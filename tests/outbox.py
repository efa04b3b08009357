"""Outbox messages moved through time, and a mail server that is down.

Tests do not wait out a resend delay or a backoff: they move a message's next attempt into
the past, as the clock would have.
"""

from datetime import timedelta

from django.utils import timezone

from casework.models import OutboxMessage

# Nothing listens on port 1: a mail server that is down refuses the connection at once.
MAIL_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_USE_TLS": False,
    "EMAIL_TIMEOUT": 2,
}


def waiting(**filters):
    return OutboxMessage.objects.filter(delivered_at__isnull=True, **filters)


def make_due(**filters) -> int:
    """Every waiting message (matching ``filters``) as if its next attempt had come."""
    return waiting(**filters).update(available_at=timezone.now() - timedelta(seconds=1))
