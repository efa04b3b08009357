"""Timeline sentences for API tokens and the partner intake inbox."""

SENTENCES = {
    "api_token.created": lambda d: (
        f"made a {'read-and-write' if d.get('scope') == 'read_write' else 'read-only'} API "
        f"token for {d.get('days', '?')} days"
    ),
    "api_token.revoked": lambda d: f"revoked {d.get('tokens', 0)} API token(s)",
    "inbox_token.created": "made an intake inbox token for a partner",
    "inbox_token.revoked": "revoked a partner's intake inbox token",
    "inbox.entry_received": "a partner posted an entry to the intake inbox",
    "inbox.entry_accepted": "opened the case from an intake inbox entry",
    "inbox.entry_dismissed": "dismissed an intake inbox entry",
    "inbox.entries_purged": lambda d: (
        f"deleted {d.get('entries', 0)} intake inbox entries never accepted "
        f"within {d.get('days', '?')} days"
    ),
}
