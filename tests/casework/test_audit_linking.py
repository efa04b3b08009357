"""Appending an audit event takes no lock; the chainer links committed events afterwards.

The finding this answers: every audited transaction (every page view) held the chain
head's row lock until commit, so an organisation's requests queued on one row and
deadlocked against intakes. Now an event is inserted unlinked; ``audit_link_pending``
links what has committed, in one place, resumably.
"""

import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from casework.audit import audit_link_lag, audit_link_pending, audit_verify, log_action
from casework.models import AuditChainHead, Event


def _seqs(chain: int) -> list[int]:
    return list(Event.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True))


def _in_thread(target) -> tuple[threading.Thread, list]:
    errors: list = []

    def run():
        try:
            target()
        except Exception as error:  # asserted in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_an_event_is_inserted_unlinked_and_linked_once(org):
    event = log_action("case.noted", organisation=org, actor=None, data={"n": 1})
    assert (event.seq, event.hash) == (None, "")
    assert audit_link_pending() == 1
    assert audit_link_pending() == 0  # linking again changes nothing
    event.refresh_from_db()
    assert event.seq == 1 and len(event.hash) == 64
    assert AuditChainHead.objects.get(chain=org.pk).hash == event.hash
    assert audit_verify() == ([], 1)


def test_a_run_is_bounded_and_the_next_run_continues(org, monkeypatch):
    from casework import audit

    monkeypatch.setattr(audit, "LINK_BATCH", 3)
    for n in range(8):
        log_action("case.noted", organisation=org, actor=None, data={"n": n})
    assert audit_link_pending(limit=3) == 3
    assert audit_link_lag().waiting == 5
    assert audit_link_pending() == 5
    assert _seqs(org.pk) == list(range(1, 9))
    assert audit_verify()[0] == []


def test_the_lag_is_what_waits_and_since_when(org):
    assert audit_link_lag().waiting == 0 and audit_link_lag().seconds() == 0
    Event.objects.create(
        organisation=org,
        chain=org.pk,
        verb="case.noted",
        created_at=timezone.now() - timedelta(minutes=10),
    )
    lag = audit_link_lag()
    assert lag.waiting == 1 and 590 <= lag.seconds() <= 660


def test_the_health_page_fails_while_events_wait_too_long_to_be_linked(client, org, settings):
    settings.AUDIT_LINK_LAG_LIMIT = 300
    Event.objects.create(
        organisation=org,
        chain=org.pk,
        verb="case.noted",
        created_at=timezone.now() - timedelta(minutes=10),
    )
    linking = client.get("/healthz/").json()["checks"]["audit_linking"]
    assert linking["ok"] is False and linking["waiting"] == 1
    assert linking["oldest_waiting_seconds"] >= 600
    audit_link_pending()
    linking = client.get("/healthz/").json()["checks"]["audit_linking"]
    assert linking == {"ok": True, "waiting": 0, "oldest_waiting_seconds": 0}


# PostgreSQL: what concurrency does ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_appending_does_not_wait_for_another_open_transaction(require_postgres, org):
    """Before, the second writer waited on the chain head until the first committed."""
    first_wrote, second_done = threading.Event(), threading.Event()

    def first_writer():
        with transaction.atomic():
            log_action("case.noted", organisation=org, actor=None, data={"who": "first"})
            first_wrote.set()
            # Held open until the second writer has committed (or gives up).
            second_done.wait(timeout=20)

    def second_writer():
        first_wrote.wait(timeout=20)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # Fail fast instead of hanging if anything still serialises appends.
                cursor.execute("SET LOCAL lock_timeout = '3s'")
                log_action("case.noted", organisation=org, actor=None, data={"who": "second"})
        finally:
            second_done.set()

    first, first_errors = _in_thread(first_writer)
    second, second_errors = _in_thread(second_writer)
    second.join(30)
    first.join(30)
    assert first_errors == [] and second_errors == []
    assert Event.objects.filter(verb="case.noted").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_committed_after_a_linking_run_is_linked_by_the_next(require_postgres, org):
    """A transaction held open across a run: its event (inserted before the others, so with
    a lower id) is not skipped and not linked twice."""
    inserted, linked = threading.Event(), threading.Event()

    def slow_transaction():
        with transaction.atomic():
            log_action("case.noted", organisation=org, actor=None, data={"who": "slow"})
            inserted.set()
            linked.wait(timeout=20)

    slow, errors = _in_thread(slow_transaction)
    assert inserted.wait(timeout=20)
    for n in range(3):
        log_action("case.noted", organisation=org, actor=None, data={"who": f"quick {n}"})
    assert audit_link_pending() == 3  # the slow one has not committed: not visible yet
    linked.set()
    slow.join(30)
    assert errors == []
    assert audit_link_pending() == 1
    assert _seqs(org.pk) == [1, 2, 3, 4]
    slow_event = Event.objects.get(data__who="slow")
    assert slow_event.seq == 4 and slow_event.pk < Event.objects.get(data__who="quick 0").pk
    assert audit_verify() == ([], 4)


@pytest.mark.django_db(transaction=True)
def test_chainers_running_at_once_link_each_event_once(require_postgres, org, other_org):
    for n in range(300):
        log_action("case.noted", organisation=(org, other_org)[n % 2], actor=None, data={"n": n})
    barrier = threading.Barrier(4)
    counts: list[int] = []

    def chainer():
        barrier.wait(timeout=20)
        total = 0
        for _ in range(3):
            total += audit_link_pending()
        counts.append(total)

    runs = [_in_thread(chainer) for _ in range(4)]
    for thread, _ in runs:
        thread.join(60)
    assert [e for _, errors in runs for e in errors] == []
    assert sum(counts) == 300
    assert _seqs(org.pk) == list(range(1, 151))
    assert _seqs(other_org.pk) == list(range(1, 151))
    assert audit_verify() == ([], 300)


def test_the_trigger_lets_an_event_be_linked_once_and_nothing_else(require_postgres, org):
    event = log_action("case.noted", organisation=org, actor=None, data={"n": 1})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(verb="tampered", seq=1, hash="f" * 64)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(hash="f" * 64)  # a hash with no place
    audit_link_pending()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seq=None, hash="")  # unlink to re-link
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(hash="f" * 64)
    assert audit_verify() == ([], 1)
