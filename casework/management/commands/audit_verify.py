"""Link what has committed, then check every audit hash chain; report the first broken
link of each and fail if any.

``--since-export`` also checks the chains against the last signed heads exported outside
the database (``audit_export_heads``): a chain rewritten and re-hashed by someone owning
the tables, or emptied, passes the first check but not this one.
"""

from django.core.management.base import BaseCommand, CommandError

from casework.audit import (
    audit_link_lag,
    audit_link_pending,
    audit_verify,
    last_export,
    verify_since_export,
)
from casework.models import AuditChainHead


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since-export",
            nargs="?",
            const="",
            default=None,
            metavar="FILE",
            help="also check against the last exported signed heads "
            "(default file: AUDIT_HEAD_EXPORT_PATH)",
        )

    def handle(self, *args, since_export=None, **options):
        linked = audit_link_pending()
        if linked:
            self.stdout.write(f"Linked {linked} events that had committed since the last run.")
        broken, checked = audit_verify()
        if since_export is not None:
            export = last_export(since_export or None)
            if export is None:
                raise CommandError("No exported audit heads found to check against.")
            broken += verify_since_export(export)
            self.stdout.write(f"Checked against the heads exported at {export['exported_at']}.")
        for link in broken:
            self.stderr.write(f"BROKEN: {link}")
        if broken:
            raise CommandError(
                f"The audit trail has been tampered with: {len(broken)} broken chain(s) "
                f"among {checked} entries."
            )
        self.stdout.write(f"Audit trail intact: {checked} entries checked.")
        if waiting := audit_link_lag().waiting:
            # Their transactions were still open: the next run links and checks them.
            self.stdout.write(f"{waiting} events of transactions still running wait to be linked.")
        for head in AuditChainHead.objects.order_by("chain"):
            self.stdout.write(f"  chain {head.chain}: entry {head.seq}, head {head.hash}")
