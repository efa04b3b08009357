"""Every kind of token a user can hold, revoked together when access is revoked.

Each entry is a dotted path to a service ``revoke(*, user, by)`` returning how many
tokens it revoked (or whether it revoked one). A feature that hands out a new kind of
token adds its service here; ``tests/security/test_revocation.py`` checks each entry.
"""

from django.utils.module_loading import import_string

TOKEN_REVOKERS: list[str] = [
    # The hearings calendar feed: a URL with a secret token, usable without signing in.
    "detainees.hearings.calendar_feed.calendar_feed_revoke",
]


def tokens_revoke_all(*, user, by) -> dict[str, int]:
    return {path: int(import_string(path)(user=user, by=by)) for path in TOKEN_REVOKERS}
