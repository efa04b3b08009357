"""Every kind of token a user can hold, revoked together when access is revoked.

Each entry is a dotted path to a service ``revoke(*, user) -> int`` (how many tokens it
revoked). A feature that hands out a new kind of token adds its service here.
"""

from django.utils.module_loading import import_string

TOKEN_REVOKERS: list[str] = []


def tokens_revoke_all(*, user) -> dict[str, int]:
    return {path: import_string(path)(user=user) for path in TOKEN_REVOKERS}
