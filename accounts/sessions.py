"""What a signed-in session carries, and when it ends.

A session counts as signed in only after both factors (password, then TOTP or a
recovery code). It ends after ``SESSION_IDLE_TIMEOUT`` without a request and, at
the latest, ``SESSION_ABSOLUTE_TIMEOUT`` after sign-in, whatever the activity: a
seized phone left unlocked must not stay signed in for days.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

SIGNED_IN_AT = "panah_signed_in_at"
AUTHENTICATED_AT = "panah_authenticated_at"  # last time both factors were entered
SEEN_AT = "panah_seen_at"

# Writing the session on every request costs a query; a minute of slack in the idle
# timeout does not matter.
SEEN_AT_RESOLUTION = 60


def now() -> int:
    return int(time.time())


def mark_signed_in(session: SessionBase) -> None:
    """Start the session's clocks; django_otp.login has recorded the second factor."""
    stamp = now()
    session[SIGNED_IN_AT] = stamp
    session[AUTHENTICATED_AT] = stamp
    session[SEEN_AT] = stamp


def mark_reauthenticated(session: SessionBase) -> None:
    session[AUTHENTICATED_AT] = now()


def is_signed_in(request) -> bool:
    """Both factors: django-otp's verdict on the device (OTPMiddleware), and our clocks."""
    return request.user.is_verified() and SIGNED_IN_AT in request.session


def expiry_reason(session: SessionBase, at: int | None = None) -> str:
    """Why this signed-in session must end now, or "" if it may go on."""
    at = now() if at is None else at
    if at - session.get(SIGNED_IN_AT, 0) > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "You were signed out because your session reached its maximum length."
    if at - session.get(SEEN_AT, 0) > settings.SESSION_IDLE_TIMEOUT:
        return "You were signed out after a period of inactivity."
    return ""


def touch(session: SessionBase, at: int | None = None) -> None:
    at = now() if at is None else at
    if at - session.get(SEEN_AT, 0) >= SEEN_AT_RESOLUTION:
        session[SEEN_AT] = at


def authenticated_recently(session: SessionBase, at: int | None = None) -> bool:
    at = now() if at is None else at
    return at - session.get(AUTHENTICATED_AT, 0) <= settings.REAUTH_MAX_AGE


def store_for(session_key: str) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key=session_key)
