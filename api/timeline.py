"""Timeline sentences for API tokens and the partner intake inbox."""

from django.utils.translation import gettext, gettext_lazy

SENTENCES = {
    "api_token.created": lambda d: (
        gettext("made a %(read_write)s API token for %(days)s days")
        % {
            "read_write": gettext("read-and-write")
            if d.get("scope") == "read_write"
            else gettext("read-only"),
            "days": d.get("days", "?"),
        }
    ),
    "api_token.revoked": lambda d: (
        gettext("revoked %(tokens)s API token(s)") % {"tokens": d.get("tokens", 0)}
    ),
    "inbox_token.created": gettext_lazy("made an intake inbox token for a partner"),
    "inbox_token.revoked": gettext_lazy("revoked a partner's intake inbox token"),
    "inbox.entry_received": gettext_lazy("a partner posted an entry to the intake inbox"),
    "inbox.entry_accepted": gettext_lazy("opened the case from an intake inbox entry"),
    "inbox.entry_dismissed": gettext_lazy("dismissed an intake inbox entry"),
    "inbox.viewed": lambda d: {
        "accept": gettext("opened an intake inbox entry to open its case"),
        "dismiss": gettext("opened an intake inbox entry to dismiss it"),
    }.get(d.get("page"), gettext("opened the intake inbox")),
    "inbox.entries_purged": lambda d: (
        gettext("deleted %(entries)s intake inbox entries never accepted within %(days)s days")
        % {"entries": d.get("entries", 0), "days": d.get("days", "?")}
    ),
}
