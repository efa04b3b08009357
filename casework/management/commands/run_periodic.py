"""Run the beat schedule without Celery: for `make run` with no Redis, where no beat runs.

Each entry of ``CELERY_BEAT_SCHEDULE`` is called in-process at its own interval. The
tasks are idempotent, so running this beside a real beat would send nothing twice.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.module_loading import import_string

# As often as the most frequent task (the audit chainer) wants to run.
TICK_SECONDS = 5


class Command(BaseCommand):
    help = "Run every periodic task once, or keep running them on schedule with --loop."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep running each task at its interval"
        )

    def handle(self, *args, loop: bool, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for name, entry in schedule.items():
                if name in last_run and now - last_run[name] < float(entry["schedule"]):
                    continue
                last_run[name] = now
                try:
                    result = import_string(entry["task"])()
                except Exception as error:  # one failing task must not stop the others
                    self.stderr.write(f"{name}: {error!r}")
                else:
                    # Only what did something: the chainer runs every few seconds.
                    if result:
                        self.stdout.write(f"{name}: {result}")
            if not loop:
                return
            # A long-lived process: do not keep a connection the database has dropped.
            close_old_connections()
            time.sleep(TICK_SECONDS)
