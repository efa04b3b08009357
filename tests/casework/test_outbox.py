"""The outbox: a side effect exists exactly when its change does, is delivered once per key,
waits out failures with backoff, and is swept up when its nudge or its worker was lost."""

import io
import re
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from casework.models import Notification, OutboxMessage
from casework.notifications import notification_email, notification_send
from casework.outbox import backoff, deliver, jobs_check, outbox_enqueue, sweep
from tests.broker import UNREACHABLE, broker
from tests.outbox import MAIL_DOWN, make_due, waiting

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def note(colleague, org):
    """A notification whose email is not sent yet, and no message for it yet."""
    return Notification.objects.create(
        key="test:reminder",
        recipient=colleague,
        organisation=org,
        subject="Panah: a reminder",
        body="Open Panah.",
    )


def test_a_message_enqueued_in_a_rolled_back_transaction_leaves_nothing(
    note, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue(notification_email, note.pk, key="email:rolled-back")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mailoutbox == []


def test_the_same_key_twice_is_one_message_delivered_once(
    note, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(notification_email, note.pk, key="email:twice")
        outbox_enqueue(notification_email, note.pk, key="email:twice")
    message = OutboxMessage.objects.get()
    assert (message.key, message.attempts) == ("email:twice", 1)
    assert message.delivered_at is not None and message.claimed_until is None
    assert [m.subject for m in mailoutbox] == ["Panah: a reminder"]
    make_due()
    assert sweep() == 0  # nothing is waiting
    assert deliver(message.pk) == "skipped"  # a late duplicate nudge does nothing
    assert len(mailoutbox) == 1


def test_a_notification_sent_twice_is_one_notification_and_one_email(
    colleague, org, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notification_send(
                key="test:once",
                recipient=colleague,
                organisation=org,
                subject="Panah: once",
                body="",
            )
    assert Notification.objects.filter(key="test:once").count() == 1
    assert OutboxMessage.objects.filter(key="email:test:once").count() == 1
    assert len(mailoutbox) == 1


def test_a_failed_delivery_waits_out_its_backoff_and_the_sweep_delivers_it_once(
    note, mailoutbox, django_capture_on_commit_callbacks
):
    with override_settings(**MAIL_DOWN):
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue(notification_email, note.pk, key="email:backoff")
        message = OutboxMessage.objects.get()
        assert message.delivered_at is None and message.claimed_until is None
        assert (message.attempts, message.last_error) == (1, "ConnectionRefusedError")
        assert before + backoff(1) <= message.available_at <= timezone.now() + backoff(1)
        assert sweep() == 0  # its backoff has not passed
        make_due()
        assert sweep() == 1  # still down: the second attempt fails too, and waits longer
        message.refresh_from_db()
        assert message.attempts == 2 and message.delivered_at is None
        assert message.available_at >= timezone.now() + backoff(2) - timedelta(seconds=5)
    assert backoff(2) == 2 * backoff(1) and backoff(30) == timedelta(hours=1)
    make_due()
    assert sweep() == 1  # the mail server is back
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 3
    assert Notification.objects.get(pk=note.pk).emailed_at is not None
    make_due()
    assert sweep() == 0
    assert [m.to for m in mailoutbox] == [[note.recipient.email]]


def test_after_the_last_attempt_a_message_is_given_up_and_shown_as_such(
    note, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with override_settings(**MAIL_DOWN):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_enqueue(notification_email, note.pk, key="email:given-up")
        make_due()
        assert sweep() == 1
    make_due()
    assert sweep() == 0  # given up: not tried again by itself
    assert OutboxMessage.objects.get().attempts == 2
    line = jobs_check()["kinds"]["email"]
    assert line == {"ok": False, "waiting": 0, "oldest_waiting_seconds": None, "given_up": 1}
    assert mailoutbox == []


def test_what_was_given_up_is_tried_again_on_request_once_mended(
    note, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    with override_settings(**MAIL_DOWN), django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(notification_email, note.pk, key="email:mended")
    with pytest.raises(CommandError, match="No such kind"):
        call_command("outbox_retry", kind="emails")
    out = io.StringIO()
    call_command("outbox_retry", kind="email", stdout=out)
    assert out.getvalue().startswith("1 message(s)")
    assert sweep() == 1
    assert OutboxMessage.objects.get().delivered_at is not None
    assert len(mailoutbox) == 1
    call_command("outbox_retry", stdout=out)
    assert sweep() == 0


def test_a_leased_message_is_left_to_its_worker_until_the_lease_runs_out(note, mailoutbox):
    """A worker killed while it held the message: its lease runs out, and the sweep sends
    the message again, once."""
    message = OutboxMessage.objects.create(
        key="email:leased",
        task=notification_email.name,
        args=[note.pk],
        queue="celery",
        attempts=1,
        claimed_until=timezone.now() + timedelta(minutes=5),
        available_at=timezone.now() - timedelta(minutes=1),
    )
    assert deliver(message.pk) == "skipped"
    assert sweep() == 0
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert sweep() == 1
    assert sweep() == 0
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 2
    assert len(mailoutbox) == 1


def _lost_nudges(notes) -> None:
    """Messages whose nudges the broker lost: written, due, never delivered."""
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            key=f"email:{n.key}",
            task=notification_email.name,
            args=[n.pk],
            queue="celery",
            available_at=timezone.now() - timedelta(minutes=1),
        )
        for n in notes
    )


def test_a_sweep_is_bounded_and_the_next_one_takes_the_rest(colleague, org, mailoutbox):
    notes = [
        Notification.objects.create(
            key=f"test:bounded:{i}", recipient=colleague, organisation=org, subject=f"No. {i}"
        )
        for i in range(5)
    ]
    _lost_nudges(notes)
    assert sweep(limit=2) == 2
    assert waiting().count() == 3
    assert sweep(limit=2) == 2
    assert sweep(limit=2) == 1
    assert sorted(m.subject for m in mailoutbox) == [f"No. {i}" for i in range(5)]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_message_once(require_postgres, colleague, org, mailoutbox):
    """Two beats firing together: each keeps sweeping small batches until nothing is due."""
    notes = Notification.objects.bulk_create(
        Notification(
            key=f"test:race:{i}", recipient=colleague, organisation=org, subject=f"No. {i}"
        )
        for i in range(300)
    )
    _lost_nudges(notes)
    start, sent = threading.Barrier(2), []

    def beat():
        try:
            start.wait()
            while count := sweep(limit=20):
                sent.append(count)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sum(sent) == 300  # each nudged by one sweep only
    assert not waiting().exists()
    assert len(mailoutbox) == 300
    assert set(Counter(m.subject for m in mailoutbox).values()) == {1}


@pytest.mark.django_db(transaction=True)
def test_a_sweep_finding_another_at_work_leaves_at_once(require_postgres, note, mailoutbox):
    import psycopg

    from casework.outbox import SWEEP_LOCK

    _lost_nudges([note])
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", [SWEEP_LOCK])  # sweeping now
        started = time.monotonic()
        assert sweep() == 0
        assert time.monotonic() - started < 5  # it did not wait for the other
    assert sweep() == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sweep_skips_what_another_transaction_holds(require_postgres, colleague, org):
    import psycopg

    notes = [
        Notification.objects.create(
            key=f"test:held:{i}", recipient=colleague, organisation=org, subject=f"No. {i}"
        )
        for i in range(2)
    ]
    _lost_nudges(notes)
    held = OutboxMessage.objects.get(key="email:test:held:0")
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT id FROM casework_outboxmessage WHERE id = %s FOR UPDATE", [held.pk])
        assert sweep() == 1
    assert list(waiting().values_list("pk", flat=True)) == [held.pk]


def test_the_broker_refusing_a_sweep_keeps_the_messages_for_the_next(note, mailoutbox):
    _lost_nudges([note])
    with broker(UNREACHABLE):
        assert sweep() == 0
    assert waiting().count() == 1
    make_due()
    assert sweep() == 1
    assert len(mailoutbox) == 1


# Publishing to the broker happens in one place; bench/ measures Celery itself.
DIRECT_PUBLISH = re.compile(
    r"\.apply_async\(|\.delay\(|\.delay_on_commit\(|\.apply_async_on_commit\(|send_task\("
    r"|on_commit\([^)]*(apply_async|delay)"
)
ALLOWED = {Path("casework/outbox.py")}
SKIPPED = {".venv", ".tools", "bench", "tests", "node_modules", "static", ".git"}


def test_nothing_publishes_to_the_broker_but_the_outbox():
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIPPED or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if DIRECT_PUBLISH.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def test_the_grep_would_find_a_raw_publish():
    for line in [
        "transaction.on_commit(lambda: render.apply_async((pk,), queue='pdf'))",
        "render_preview.delay(petition.pk, token)",
        "invitation_send.delay_on_commit(user.pk)",
    ]:
        assert DIRECT_PUBLISH.search(line), line
    assert not DIRECT_PUBLISH.search("outbox_enqueue(render, pk, key=key)")
