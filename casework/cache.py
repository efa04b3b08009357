"""The cache as an optional service: Redis, or nothing, never an error page.

What the cache holds can always be worked out again (the supervisors' figures) or is a
convenience (the API's request counts), so while Redis is away every read is a miss,
every write is dropped, and the page computes without it and says nothing. The outage
is logged once, and its end once.

The API's rate limits count in this cache, so they are off while Redis is away: they
protect the servers from a runaway script, not accounts, and refusing every request
instead would turn a cache outage into an API outage. Guessing at passwords stays
limited: the sign-in throttle counts in the database (accounts.services.LoginThrottle).

After a failure, Redis is left alone for ``PAUSE_AFTER_FAILURE`` seconds (an OPTIONS
entry, 10 by default): a refused connection costs about half a second with redis-py's
retries, which one request per pause pays instead of every request.
"""

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Shared by every thread's instance of a cache (Django makes one per thread): one
# location is up or down for the whole process.
_down_until: dict[str, float] = {}
_state_lock = threading.Lock()


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.pause_after_failure = float(options.pop("PAUSE_AFTER_FAILURE", 10))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = str(server)

    def _attempt(self, call: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if _down_until.get(self._location, 0.0) > time.monotonic():
            return fallback()
        try:
            result = call()
        except RedisError as error:
            self._went_down(error)
            return fallback()
        self._came_back()
        return result

    def _went_down(self, error: RedisError) -> None:
        with _state_lock:
            first = self._location not in _down_until
            _down_until[self._location] = time.monotonic() + self.pause_after_failure
        if first:
            logger.warning("The cache is unavailable; pages are computed without it: %s", error)

    def _came_back(self) -> None:
        if self._location not in _down_until:
            return
        with _state_lock:
            if _down_until.pop(self._location, None) is None:
                return
        logger.warning("The cache is available again.")

    # Reads miss; writes are dropped and say they did nothing (``add`` False: nothing was
    # added, the cautious answer for a caller using it as a lock); ``incr`` fails as it
    # does for a missing key.

    def get(self, key, default=None, version=None):
        return self._attempt(partial(super().get, key, default, version), lambda: default)

    def get_many(self, keys, version=None):
        return self._attempt(partial(super().get_many, keys, version), dict)

    def has_key(self, key, version=None):
        return self._attempt(partial(super().has_key, key, version), _false)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt(partial(super().set, key, value, timeout, version), _none)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(partial(super().set_many, data, timeout, version), lambda: list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(partial(super().add, key, value, timeout, version), _false)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(partial(super().touch, key, timeout, version), _false)

    def delete(self, key, version=None):
        return self._attempt(partial(super().delete, key, version), _false)

    def delete_many(self, keys, version=None):
        self._attempt(partial(super().delete_many, keys, version), _none)

    def incr(self, key, delta=1, version=None):
        return self._attempt(partial(super().incr, key, delta, version), partial(_missing, key))

    def clear(self):
        return self._attempt(super().clear, _false)


def _false() -> bool:
    return False


def _none() -> None:
    return None


def _missing(key) -> None:
    raise ValueError(f"Key '{key}' not found: the cache is unavailable")
