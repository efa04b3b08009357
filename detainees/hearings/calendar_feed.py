"""A private iCalendar feed of a user's hearings, for the calendar on their phone.

The feed URL carries a long random token and is the only page reachable without a
session, so it says as little as possible: case reference, court, time and purpose.
No names, no father's names, no FIR, no notes: a calendar app syncs to servers we do
not control. Only a SHA-256 of the token is stored; issuing a new one revokes the old.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from casework.audit import log_action
from casework.models import Membership
from detainees.hearings.selectors import my_hearings
from detainees.models import CalendarFeed, Hearing

TOKEN_BYTES = 32  # 256 bits: not guessable, and long enough that a hash lookup is safe
MAX_TOKEN_LENGTH = 100
HEARING_LENGTH = timedelta(hours=1)
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=365)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _organisation_of(user):
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    return membership.organisation if membership else None


@transaction.atomic
def calendar_feed_issue(*, user) -> str:
    """A new feed token for ``user``; the previous one stops working. Shown once only."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": _digest(token), "created_at": timezone.now()}
    )
    log_action(
        "calendar_feed.issued", organisation=_organisation_of(user), actor=user, obj=user,
        data={"summary": "issued a new calendar feed link; any previous link stopped working"},
    )  # fmt: skip
    return token


@transaction.atomic
def calendar_feed_revoke(*, user, by=None) -> bool:
    """Stop the user's feed. Called by the user, or by "revoke access now" for a seized phone."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        log_action(
            "calendar_feed.revoked", organisation=_organisation_of(user), actor=by or user,
            obj=user, data={"summary": f"revoked the calendar feed of {user.username}"},
        )  # fmt: skip
    return bool(deleted)


def calendar_feed_owner(token: str):
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_digest(token), user__is_active=True)
        .first()
    )
    if feed is None or not Membership.objects.filter(user=feed.user).exists():
        return None
    return feed.user


def feed_hearings(user, *, now: datetime | None = None) -> list[Hearing]:
    now = now or timezone.now()
    return list(my_hearings(user, start=now - FEED_PAST, end=now + FEED_FUTURE))


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines are escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def render_ics(hearings: list[Hearing], *, now: datetime | None = None) -> str:
    """The feed as iCalendar text. Only reference, court, time and purpose go in."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Panah//Hearings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Panah hearings",
    ]
    for hearing in hearings:
        purpose = hearing.get_purpose_display()
        reference = hearing.case.reference
        lines += [
            "BEGIN:VEVENT",
            f"UID:hearing-{hearing.pk}@panah",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(hearing.starts_at)}",
            f"DTEND:{_stamp(hearing.starts_at + HEARING_LENGTH)}",
            f"SUMMARY:{_escape(f'{reference}: {purpose} hearing')}",
            f"LOCATION:{_escape(hearing.court.name)}",
            f"DESCRIPTION:{_escape(f'Case {reference}. {purpose} hearing before {hearing.court.name}.')}",  # noqa: E501
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
