"""Audit trail: appends per second with 1, 4 and 16 concurrent writers, how far the
chainer lags behind them, and audit_verify speed.

Appends take no lock (casework/audit.py): events are inserted unlinked and a chainer,
running here in its own thread as beat runs it in production, links them after commit.
Each measurement prints appends/s and the worst lag seen (the oldest unlinked event's age
while the writers ran) and how long the chainer took to catch up once they stopped.
Run on PostgreSQL (a throwaway test database is created and dropped):

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

from casework.audit import (  # noqa: E402
    audit_link_lag,
    audit_link_pending,
    audit_verify,
    log_action,
    log_actions,
)
from casework.models import Organisation  # noqa: E402


def appends_per_second(
    organisations: list[Organisation], threads: int, events: int
) -> tuple[float, float, float]:
    """Appends/s, the worst lag while writing (s) and the time to catch up after (s)."""
    per_thread = events // threads
    barrier = threading.Barrier(threads + 1)
    writing = threading.Event()
    worst_lag = [0.0]

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

    def chain() -> None:
        try:
            barrier.wait()
            while writing.is_set():
                worst_lag[0] = max(worst_lag[0], audit_link_lag().seconds())
                audit_link_pending()
                time.sleep(0.2)
        finally:
            connections.close_all()

    writing.set()
    chainer = threading.Thread(target=chain)
    chainer.start()
    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    rate = per_thread * threads / (time.perf_counter() - started)
    writing.clear()
    chainer.join()
    caught_up = time.perf_counter()
    audit_link_pending()
    return rate, worst_lag[0], time.perf_counter() - caught_up


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
            same, lag, catch_up = appends_per_second(orgs[:1], threads, args.events)
            spread, _, _ = appends_per_second(orgs, threads, args.events)
            print(
                f"{threads:2} writer(s): {same:6.0f} appends/s into one organisation "
                f"(chainer lag at most {lag:.0f} s, caught up {catch_up:.2f} s after), "
                f"{spread:6.0f} appends/s spread over {min(threads, len(orgs))}"
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
        linked = audit_link_pending(limit=10**9)
        print(
            f"audit_link_pending: {linked:,} events linked in {time.perf_counter() - started:.1f} s"
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
