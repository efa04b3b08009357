"""The PDF worker, started as docker-compose starts it, lives through a Redis restart while
it holds a late-acknowledged task (kombu's fault and its fix: panah/broker.py).

A real `celery worker` process on a Redis of the test's own: the task starts, Redis is
stopped and started again (empty: no persistence), the task is let finish, and the same
worker then takes and finishes a new task.
"""

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.broker import broker
from tests.casework.test_worker import wait_for
from tests.private_redis import private_redis  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]
TASK = "tests.documents.late_ack_task.hold"


def pdf_worker_command(name: str) -> list[str]:
    """docker-compose's pdf-worker command, run by this Python, under another node name,
    with the test's task imported."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = shlex.split(compose["services"]["pdf-worker"]["command"])
    assert command[:2] == ["celery", "-A"]
    at = command.index("-n")
    command[at + 1] = name
    return [sys.executable, "-m", *command, "-I", "tests.documents.late_ack_task"]


@pytest.fixture
def pdf_worker(private_redis, tmp_path):  # noqa: F811
    log = (tmp_path / "worker.log").open("w")
    environment = {
        **os.environ,
        # The worker runs as deployed, not under the test settings pytest exported.
        "DJANGO_SETTINGS_MODULE": "panah.settings",
        "REDIS_URL": private_redis.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "INFO",
    }
    process = subprocess.Popen(  # noqa: S603 - our own worker command
        pdf_worker_command(f"pdf-restart-{private_redis.port}@%h"),
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process, tmp_path / "worker.log"
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()
        log.close()


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_pdf_worker_survives_a_redis_restart_while_it_holds_a_late_ack_task(
    private_redis,  # noqa: F811
    pdf_worker,
    tmp_path,
):
    worker, log = pdf_worker
    connected = lambda: log.read_text().count("] Connected to ")  # noqa: E731
    assert wait_for(lambda: "ready." in log.read_text(), timeout=60), log.read_text()
    with broker(private_redis.url) as app:
        app.send_task(TASK, (str(tmp_path), "first"), queue=settings.PDF_QUEUE)
    # One process busy, the other free: the worker also waits on Redis for more work.
    assert wait_for(lambda: lines(tmp_path / "first.started"))

    private_redis.stop()
    assert wait_for(lambda: "Connection to broker lost" in log.read_text())
    time.sleep(1)  # the worker's first reconnection attempts fail
    private_redis.start()
    # A worker that died on the lost connection never connects again: stop waiting then.
    assert wait_for(lambda: connected() >= 2 or worker.poll() is not None, timeout=60)
    assert worker.poll() is None, log.read_text()
    (tmp_path / "first.release").touch()

    assert wait_for(lambda: lines(tmp_path / "first.done"))
    assert worker.poll() is None, log.read_text()
    assert "Unrecoverable error" not in log.read_text()

    # Still working, not merely alive: the same worker takes a task sent after the restart.
    (tmp_path / "second.release").touch()
    with broker(private_redis.url) as app:
        app.send_task(TASK, (str(tmp_path), "second"), queue=settings.PDF_QUEUE)
    assert wait_for(lambda: lines(tmp_path / "second.done"), timeout=60), log.read_text()
    assert worker.poll() is None
    # Redis lost the first task with its data: it ran once, and was not sent again.
    assert len(lines(tmp_path / "first.done")) == 1
