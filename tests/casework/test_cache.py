"""The cache fails soft: with its Redis stopped, reads miss, writes are dropped, nothing
raises, the outage is logged once, and the cache works again when Redis is back."""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.casework.test_worker import wait_for
from tests.private_redis import private_redis  # noqa: F401  (fixture)


def fail_soft_cache(url: str, pause: float = 0.2) -> dict:
    return {
        "default": {
            "BACKEND": "casework.cache.FailSoftRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                "PAUSE_AFTER_FAILURE": pause,
            },
        }
    }


@pytest.fixture
def redis_cache(private_redis):  # noqa: F811
    with override_settings(CACHES=fail_soft_cache(private_redis.url)):
        yield private_redis


def test_it_is_an_ordinary_cache_while_redis_is_up(redis_cache):
    cache.set("figures", {"cases": 7}, 60)
    assert cache.get("figures") == {"cases": 7}
    assert cache.add("lock", 1, 60) is True
    assert cache.add("lock", 1, 60) is False
    assert cache.incr("lock") == 2


def test_with_redis_stopped_reads_miss_and_writes_are_dropped(redis_cache, caplog):
    cache.set("figures", {"cases": 7}, 60)
    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="casework.cache"):
        assert cache.get("figures") is None
        assert cache.get("figures", "computed") == "computed"
        cache.set("figures", {"cases": 8}, 60)
        assert cache.get_many(["figures", "other"]) == {}
        assert cache.has_key("figures") is False
        assert cache.add("lock", 1, 60) is False
        assert cache.delete("figures") is False
        assert cache.get_or_set("figures", {"cases": 9}, 60) == {"cases": 9}
        with pytest.raises(ValueError):
            cache.incr("lock")
        time.sleep(0.3)  # past the pause: Redis is tried again, and fails again
        assert cache.get("figures") is None
    unavailable = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(unavailable) == 1


def test_with_redis_stopped_a_read_does_not_wait_for_it(redis_cache):
    redis_cache.stop()
    cache.get("figures")  # the one attempt of this pause
    started = time.monotonic()
    for _ in range(50):
        cache.get("figures")
    assert time.monotonic() - started < 0.2


def test_it_works_again_once_redis_is_back(redis_cache, caplog):
    redis_cache.stop()
    assert cache.get("figures") is None
    redis_cache.start()

    def stored():
        cache.set("figures", {"cases": 7}, 60)
        return cache.get("figures") == {"cases": 7}

    with caplog.at_level(logging.WARNING, logger="casework.cache"):
        assert wait_for(stored, timeout=10)
    assert any("available again" in r.getMessage() for r in caplog.records)
