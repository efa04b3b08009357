"""Timeline sentences for the verbs of members and sign-in."""

from casework.models import Role
from casework.timeline import choice


def _role(value):
    return choice(Role, value).lower() if value else "another role"


def _member_role_changed(d):
    return (
        f"changed the role of {d.get('username', 'a member')} from {_role(d.get('from'))} "
        f"to {_role(d.get('to'))}"
    )


def _access_revoked(d):
    return (
        f"revoked the access of {d.get('username', 'a member')} "
        f"({d.get('sessions_ended', 0)} sessions ended)"
    )


def _login_failed(d):
    stage = {"second_factor": "wrong code", "reauth": "confirming a sensitive action"}.get(
        d.get("stage"), "wrong password"
    )
    if "user" in d:
        return f"failed sign-in to a member's account ({stage})"
    if "username_hash" in d:
        return f"failed sign-in with an unknown username ({stage})"
    return f"failed sign-in as {d.get('username', '?')} ({stage})"


SENTENCES = {
    "member.created": lambda d: (
        f"added the member {d.get('username', '?')} as {_role(d.get('role'))}"
    ),
    "member.role_changed": _member_role_changed,
    "member.second_factor_reset": lambda d: (
        f"reset the second factor of {d.get('username', 'a member')}"
    ),
    "member.access_revoked": _access_revoked,
    "member.reinstated": lambda d: (
        f"gave {d.get('username', 'a member')} their access back (new password and "
        "second factor required)"
    ),
    "auth.login_failed": _login_failed,
    "auth.logged_in": "signed in",
    "auth.sessions_ended": lambda d: f"ended {d.get('sessions', 0)} sessions",
    "auth.recovery_code_used": lambda d: (
        f"signed in with a recovery code ({d.get('remaining', 0)} left)"
    ),
    "auth.second_factor_enrolled": "set up two-factor sign-in",
    "auth.recovery_codes_issued": lambda d: f"got {d.get('count', 0)} new recovery codes",
    "auth.password_changed": "changed their password",
    "auth.reauthenticated": "confirmed their password and code for a sensitive action",
}
