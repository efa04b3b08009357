"""Every kind of token a user can hold, revoked together: each feature that hands out a kind
of token registers its revoker with the core (``casework.registry.register_token_revoker``);
``tests/security/test_revocation.py`` checks each one."""

from casework.registry import token_revokers


def tokens_revoke_all(*, user, by) -> dict[str, int]:
    return {name: int(revoke(user=user, by=by)) for name, revoke in token_revokers.items()}
