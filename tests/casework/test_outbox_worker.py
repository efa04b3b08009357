"""A worker process killed while it delivers a message: the message's lease runs out and the
sweep delivers it, once. The worker is a real Celery process on Redis and the real test
database; the mail server it talks to accepts the connection and never answers."""

import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from casework.models import Notification, OutboxMessage
from casework.notifications import notification_send
from casework.outbox import sweep
from tests.broker import broker
from tests.casework.test_worker import wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_mail_server():
    """Takes connections and says nothing: the worker waits on it until it is killed."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []

    def serve():
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], accepted
    server.close()
    for peer in accepted:
        peer.close()


def _worker_process(redis_url: str, mail_port: int) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        # The worker runs as deployed, not under the test settings pytest exported.
        "DJANGO_SETTINGS_MODULE": "panah.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_TIMEOUT": "300",
        "LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "panah",
            "worker",
            "-P",
            "solo",
            "-Q",
            "celery",
            "-n",
            "outbox-killed@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.django_db(transaction=True)
def test_a_message_whose_worker_was_killed_is_delivered_once_after_its_lease(
    require_postgres, redis_url, silent_mail_server, colleague, org, mailoutbox
):
    mail_port, connections_taken = silent_mail_server
    with broker(redis_url) as app:
        app.control.purge()
        worker = _worker_process(redis_url, mail_port)
        try:
            notification_send(
                key="test:killed",
                recipient=colleague,
                organisation=org,
                subject="Panah: a reminder",
                body="Open Panah.",
            )
            message = OutboxMessage.objects.get(key="email:test:killed")
            leased = lambda: OutboxMessage.objects.filter(  # noqa: E731
                pk=message.pk, attempts=1, claimed_until__isnull=False
            ).exists()
            assert wait_for(lambda: leased() and connections_taken, timeout=120)
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
    message.refresh_from_db()
    assert message.delivered_at is None and message.claimed_until > timezone.now()
    assert sweep() == 0  # the lease is the dead worker's until it runs out
    past = timezone.now() - timedelta(seconds=1)  # as if the lease had run its course
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=past, available_at=past)
    assert sweep() == 1  # delivered here, in process, where mail is up
    assert sweep() == 0
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 2
    assert [m.subject for m in mailoutbox] == ["Panah: a reminder"]
    assert Notification.objects.get(key="test:killed").emailed_at is not None
