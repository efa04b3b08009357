"""The API's rate limits count in the cache: with its Redis stopped, requests are
answered and not limited (casework/cache.py says why), and counting resumes after."""

import pytest
from django.test import override_settings

from tests.api.conftest import token_client
from tests.casework.test_cache import fail_soft_cache
from tests.casework.test_worker import wait_for
from tests.private_redis import private_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

THREE_A_MINUTE = dict.fromkeys(["token", "user", "inbox", "anonymous"], "3/minute")


@pytest.fixture
def redis_cache(private_redis):  # noqa: F811
    with override_settings(
        CACHES=fail_soft_cache(private_redis.url), API_THROTTLE_RATES=THREE_A_MINUTE
    ):
        yield private_redis


def statuses(client, count: int) -> list[int]:
    return [client.get("/api/v1/cases/").status_code for _ in range(count)]


def test_rate_limit_counts_in_redis(redis_cache, lawyer):
    assert statuses(token_client(lawyer), 4) == [200, 200, 200, 429]


def test_requests_are_answered_and_not_limited_while_redis_is_down(redis_cache, lawyer):
    client = token_client(lawyer)
    assert statuses(client, 3) == [200, 200, 200]
    redis_cache.stop()
    assert statuses(client, 5) == [200] * 5


def test_counting_resumes_when_redis_is_back(redis_cache, lawyer):
    client = token_client(lawyer)
    redis_cache.stop()
    assert statuses(client, 2) == [200, 200]
    redis_cache.start()  # empty: nothing was counted while it was away
    assert wait_for(lambda: statuses(client, 1) == [429], timeout=10)
