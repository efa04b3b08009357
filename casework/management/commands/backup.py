"""Write a backup folder: database, media files, manifest with checksums, and a reminder of
the keys needed (never the keys). See casework/backup.py and the README's deployment section."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.backup import BackupProblem, backup_create


class Command(BaseCommand):
    help = "Back up the database and media files into a new folder, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?",
            help="an empty or new folder (default: backups/panah-YYYYmmdd-HHMMSS)",
        )  # fmt: skip

    def handle(self, *args, folder: str | None, **options):
        target = Path(folder or f"backups/panah-{timezone.now():%Y%m%d-%H%M%S}")
        try:
            result = backup_create(target=target)
        except BackupProblem as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Backup written to {result.folder}: database and {result.files} files.")
        self.stdout.write("The field-encryption keys are NOT in it: see KEYS-NEEDED.txt.")
        if result.missing:
            raise CommandError(
                f"{len(result.missing)} file(s) the database refers to are missing from the "
                "media folder (listed in the manifest): " + ", ".join(result.missing)
            )
