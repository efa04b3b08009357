"""Point the Celery app at a given broker for one test, and put everything back after.

The app caches its connection and producer pools; without resetting them a test that
used an unreachable broker would leave later tests publishing into the void.
"""

import contextlib

from panah.celery import app

# Nothing listens on port 1: connecting is refused at once, like a Redis that is down.
UNREACHABLE = "redis://127.0.0.1:1/0"


def _reset_pools() -> None:
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def broker(url: str):
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    _reset_pools()
    app.conf.update(broker_url=url, task_always_eager=False)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_pools()
