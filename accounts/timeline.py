"""Timeline sentences for the verbs of members and sign-in."""

from django.utils.translation import gettext, gettext_lazy

from casework.models import Role
from casework.timeline import choice


def _role(value):
    return choice(Role, value).lower() if value else gettext("another role")


def _member_role_changed(d):
    return gettext("changed the role of %(username)s from %(from)s to %(to)s") % {
        "username": d.get("username", "a member"),
        "from": _role(d.get("from")),
        "to": _role(d.get("to")),
    }


def _access_revoked(d):
    return gettext("revoked the access of %(username)s (%(sessions_ended)s sessions ended)") % {
        "username": d.get("username", "a member"),
        "sessions_ended": d.get("sessions_ended", 0),
    }


def _login_failed(d):
    stage = {
        "second_factor": gettext("wrong code"),
        "reauth": gettext("confirming a sensitive action"),
    }.get(d.get("stage"), "wrong password")
    if "user" in d:
        return gettext("failed sign-in to a member's account (%(stage)s)") % {"stage": stage}
    if "username_hash" in d:
        return gettext("failed sign-in with an unknown username (%(stage)s)") % {"stage": stage}
    return gettext("failed sign-in as %(username)s (%(stage)s)") % {
        "username": d.get("username", "?"),
        "stage": stage,
    }


SENTENCES = {
    "member.created": lambda d: (
        gettext("added the member %(username)s as %(role)s")
        % {"username": d.get("username", "?"), "role": _role(d.get("role"))}
    ),
    "member.role_changed": _member_role_changed,
    "member.second_factor_reset": lambda d: (
        gettext("reset the second factor of %(username)s")
        % {"username": d.get("username", "a member")}
    ),
    "member.access_revoked": _access_revoked,
    "member.reinstated": lambda d: (
        gettext("gave %(username)s their access back (new password and second factor required)")
        % {"username": d.get("username", "a member")}
    ),
    "auth.login_failed": _login_failed,
    "auth.logged_in": gettext_lazy("signed in"),
    "auth.sessions_ended": lambda d: (
        gettext("ended %(sessions)s sessions") % {"sessions": d.get("sessions", 0)}
    ),
    "auth.recovery_code_used": lambda d: (
        gettext("signed in with a recovery code (%(remaining)s left)")
        % {"remaining": d.get("remaining", 0)}
    ),
    "auth.second_factor_enrolled": gettext_lazy("set up two-factor sign-in"),
    "auth.recovery_codes_issued": lambda d: (
        gettext("got %(count)s new recovery codes") % {"count": d.get("count", 0)}
    ),
    "auth.password_changed": gettext_lazy("changed their password"),
    "auth.passkey_added": lambda d: (
        gettext("added the passkey “%(name)s”") % {"name": d.get("name", "?")}
    ),
    "auth.passkey_removed": lambda d: (
        gettext("removed the passkey “%(name)s”") % {"name": d.get("name", "?")}
    ),
    "auth.passkey_used": gettext_lazy("confirmed a sign-in with a passkey"),
    "auth.reauthenticated": gettext_lazy(
        "confirmed their password and code for a sensitive action"
    ),
}
