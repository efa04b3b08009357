"""Faults during a batch: kill the PDF worker, then Redis, while 50 petitions render.

The question is the one a lawyer asks after an outage: did every petition get its PDF,
did any get two, and how long did the slowest wait? Prints, e.g.:

    50 rendered, 0 twice; longest wait 71 s (worker killed at 10 ready, Redis at 25)

What happens, on this machine only (127.0.0.1):

  1. a throwaway database (created and dropped here), a temporary media folder, and a
     private Redis on 127.0.0.1:6390 without persistence, started and killed by this
     script: the shared Redis on 6379 is never touched;
  2. one PDF worker (two processes); 50 fictional cases, a petition batch drafted by one
     supervisor and approved by another, so the renders go out as they do in production;
  3. when 10 are ready the worker's whole process group is killed (SIGKILL) and started
     again; when 25 are ready Redis is killed, which loses every queued and unacknowledged
     message, and started again empty;
  4. the outbox's sweep (``casework.outbox.sweep``, run here every 5 s as beat would every
     minute, with ``PDF_REQUEUE_AFTER_SECONDS=20`` instead of 300, and a render's lease
     ``PDF_TIME_LIMIT=30`` s instead of 180) sends the lost renders
     again with their tokens.

"Twice" counts petitions with more than one "PDF prepared" event or a second PDF file.
Bounded: it gives up after ``--timeout`` seconds (default 900) and cleans up either way.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah .venv/bin/python bench/faults.py

Without DATABASE_URL a temporary SQLite file is used. It prints figures; it asserts nothing.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--petitions", type=int, default=50)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--timeout", type=int, default=900, help="give up after this many s")
    return parser.parse_args()


ARGS = _arguments()
database_host = urlsplit(os.environ.get("DATABASE_URL", "")).hostname or ""
if database_host not in LOCAL_HOSTS:
    raise SystemExit(f"DATABASE_URL must point at 127.0.0.1, not {database_host!r}.")
if ARGS.redis_port == 6379:
    raise SystemExit("Use a port of its own for the bench's Redis, not the shared 6379.")

REDIS_URL = f"redis://127.0.0.1:{ARGS.redis_port}/0"
MEDIA = tempfile.mkdtemp(prefix="panah-bench-faults-media-")
SCRATCH = Path(tempfile.mkdtemp(prefix="panah-bench-faults-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="panah.settings",
    MEDIA_ROOT=MEDIA,
    REDIS_URL=REDIS_URL,
    PDF_REQUEUE_AFTER_SECONDS="20",
    PDF_SOFT_TIME_LIMIT="20",
    PDF_TIME_LIMIT="30",
    LOG_LEVEL="ERROR",  # the expected broker errors would drown the figures
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, F, Max  # noqa: E402

from casework.models import Event, Membership, Organisation, Role  # noqa: E402
from casework.outbox import sweep  # noqa: E402
from casework.services import case_assign  # noqa: E402
from detainees.incidents.services import incident_create  # noqa: E402
from detainees.intake.services import IntakeRow, cases_open  # noqa: E402
from documents.models import IdentityDocument, Petition, PetitionState  # noqa: E402
from documents.petitions import batches  # noqa: E402
from documents.petitions.selectors import template_for  # noqa: E402
from panah.celery import app  # noqa: E402

KARACHI = ZoneInfo("Asia/Karachi")
GIVEN = ["Arash", "Bahram", "Dawood", "Elham", "Farhad", "Ghulam", "Hamza", "Idris", "Jamal"]
SWEEP_EVERY = 5
DEADLINE = time.monotonic() + ARGS.timeout


def remaining() -> float:
    return DEADLINE - time.monotonic()


def throwaway_database() -> tuple[str, str]:
    """Create the bench database; return (old name, a DATABASE_URL for the worker)."""
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = SCRATCH / "bench.sqlite3"
        settings_dict.setdefault("TEST", {})["NAME"] = str(path)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        return old_name, f"sqlite:///{path}"
    settings_dict.setdefault("TEST", {})["NAME"] = f"panah_bench_faults_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    parts = urlsplit(os.environ["DATABASE_URL"])
    return old_name, urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


# Processes this script starts, and kills by their own process group only ----------------


def start_redis() -> subprocess.Popen:
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(ARGS.redis_port),
         "--save", "", "--appendonly", "no", "--dir", str(SCRATCH)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    import redis as redis_client

    client = redis_client.Redis(host="127.0.0.1", port=ARGS.redis_port, socket_timeout=1)
    for _ in range(100):
        try:
            if client.ping():
                return redis
        except redis_client.RedisError:
            time.sleep(0.1)
    kill(redis)
    raise SystemExit(f"redis-server did not start on 127.0.0.1:{ARGS.redis_port}.")


def start_worker(database_url: str, log) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url}
    name = f"bench-faults-{os.getpid()}@127.0.0.1"
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "panah", "worker", "-Q", settings.PDF_QUEUE,
         "-n", name, "--concurrency=2", "--prefetch-multiplier=1", "--loglevel=WARNING",
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    while remaining() > 0:
        if app.control.ping(destination=[name], timeout=0.5):
            return worker
    kill(worker)
    raise SystemExit("The Celery worker did not start in time.")


def kill(process: subprocess.Popen | None) -> None:
    """SIGKILL the process and the children it started (its own session), nothing else."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    process.wait(timeout=30)


# The batch ------------------------------------------------------------------------------


def build(count: int) -> list[int]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    org = Organisation.objects.create(name="Bench Legal Aid", reference_prefix="BEN")
    users = {}
    for role, username in ((Role.SUPERVISOR, "starts"), (Role.SUPERVISOR, "approves"),
                           (Role.LAWYER, "lawyer"), (Role.PARALEGAL, "paralegal")):  # fmt: skip
        users[username] = User.objects.create(username=f"bench-{username}")
        Membership.objects.create(user=users[username], organisation=org, role=role)
    incident = incident_create(
        created_by=users["starts"],
        fields={"occurred_at": datetime(2024, 8, 15, 6, 0, tzinfo=KARACHI),
                "place": "A fictional market"},
    )  # fmt: skip
    cases = []
    for i in range(count):
        (case,) = cases_open(
            membership=users["lawyer"].membership,
            confirmed={0},  # the same made-up father's name on every row
            rows=[IntakeRow(person_fields={
                "given_name": GIVEN[i % len(GIVEN)], "family_name": f"Benchmark{i}",
                "father_name": "Abdul Fictional", "gender": "male",
            },
            detention_fields={
                "arrested_at": datetime(2024, 8, 15, 9, 0, tzinfo=KARACHI),
                "custody_location": "Lock-up, Police Station Example", "fir_number": f"{i}/2024",
                "police_station": "Police Station Example",
            })],
        )  # fmt: skip
        case_assign(case=case, lead_lawyer=users["lawyer"], team=[users["paralegal"]],
                    by=users["starts"].membership)  # fmt: skip
        IdentityDocument.objects.create(
            organisation=org, person=case.person, kind="por", number=f"BEN-{i:07d}",
            number_normalised=f"BEN{i:07d}", expires_on=datetime(2023, 6, 30).date(),
        )  # fmt: skip
        cases.append(case)
    batch = batches.petition_batch_create(
        incident=incident, template=template_for(org, "bail-497", "en"), cases=cases,
        by=users["starts"],
    )  # fmt: skip
    batches.petition_batch_submit(batch=batch, by=users["starts"])
    ids = list(batch.petitions.values_list("pk", flat=True))
    # One transaction approves them all; its commit sends the 50 renders.
    batches.petition_batch_approve(batch=batch, by=users["approves"])
    return ids


def ready(ids: list[int]) -> int:
    return Petition.objects.filter(pk__in=ids, state=PetitionState.READY).count()


RESENT = [0]


def wait_and_sweep(ids: list[int], until: int, last_sweep: list[float]) -> None:
    """Wait until ``until`` petitions are ready, sweeping as beat would."""
    while ready(ids) < until and remaining() > 0:
        if time.monotonic() - last_sweep[0] >= SWEEP_EVERY:
            RESENT[0] += sweep()
            last_sweep[0] = time.monotonic()
        time.sleep(0.2)


def report(ids: list[int], kills: str) -> None:
    rendered = ready(ids)
    failed = Petition.objects.filter(pk__in=ids, state=PetitionState.FAILED).count()
    events = (
        Event.objects.filter(verb="petition.ready", object_id__in=[str(pk) for pk in ids])
        .values("object_id")
        .annotate(n=Count("id"))
    )
    twice_by_event = {row["object_id"] for row in events if row["n"] > 1}
    files = list(Path(MEDIA, "petitions").rglob("*.pdf"))
    twice = len(twice_by_event) + max(0, len(files) - rendered)
    longest = Petition.objects.filter(pk__in=ids, state=PetitionState.READY).aggregate(
        longest=Max(F("rendered_at") - F("render_requested_at"))
    )["longest"]
    waited = f"{longest.total_seconds():.0f} s" if longest else "n/a"
    print(f"{rendered} rendered, {twice} twice; "
          f"longest wait {waited} ({kills})")  # fmt: skip
    print(f"  messages sent again by the sweep (renders and notifications): {RESENT[0]}")
    if failed or rendered < len(ids):
        print(f"  not rendered: {len(ids) - rendered} ({failed} failed)")


def main() -> None:
    old_name, database_url = throwaway_database()
    redis = worker = None
    log = (SCRATCH / "worker.log").open("w")
    kills = []
    try:
        redis = start_redis()
        worker = start_worker(database_url, log)
        started = time.monotonic()
        ids = build(ARGS.petitions)
        print(f"database: {connection.vendor} (throwaway); Redis: 127.0.0.1:{ARGS.redis_port} "
              f"(private, no persistence); {len(ids)} petitions approved in "
              f"{time.monotonic() - started:.0f} s")  # fmt: skip
        last_sweep = [time.monotonic()]

        wait_and_sweep(ids, min(10, len(ids)), last_sweep)
        kills.append(f"worker killed at {ready(ids)} ready")
        kill(worker)
        time.sleep(2)
        worker = start_worker(database_url, log)

        wait_and_sweep(ids, min(25, len(ids)), last_sweep)
        kills.append(f"Redis at {ready(ids)}")
        kill(redis)
        time.sleep(5)
        redis = start_redis()

        wait_and_sweep(ids, len(ids), last_sweep)
        # A late original (a redelivery, a duplicate) must find nothing left to do.
        time.sleep(3)
        if remaining() <= 0:
            print(f"gave up after {ARGS.timeout} s")
        report(ids, ", ".join(kills))
    finally:
        kill(worker)
        kill(redis)
        log.close()
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(MEDIA, ignore_errors=True)
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
