"""Restore a backup folder into an empty database and media folder, then prove it: file
checksums, the audit chains, and decryption of every special-category value."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.backup import BackupProblem, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into a fresh database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the backup folder (with manifest.json)")

    def handle(self, *args, folder: str, **options):
        try:
            report = backup_restore(source=Path(folder), say=self.stdout.write)
        except BackupProblem as problem:
            raise CommandError(str(problem)) from None
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"PROBLEM: {problem}")
            raise CommandError("The restore finished with problems (above).")
        self.stdout.write("Restore complete and verified.")
