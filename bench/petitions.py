"""Petition PDFs: what rendering costs, and how much of it is ours rather than WeasyPrint's.

Prints, in one run:
  1. the cold first render in a Celery PDF worker that has just started;
  2. the median ms per petition through the whole pipeline (selector -> template ->
     WeasyPrint -> storage) beside WeasyPrint alone on the same HTML, and their ratio
     (target <= 1.25);
  3. the throughput of a batch through Celery with two worker processes beside a plain
     two-process pool rendering the same HTML, and their ratio (target >= 0.85);
  4. the PDF worker's peak memory (resident set, largest process).

Everything happens in a throwaway database (created and dropped here) and a temporary
media directory, with fictional cases. Redis is needed for the Celery part:

    REDIS_URL=redis://127.0.0.1:6379/6 DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/petitions.py --petitions 100

Without DATABASE_URL a temporary SQLite file is used. It prints figures; it asserts nothing.
"""

import argparse
import hashlib
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
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection  # noqa: E402
from weasyprint import HTML  # noqa: E402

from casework.models import Membership, Organisation, Role  # noqa: E402
from casework.services import case_assign  # noqa: E402
from detainees.intake.services import IntakeRow, cases_open  # noqa: E402
from documents.models import IdentityDocument, Petition, PetitionState  # noqa: E402
from documents.petitions import services  # noqa: E402
from documents.petitions.context import petition_context  # noqa: E402
from documents.petitions.fetcher import CaseFileFetcher  # noqa: E402
from documents.petitions.render import PetitionRenderer, annexures_of, petition_html  # noqa: E402
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


def pipeline_once(petition_id: int) -> float:
    """Selector -> template -> WeasyPrint -> storage, as the worker does it."""
    started = time.perf_counter()
    petition = _load(petition_id)
    petition.context = petition_context(petition.case)
    filename, _mimetype, data = PetitionRenderer().generate(petition)
    name = default_storage.save(f"bench/{filename}", ContentFile(data))
    hashlib.sha256(data).hexdigest()
    elapsed = time.perf_counter() - started
    default_storage.delete(name)
    return elapsed * 1000


def weasyprint_once(html: str, case) -> float:
    started = time.perf_counter()
    HTML(string=html, url_fetcher=CaseFileFetcher(case)).write_pdf()
    return (time.perf_counter() - started) * 1000


def _pool_render(html: str) -> int:
    # Only bundled assets are referenced by these petitions (no annexures), so no case is
    # needed to fetch them.
    return len(HTML(string=html, url_fetcher=CaseFileFetcher(None)).write_pdf())


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


def enqueue(petition_ids: list[int]) -> None:
    for pk in petition_ids:
        token = f"bench{pk}-{time.monotonic_ns()}"
        Petition.objects.filter(pk=pk).update(
            state=PetitionState.RENDERING, render_token=token, pdf=""
        )
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
    parser.add_argument("--petitions", type=int, default=100, help="batch size")
    parser.add_argument("--repeats", type=int, default=15, help="in-process renders timed")
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
        enqueue(ids[:1])
        cold = wait_ready(ids[:1], timeout=120)
        print(f"cold first render in a fresh worker:     {cold * 1000:8.0f} ms "
              "(enqueue to stored PDF)")  # fmt: skip

        # 2. Whole pipeline vs WeasyPrint alone, same HTML, warm, in this process.
        pipeline_once(ids[1])  # warm fonts and caches as a running worker has them
        sample = ids[1 : 1 + args.repeats] or ids[:1]
        pipe = [pipeline_once(pk) for pk in sample]
        weasy = []
        for pk in sample:
            petition = _load(pk)
            html = petition_html(petition, annexures_of(petition))
            weasy.append(weasyprint_once(html, petition.case))
        pipe_ms, weasy_ms = statistics.median(pipe), statistics.median(weasy)
        print(f"median per petition, whole pipeline:     {pipe_ms:8.1f} ms")
        print(f"median per petition, WeasyPrint alone:   {weasy_ms:8.1f} ms")
        print(f"pipeline / WeasyPrint:                   {pipe_ms / weasy_ms:8.2f}  "
              "(target <= 1.25)")  # fmt: skip

        # 3. Batch through Celery (2 worker processes) vs a plain 2-process pool.
        enqueue(ids)
        celery_s = wait_ready(ids, timeout=60 + 10 * len(ids))
        failed = Petition.objects.filter(pk__in=ids, state=PetitionState.FAILED).count()
        htmls = []
        for pk in ids:
            petition = _load(pk)
            htmls.append(petition_html(petition, annexures_of(petition)))
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_pool_render, htmls, chunksize=1)
        pool_s = time.perf_counter() - started
        celery_rate, pool_rate = len(ids) / celery_s, len(ids) / pool_s
        print(f"batch of {len(ids)} through Celery (2 procs): {celery_rate:6.2f} petitions/s "
              f"({celery_s:.1f} s, {failed} failed)")  # fmt: skip
        print(f"same HTML, plain 2-process pool:         {pool_rate:6.2f} petitions/s "
              f"({pool_s:.1f} s)")  # fmt: skip
        print(f"Celery / plain pool:                     {celery_rate / pool_rate:8.2f}  "
              "(target >= 0.85)")  # fmt: skip

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
