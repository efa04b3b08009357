"""Try again the side effects the outbox gave up on (``/healthz/`` counts them per kind),
once whatever made them fail is mended: a mail password, a full disk, a template.

The sweep sends them within a minute; each keeps its key, so nothing is done twice.
"""

from django.core.management.base import BaseCommand, CommandError

from casework.outbox import job_kinds, outbox_retry_given_up


class Command(BaseCommand):
    help = "Make the side effects the outbox gave up on due again."

    def add_arguments(self, parser):
        parser.add_argument("--kind", default="", help="only this kind, e.g. email")

    def handle(self, *args, kind: str = "", **options):
        if kind and kind not in job_kinds():
            raise CommandError(f"No such kind. Kinds: {', '.join(sorted(job_kinds()))}.")
        count = outbox_retry_given_up(kind=kind)
        self.stdout.write(f"{count} message(s) will be tried again by the next sweep.")
