"""Audit hash chain: appends per second with concurrent writers, and audit_verify speed.

Appends to one organisation's chain are serialised by a row lock on its head, so writers
of one organisation queue while writers of different organisations do not. This prints how
much that costs. Run on PostgreSQL (a throwaway test database is created and dropped):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/panah \
        .venv/bin/python bench/audit_chain.py --events 2000 --verify-events 100000

It prints figures; it asserts nothing.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panah.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections, transaction  # noqa: E402

from casework.audit import audit_verify, log_action, log_actions  # noqa: E402
from casework.models import Organisation  # noqa: E402


def appends_per_second(organisations: list[Organisation], threads: int, events: int) -> float:
    per_thread = events // threads
    barrier = threading.Barrier(threads)

    def write(n: int) -> None:
        org = organisations[n % len(organisations)]
        try:
            barrier.wait()
            for i in range(per_thread):
                # Each append in its own transaction, as a service writes one event.
                with transaction.atomic():
                    log_action("bench.appended", organisation=org, actor=None, data={"i": i})
        finally:
            connections.close_all()

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return per_thread * threads / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000, help="appends per measurement")
    parser.add_argument("--verify-events", type=int, default=50_000)
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        orgs = [
            Organisation.objects.create(name=f"Bench {n}", reference_prefix=f"B{n}")
            for n in range(8)
        ]
        print(f"database: {connection.vendor}")
        for threads in (1, 4, 16):
            same = appends_per_second(orgs[:1], threads, args.events)
            spread = appends_per_second(orgs, threads, args.events)
            print(
                f"{threads} writer(s): {same:7.0f} appends/s into one organisation, "
                f"{spread:7.0f} appends/s spread over {min(threads, len(orgs))}"
            )
        remaining = args.verify_events - 6 * args.events
        for start in range(0, max(remaining, 0), 5000):
            with transaction.atomic():
                log_actions(
                    "bench.bulk",
                    organisation=orgs[0],
                    actor=None,
                    entries=[(None, None, {"i": start + i}) for i in range(5000)],
                )
        started = time.perf_counter()
        broken, checked = audit_verify()
        elapsed = time.perf_counter() - started
        print(
            f"audit_verify: {checked:,} entries in {elapsed:.1f} s "
            f"({checked / elapsed:,.0f}/s), broken chains: {len(broken)}"
        )
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
