"""Delete stored files that no row names and put committed ones in place, now (the beat
runs it hourly): ``manage.py sweep_stored_files [--grace-seconds N] [--limit N]``."""

from django.core.management.base import BaseCommand, CommandError

from casework.orphan_files import stored_files_sweep


class Command(BaseCommand):
    help = "Delete stored files that no row refers to (after a grace period); say how many."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-seconds",
            type=int,
            default=None,
            help="only files older than this (default: STORED_FILES_ORPHAN_GRACE_SECONDS)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="at most this many files (default: STORED_FILES_SWEEP_LIMIT)",
        )

    def handle(self, *args, grace_seconds, limit, **options):
        if grace_seconds is not None and grace_seconds < 0:
            raise CommandError("--grace-seconds cannot be negative.")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        report = stored_files_sweep(grace_seconds=grace_seconds, limit=limit)
        self.stdout.write(str(report))
