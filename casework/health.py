"""The health page for monitoring (``/healthz/``): no sign-in, and nothing but the state of
the machinery: database, broker, workers seen recently, how long audit events have waited
to be linked into their chain, and what is registered here (the outbox adds, per kind of
job, how many wait and how long the oldest has waited). No names, counts of cases, hosts
or error texts: an outsider learns only whether the service is well.

Workers prove they are alive by running a beat task on their own queue every minute
(``casework.tasks.worker_heartbeat``, ``documents.petitions.tasks.pdf_worker_heartbeat``,
``casework.outbox.outbox_sweep``), which stamps the time in Redis.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "panah:worker-seen:{queue}"
# Heartbeats run every minute: three missed ones means no worker is taking that queue.
WORKER_SEEN_WITHIN = 180

# name -> callable returning {"ok": bool, ...plain figures}; filled by AppConfig.ready().
_CHECKS: dict[str, Callable[[], dict]] = {}


def register_check(name: str, check: Callable[[], dict]) -> None:
    _CHECKS[name] = check


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def heartbeat_record(queue: str) -> None:
    if not settings.REDIS_URL:  # eager mode: the web process is the worker
        return
    _redis().set(HEARTBEAT_KEY.format(queue=queue), int(time.time()), ex=24 * 60 * 60)


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health: the database does not answer", exc_info=True)
        return {"ok": False}
    return {"ok": True}


def _queues() -> list[str]:
    return [settings.CELERY_TASK_DEFAULT_QUEUE, settings.PDF_QUEUE, settings.OUTBOX_QUEUE]


def _broker_and_workers() -> tuple[dict, dict]:
    if not settings.REDIS_URL:
        in_process = {"ok": True, "mode": "in-process"}
        return in_process, {queue: in_process for queue in _queues()}
    import redis

    try:
        client = _redis()
        client.ping()
        seen = client.mget([HEARTBEAT_KEY.format(queue=q) for q in _queues()])
    except redis.RedisError:
        logger.warning("Health: the broker does not answer", exc_info=True)
        unknown = {"ok": False, "seen_seconds_ago": None}
        return {"ok": False}, {queue: unknown for queue in _queues()}
    now = int(time.time())
    workers = {}
    for queue, stamp in zip(_queues(), seen, strict=True):
        ago = None if stamp is None else max(0, now - int(stamp))
        workers[queue] = {
            "ok": ago is not None and ago <= WORKER_SEEN_WITHIN,
            "seen_seconds_ago": ago,
        }
    return {"ok": True}, workers


def _audit_linking() -> dict:
    """How far the audit chainer lags behind what has committed."""
    from casework.audit import audit_link_lag

    try:
        lag = audit_link_lag()
    except DatabaseError:
        return {"ok": False}
    seconds = lag.seconds()
    return {
        "ok": seconds <= settings.AUDIT_LINK_LAG_LIMIT,
        "waiting": lag.waiting,
        "oldest_waiting_seconds": seconds,
    }


def health_report() -> dict:
    broker, workers = _broker_and_workers()
    checks = {"database": _database(), "broker": broker, "workers": workers}
    checks["audit_linking"] = _audit_linking()
    for name, check in _CHECKS.items():
        try:
            checks[name] = check()
        except DatabaseError:
            checks[name] = {"ok": False}
    healthy = (
        checks["database"]["ok"]
        and broker["ok"]
        and all(w["ok"] for w in workers.values())
        and checks["audit_linking"]["ok"]
        and all(checks[name]["ok"] for name in _CHECKS)
    )
    return {"status": "ok" if healthy else "failing", "checks": checks}
