"""The outbox: every side effect of a change (a notification, an email, a render, a report,
a cache refresh) is a row written in the change's own transaction, and a worker delivers it.

- ``outbox_enqueue`` writes the row; once the transaction commits, a message to the broker
  nudges a worker (``outbox_deliver``). If the broker cannot take the nudge, the change is
  saved anyway and the user is told that the work will follow.
- ``outbox_deliver`` leases the row in one short statement, runs the handler (an
  ``outbox_task``) outside any transaction, and marks the row delivered; a failure waits
  out a backoff and is tried again, up to ``OUTBOX_MAX_ATTEMPTS``.
- ``outbox_sweep`` (beat, every minute, on its own queue) nudges again whatever is due: a
  nudge the broker lost or never took, a failure whose backoff has passed, a lease whose
  worker died. One sweep at a time, a bounded batch each.

Handlers are idempotent (a render checks its token, an email its ``emailed_at``), so a
message delivered twice, after a lease ran out under a slow worker, does its work once.
The database is the record of what must happen; the broker only carries nudges.
"""

import contextlib
import contextvars
import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext

from casework.health import heartbeat_record
from casework.models import OutboxMessage

logger = logging.getLogger(__name__)

# A handler with no time limit of its own is stopped after this long, and its lease lasts
# as long: a second worker never starts on a message the first is still running.
DEFAULT_TIME_LIMIT = 300
# Between a worker being stopped at its time limit and the lease running out.
LEASE_MARGIN = 30
BACKOFF_FIRST = 60
BACKOFF_CAP = 60 * 60
SWEEP_BATCH = 500
# Any number, the same in every process: of two sweeps at once, the second finds it taken.
SWEEP_LOCK = 0x0B7B0C5

# task name -> the short name of its kind of job, for the health page.
_KINDS: dict[str, str] = {}
# The attempt being delivered, for a handler that gives up on its own after a few.
_attempt: contextvars.ContextVar[int] = contextvars.ContextVar("outbox_attempt", default=1)
# Messages for the current request about work that will follow later.
_deferred: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "deferred_work_messages", default=None
)


def outbox_task(*, kind: str, **options) -> Callable:
    """Declare a handler: a Celery task that is only ever delivered through the outbox.

    It takes ids, tokens and plain values; it is idempotent; it raises to be tried again
    (with backoff) rather than retrying itself."""

    def declare(function):
        _KINDS[f"{function.__module__}.{function.__name__}"] = kind
        return shared_task(**options)(function)

    return declare


def kind_of(task_name: str) -> str:
    return _KINDS.get(task_name) or task_name.rsplit(".", 1)[-1]


def delivery_attempt() -> int:
    """1 on a message's first delivery, 2 on its second…; 1 outside a delivery."""
    return _attempt.get()


def outbox_enqueue(task, *args, key: str, queue: str | None = None, deferred: str = "") -> None:
    """Record that ``task(*args)`` must run, in the caller's transaction, once per ``key``.

    Nothing is sent before the transaction commits, and nothing at all if it rolls back.
    ``deferred`` (untranslated, ``gettext_noop``) is what the user is told if the broker
    cannot take the message now."""
    queue = queue or _queue_of(task.name)
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                key=key,
                task=task.name,
                args=list(args),
                queue=queue,
                available_at=timezone.now() + _resend_after(queue),
            )
    except IntegrityError:
        return  # enqueued already: the first one is the one delivered
    transaction.on_commit(lambda: _nudge(message.pk, task.name, queue, deferred))


def _queue_of(task_name: str) -> str:
    return current_app.amqp.router.route({}, task_name)["queue"].name


def _resend_after(queue: str) -> timedelta:
    """How long a nudge may take to reach a worker before the sweep sends another: a PDF
    may wait behind a raid's batch."""
    if queue == settings.PDF_QUEUE:
        return timedelta(seconds=settings.PDF_REQUEUE_AFTER)
    return timedelta(seconds=settings.OUTBOX_RESEND_AFTER)


def _handler(task_name: str):
    tasks = current_app.tasks
    if task_name not in tasks:
        current_app.loader.import_default_modules()  # a process that never loaded it
    return tasks.get(task_name)


def _time_limit(handler) -> int:
    return (handler and handler.time_limit) or DEFAULT_TIME_LIMIT


def _publish(message_id: int, task_name: str, queue: str) -> None:
    handler = _handler(task_name)
    outbox_deliver.apply_async(
        (message_id,),
        queue=queue,
        time_limit=_time_limit(handler),
        soft_time_limit=handler and handler.soft_time_limit,
    )


def _nudge(message_id: int, task_name: str, queue: str, deferred: str) -> None:
    """After commit: the change is saved whatever happens here, so nothing is raised."""
    try:
        _publish(message_id, task_name, queue)
    except Exception:
        in_process = current_app.conf.task_always_eager
        logger.warning(
            "Outbox message %s (%s) not %s; the sweep sends it",
            message_id,
            task_name,
            "delivered in process" if in_process else "queued",
            exc_info=True,
        )
        if deferred and not in_process:
            _defer(deferred)


def _defer(text: str) -> None:
    pending = _deferred.get()
    if pending is None:
        pending = []
        _deferred.set(pending)
    if text not in pending:
        pending.append(text)


def deferred_messages() -> list[str]:
    """Take (and forget) what this request could not queue, for a view to phrase itself.
    Services name the messages untranslated (``gettext_noop``); they are worded here, in
    the language of the request."""
    pending = _deferred.get() or []
    _deferred.set(None)
    return [gettext(text) for text in pending]


def say_done(request, done: str) -> None:
    """Tell the user ``done``, unless the broker did not take the work it promises: then
    what will follow, and when."""
    if deferred := deferred_messages():
        for text in deferred:
            messages.warning(request, text)
    else:
        messages.success(request, done)


class DeferredWorkMiddleware:
    """Whatever a view did not phrase itself is shown as a warning on the next page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _deferred.set(None)
        try:
            response = self.get_response(request)
            for text in deferred_messages():
                messages.warning(request, text)
            return response
        finally:
            _deferred.reset(token)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most an hour."""
    return timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def _undelivered() -> Q:
    return Q(delivered_at__isnull=True, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)


def _unleased(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)


def deliver(message_id: int) -> str:
    """Run one message: "delivered", "failed" (tried again later) or "skipped" (delivered
    already, given up, or leased by another worker)."""
    message = OutboxMessage.objects.filter(_undelivered(), pk=message_id).first()
    if message is None:
        return "skipped"
    handler = _handler(message.task)
    now = timezone.now()
    lease = now + timedelta(seconds=_time_limit(handler) + LEASE_MARGIN)
    # One statement, so no transaction stays open while the handler runs; the attempt
    # counts even if this worker is killed, so a message that kills workers is given up.
    claimed = OutboxMessage.objects.filter(
        _undelivered(), _unleased(now), pk=message_id, attempts=message.attempts
    ).update(claimed_until=lease, available_at=lease, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    attempt = _attempt.set(message.attempts + 1)
    try:
        if handler is None:
            raise LookupError(message.task)
        with _savepoint_if_nested():
            handler(*message.args)
    except Exception as error:
        _failed(message, lease, error)
        return "failed"
    finally:
        _attempt.reset(attempt)
    OutboxMessage.objects.filter(pk=message_id, delivered_at__isnull=True).update(
        delivered_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "delivered"


def _savepoint_if_nested():
    """Workers call handlers outside any transaction. Called from within one (in process,
    inside a test's transaction), a failing handler must not break the caller's."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _failed(message: OutboxMessage, lease: datetime, error: Exception) -> None:
    attempts = message.attempts + 1
    gave_up = attempts >= settings.OUTBOX_MAX_ATTEMPTS
    logger.log(
        logging.ERROR if gave_up else logging.WARNING,
        "Outbox message %s (%s) failed on attempt %s%s: %s",
        message.pk,
        message.task,
        attempts,
        ", giving up" if gave_up else "",
        type(error).__name__,
        exc_info=error,
    )
    try:
        OutboxMessage.objects.filter(pk=message.pk, claimed_until=lease).update(
            claimed_until=None,
            available_at=timezone.now() + backoff(attempts),
            last_error=type(error).__name__[:100],
        )
    except DatabaseError:
        # The database went away with the handler: the lease runs out, and the sweep
        # sends the message again then.
        logger.warning("Outbox message %s: failure not recorded", message.pk, exc_info=True)


def sweep(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> int:
    """Nudge again up to ``limit`` messages that are due; returns how many were sent."""
    now = now or timezone.now()
    due = _take_due(now, limit)
    sent = 0
    for message_id, task_name, queue in due:
        try:
            _publish(message_id, task_name, queue)
        except Exception:
            # The broker is away: what was taken is due again after its resend delay.
            logger.warning(
                "Outbox sweep: the broker refused; %d left", len(due) - sent, exc_info=True
            )
            break
        sent += 1
    if sent:
        logger.info("Outbox sweep sent %d message(s) again", sent)
    return sent


def _take_due(now: datetime, limit: int) -> list[tuple[int, str, str]]:
    """Take a batch of due messages and move each one's next attempt past its resend delay,
    in one short transaction, so a second sweep at the same time takes none of them.
    On PostgreSQL the second sweep does not even wait: it finds the lock taken."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The lock lasts as long as this transaction, which may not last long.
                cursor.execute("SET LOCAL statement_timeout = '30s'")
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SWEEP_LOCK])
                if not cursor.fetchone()[0]:
                    return []
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(_undelivered(), _unleased(now), available_at__lte=now)
            .order_by("available_at")
            .values_list("pk", "task", "queue")[:limit]
        )
        for queue in {queue for _, _, queue in due}:
            OutboxMessage.objects.filter(pk__in=[pk for pk, _, q in due if q == queue]).update(
                available_at=now + _resend_after(queue)
            )
    return due


def outbox_retry_given_up(*, kind: str = "") -> int:
    """Make the messages given up on (of one kind, or all) due again, with their attempts
    counted afresh; returns how many."""
    given_up = OutboxMessage.objects.filter(
        delivered_at__isnull=True, attempts__gte=settings.OUTBOX_MAX_ATTEMPTS
    )
    if kind:
        job_kinds()  # every handler declared
        given_up = given_up.filter(task__in=[task for task, k in _KINDS.items() if k == kind])
    return given_up.update(attempts=0, available_at=timezone.now(), claimed_until=None)


@shared_task(ignore_result=True)
def outbox_deliver(message_id: int) -> str:
    return deliver(message_id)


@shared_task(ignore_result=True)
def outbox_sweep() -> int:
    """Periodic (beat, every minute), on the outbox's own queue: a backlog on the other
    queues never holds it back, and it never holds them back. Its run is also the
    heartbeat of that queue's workers."""
    heartbeat_record(settings.OUTBOX_QUEUE)
    return sweep()


def jobs_check(*, now: datetime | None = None) -> dict:
    """The health page's line per kind of job: how many wait, how long the oldest has
    waited, how many were given up. Counts and seconds only. One grouped query over the
    undelivered rows, which the partial index keeps few among millions."""
    now = now or timezone.now()
    limit = settings.OUTBOX_MAX_ATTEMPTS
    rows = (
        OutboxMessage.objects.filter(delivered_at__isnull=True)
        .values("task")
        .annotate(
            waiting=Count("pk", filter=Q(attempts__lt=limit)),
            oldest=Min("created_at", filter=Q(attempts__lt=limit)),
            given_up=Count("pk", filter=Q(attempts__gte=limit)),
        )
        .order_by()
    )
    kinds: dict[str, dict] = {kind: {} for kind in job_kinds()}
    for row in rows:
        line = kinds.setdefault(kind_of(row["task"]), {})
        line["waiting"] = line.get("waiting", 0) + row["waiting"]
        line["given_up"] = line.get("given_up", 0) + row["given_up"]
        if row["oldest"] is not None:
            waited = max(int((now - row["oldest"]).total_seconds()), 0)
            line["oldest_waiting_seconds"] = max(line.get("oldest_waiting_seconds") or 0, waited)
    return _verdict(kinds)


@functools.cache
def job_kinds() -> frozenset[str]:
    """Every kind, waiting or not, so that monitoring sees the same lines every time: the
    handlers declare them as their modules load, which a web process may not have done."""
    current_app.loader.import_default_modules()
    return frozenset(_KINDS.values())


def _verdict(kinds: dict[str, dict]) -> dict:
    alarm = settings.OUTBOX_WAIT_ALARM
    lines = {}
    for kind in sorted(kinds):
        waiting, given_up = kinds[kind].get("waiting", 0), kinds[kind].get("given_up", 0)
        waited = kinds[kind].get("oldest_waiting_seconds")
        ok = given_up == 0 and (waited is None or waited <= alarm)
        lines[kind] = {
            "ok": ok,
            "waiting": waiting,
            "oldest_waiting_seconds": waited,
            "given_up": given_up,
        }
    return {"ok": all(line["ok"] for line in lines.values()), "kinds": lines}
