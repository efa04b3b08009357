"""Petition PDFs: what rendering costs, and how much of it is ours rather than WeasyPrint's.

Prints, in one run:
  1. the first render in a Celery PDF worker that has just started (its processes warm
     up as they start: documents.petitions.tasks.warm_pdf_worker_process);
  2. the median ms per petition through the worker's real task code (``render_petition``:
     load, context, template, WeasyPrint, storage, state) beside WeasyPrint alone on the
     same HTML, the two interleaved petition by petition over ``--rounds`` rounds, and
     their ratio (target <= 1.25);
  3. the throughput of a batch through Celery with two worker processes beside a plain
     two-process pool running the same task code on the same petitions, the two
     alternating over ``--rounds`` rounds, both sides' processes warmed the same way
     (``warm_up`` once per process, before the first batch); medians and their ratio
     (target >= 0.9);
  4. the PDF worker's peak memory (resident set, largest process).

Everything happens in a throwaway database (created and dropped here) and a temporary
media directory, with fictional cases. Redis is needed for the Celery part:

    REDIS_URL=redis://127.0.0.1:6379/6 DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/petitions.py --petitions 60 --rounds 3

Without DATABASE_URL a temporary SQLite file is used. It prints figures (with the load
average beside each); it asserts nothing.
"""

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")
MEDIA = tempfile.mkdtemp(prefix="panah-bench-media-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from weasyprint import HTML  # noqa: E402

from casework.models import Membership, Organisation, Role  # noqa: E402
from casework.services import case_assign  # noqa: E402
from detainees.intake.services import IntakeRow, cases_open  # noqa: E402
from documents.models import IdentityDocument, Petition, PetitionState  # noqa: E402
from documents.petitions import services  # noqa: E402
from documents.petitions.fetcher import CaseFileFetcher  # noqa: E402
from documents.petitions.render import annexures_of, petition_html, warm_up  # noqa: E402
from documents.petitions.selectors import template_for  # noqa: E402
from documents.petitions.tasks import render_petition  # noqa: E402
from panah.celery import app  # noqa: E402

KARACHI = ZoneInfo("Asia/Karachi")
GIVEN = ["Arash", "Bahram", "Dawood", "Elham", "Farhad", "Ghulam", "Hamza", "Idris", "Jamal"]


def throwaway_database() -> tuple[str, str]:
    """Create the bench database; return (old name, a DATABASE_URL for worker processes)."""
    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    if connection.vendor == "sqlite":
        path = Path(tempfile.gettempdir()) / f"panah-bench-{os.getpid()}.sqlite3"
        settings_dict.setdefault("TEST", {})["NAME"] = str(path)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        return old_name, f"sqlite:///{path}"
    settings_dict.setdefault("TEST", {})["NAME"] = f"panah_bench_petitions_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    parts = urlsplit(os.environ["DATABASE_URL"])
    return old_name, urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


def build(count: int):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    org = Organisation.objects.create(
        name="Bench Legal Aid", reference_prefix="BEN",
        letterhead="Bench Legal Aid\nA fictional organisation for measurements",
    )  # fmt: skip
    users = {}
    for role in (Role.SUPERVISOR, Role.LAWYER, Role.PARALEGAL):
        users[role] = User.objects.create(username=f"bench-{role}", first_name=role.title())
        Membership.objects.create(user=users[role], organisation=org, role=role)
    cases = []
    for i in range(count):
        (case,) = cases_open(
            membership=users[Role.LAWYER].membership,
            confirmed={0},  # the same placeholder native names on every row
            rows=[IntakeRow(person_fields={
                "given_name": GIVEN[i % len(GIVEN)], "family_name": f"Benchmark{i}",
                "father_name": "Abdul Fictional", "given_name_native": "نام",
                "father_name_native": "پدر", "gender": "male",
            },
            detention_fields={
                "arrested_at": datetime(2024, 8, 15, 9, 0, tzinfo=KARACHI),
                "custody_location": "Lock-up, Police Station Example", "fir_number": f"{i}/2024",
                "police_station": "Police Station Example",
            })],
        )  # fmt: skip
        case_assign(
            case=case, lead_lawyer=users[Role.LAWYER], team=[users[Role.PARALEGAL]],
            by=users[Role.SUPERVISOR].membership,
        )  # fmt: skip
        IdentityDocument.objects.create(
            organisation=org, person=case.person, kind="por", number=f"BEN-{i:07d}",
            number_normalised=f"BEN{i:07d}", expires_on=date(2023, 6, 30),
        )  # fmt: skip
        cases.append(case)
    template = template_for(org, "bail-497", "en")
    petitions = [
        services.petition_create(case=case, template=template, by=users[Role.PARALEGAL])
        for case in cases
    ]
    return users, petitions


def _load(petition_id: int) -> Petition:
    return Petition.objects.select_related(
        "case__organisation", "case__person", "case__detention", "case__lead_lawyer",
        "version__template", "drafted_by",
    ).get(pk=petition_id)  # fmt: skip


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def prepare(petition_ids: list[int]) -> dict[int, str]:
    """Put each petition back to "rendering" with a fresh token, as a render request does."""
    tokens = {}
    for pk in petition_ids:
        tokens[pk] = f"bench{pk}-{time.monotonic_ns()}"
        Petition.objects.filter(pk=pk).update(
            state=PetitionState.RENDERING, render_token=tokens[pk], pdf=""
        )
    return tokens


def task_once(pk_token: tuple[int, str]) -> float:
    """The worker's task code, run here: what a worker process does with one message."""
    started = time.perf_counter()
    render_petition.apply(args=list(pk_token), throw=True)
    return (time.perf_counter() - started) * 1000


def weasyprint_once(html: str, case) -> float:
    started = time.perf_counter()
    HTML(string=html, url_fetcher=CaseFileFetcher(case)).write_pdf()
    return (time.perf_counter() - started) * 1000


def _pool_process_start() -> None:
    # As a PDF worker process starts: its own database connection, fonts and templates.
    connection.close()
    warm_up()


def peak_rss_mb(pid: int) -> float:
    """Largest VmHWM (peak resident set) among a process and its children."""
    pids = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids += [int(p) for p in (task / "children").read_text().split()]
    except OSError:
        pass
    peak = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024


def start_worker(database_url: str, concurrency: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": MEDIA}
    command = [
        str(ROOT / ".venv/bin/celery"), "-A", "panah", "worker", "-Q", settings.PDF_QUEUE,
        "-n", f"bench-{os.getpid()}@%h", f"--concurrency={concurrency}",
        "--prefetch-multiplier=1", "--max-tasks-per-child=200", "--loglevel=WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    worker = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=[f"bench-{os.getpid()}@{os.uname().nodename}"],
                                   timeout=0.5)  # fmt: skip
        if replies:
            return worker
    worker.terminate()
    raise SystemExit("The Celery worker did not start within 60 s.")


def enqueue(tokens: dict[int, str]) -> None:
    for pk, token in tokens.items():
        render_petition.delay(pk, token)


def wait_ready(petition_ids: list[int], timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        done = Petition.objects.filter(
            pk__in=petition_ids, state__in=[PetitionState.READY, PetitionState.FAILED]
        ).count()
        if done == len(petition_ids):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit(f"Batch not finished after {timeout:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--petitions", type=int, default=60, help="batch size")
    parser.add_argument("--repeats", type=int, default=10, help="petitions timed in process")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each comparison")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL: the batch figure goes through Celery and Redis.")

    old_name, database_url = throwaway_database()
    worker = None
    try:
        started = time.perf_counter()
        _users, petitions = build(args.petitions)
        ids = [p.pk for p in petitions]
        print(f"database: {connection.vendor} (throwaway), petitions: {len(ids)}, "
              f"built in {time.perf_counter() - started:.1f} s")  # fmt: skip
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(settings.PDF_QUEUE)

        # 1. Cold first render on a worker that has just started.
        worker = start_worker(database_url, concurrency=2)
        enqueue(prepare(ids[:1]))
        cold = wait_ready(ids[:1], timeout=120)
        print(f"first render in a fresh worker:          {cold * 1000:8.0f} ms "
              f"(enqueue to stored PDF; load {load_average()})")  # fmt: skip

        # 2. The task's code vs WeasyPrint alone on the same HTML, warm, in this process,
        # interleaved petition by petition so that both see the same load.
        warm_up()
        sample = ids[1 : 1 + args.repeats] or ids[:1]
        task_ms, weasy_ms, loads = [], [], []
        for _ in range(args.rounds):
            for pk, token in prepare(sample).items():
                task_ms.append(task_once((pk, token)))
                petition = _load(pk)
                html = petition_html(petition, annexures_of(petition))
                weasy_ms.append(weasyprint_once(html, petition.case))
                loads.append(float(load_average()))
        task_med, weasy_med = statistics.median(task_ms), statistics.median(weasy_ms)
        print(f"median per petition, the task's code:     {task_med:8.1f} ms "
              f"({len(task_ms)} renders, load {statistics.mean(loads):.1f})")  # fmt: skip
        print(f"median per petition, WeasyPrint alone:   {weasy_med:8.1f} ms")
        print(f"task code / WeasyPrint:                  {task_med / weasy_med:8.2f}  "
              "(target <= 1.25)")  # fmt: skip

        # 3. Batches through Celery (2 worker processes) and a plain 2-process pool running
        # the same task code, alternating round by round.
        connection.close()
        pool = multiprocessing.get_context("fork").Pool(2, initializer=_pool_process_start)
        pool.map(time.sleep, [0.1, 0.1])  # both processes started and warm before timing
        celery_rates, pool_rates = [], []
        try:
            for round_number in range(1, args.rounds + 1):
                tokens = prepare(ids)
                started = time.perf_counter()
                enqueue(tokens)
                wait_ready(ids, timeout=60 + 10 * len(ids))
                celery_s = time.perf_counter() - started
                failed = Petition.objects.filter(pk__in=ids, state=PetitionState.FAILED).count()
                celery_load = load_average()
                tokens = prepare(ids)
                connection.close()
                started = time.perf_counter()
                pool.map(task_once, list(tokens.items()), chunksize=1)
                pool_s = time.perf_counter() - started
                ready = Petition.objects.filter(pk__in=ids, state=PetitionState.READY).count()
                celery_rates.append(len(ids) / celery_s)
                pool_rates.append(len(ids) / pool_s)
                print(f"round {round_number}: Celery {celery_rates[-1]:5.2f}/s ({failed} failed, "
                      f"load {celery_load}), pool {pool_rates[-1]:5.2f}/s ({ready} ready, "
                      f"load {load_average()})")  # fmt: skip
        finally:
            pool.terminate()
        celery_rate, pool_rate = statistics.median(celery_rates), statistics.median(pool_rates)
        print(f"batch of {len(ids)} through Celery (2 procs): {celery_rate:6.2f} petitions/s "
              f"(median of {args.rounds})")  # fmt: skip
        print(f"same task code, plain 2-process pool:    {pool_rate:6.2f} petitions/s")
        print(f"Celery / plain pool:                     {celery_rate / pool_rate:8.2f}  "
              "(target >= 0.9)")  # fmt: skip

        # 4. Peak memory of the worker.
        print(f"PDF worker peak memory (largest process): {peak_rss_mb(worker.pid):7.0f} MB")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
