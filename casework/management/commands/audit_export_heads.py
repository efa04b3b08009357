"""Write the audit chains' signed heads outside the database (a file and the log).

Run periodically (celery beat does, hourly); ``audit_verify --since-export`` checks the
chains against the last line written.
"""

from django.core.management.base import BaseCommand

from casework.audit import heads_export


class Command(BaseCommand):
    help = "Append the signed audit chain heads to AUDIT_HEAD_EXPORT_PATH and the log."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=None, help="another file to append to")

    def handle(self, *args, path=None, **options):
        export = heads_export(path)
        self.stdout.write(
            f"Exported {len(export['heads'])} signed chain head(s) at {export['exported_at']}."
        )
