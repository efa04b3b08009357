"""Send a task once the transaction commits, without turning a broker outage into a 500.

The database is the record of what must happen (a petition in "rendering" with its token,
a notification not yet emailed); the message is only a nudge. If the broker cannot take
the nudge, the change is already saved, so the user is told that the work will follow,
and the sweepers (``documents.petitions.tasks.petition_renders_sweep``,
``casework.tasks.notifications_deliver_pending``) send it when the queue is back.
"""

import contextvars
import logging
from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a publish raises when Redis is down or unreachable: kombu wraps most of it, the
# socket layer raises the rest.
SEND_ERRORS = (BrokerError, ConnectionError, TimeoutError, OSError)

# Messages for the current request about work that will follow later.
_deferred: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "deferred_work_messages", default=None
)


def send_now(task, *args, deferred: str = "", on_failure: Callable[[], None] | None = None):
    """Publish ``task(*args)``; on a broker error log it, remember ``deferred`` for the
    user, call ``on_failure`` and return False instead of raising."""
    try:
        task.apply_async(args)
    except SEND_ERRORS as error:
        if task.app.conf.task_always_eager:
            raise  # in-process: this is the task's own error, not the broker's
        logger.warning("Could not queue %s%r: %r; a sweeper will send it", task.name, args, error)
        if deferred:
            pending = _deferred.get()
            if pending is None:
                pending = []
                _deferred.set(pending)
            if deferred not in pending:
                pending.append(deferred)
        if on_failure is not None:
            on_failure()
        return False
    return True


def send_on_commit(
    task, *args, deferred: str = "", on_failure: Callable[[], None] | None = None
) -> None:
    """Like ``task.delay_on_commit(*args)``, but a broker outage degrades (see send_now)."""
    transaction.on_commit(lambda: send_now(task, *args, deferred=deferred, on_failure=on_failure))


def deferred_messages() -> list[str]:
    """Take (and forget) what this request could not queue, for a view to phrase itself.
    Services name the messages untranslated (``gettext_noop``); they are worded here, in
    the language of the request."""
    pending = _deferred.get() or []
    _deferred.set(None)
    return [gettext(text) for text in pending]


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
