"""The supervisors' figures with their cache's Redis stopped: the page is counted without
it, the same as with it, and says nothing of the outage."""

import pytest
import redis
from django.test import override_settings

from analytics import selectors
from tests.analytics.fixture import build
from tests.casework.test_cache import fail_soft_cache
from tests.private_redis import private_redis  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

URL = "/analytics/?since=2026-01-01"


@pytest.fixture
def redis_cache(private_redis):  # noqa: F811
    with override_settings(CACHES=fail_soft_cache(private_redis.url)):
        yield private_redis


def cells(response) -> dict:
    return {key: table.rows for key, table in response.context["figures"].tables.items()}


def test_figures_are_cached_in_redis_while_it_is_up(redis_cache, client, login, supervisor, lawyer):
    build(lawyer)
    login(supervisor)
    assert client.get(URL).status_code == 200
    keys = redis.Redis.from_url(redis_cache.url).keys("*analytics:figures*")
    assert len(keys) == 1


def test_page_is_counted_without_redis_stopped_mid_request(
    redis_cache, client, login, supervisor, lawyer, monkeypatch
):
    build(lawyer)
    login(supervisor)
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        expected = cells(client.get(URL))
    counted = selectors.analytics_figures

    def redis_stops_while_counting(*args, **kwargs):
        # After the cache was read (a miss) and before the figures are stored in it.
        redis_cache.stop()
        return counted(*args, **kwargs)

    monkeypatch.setattr(selectors, "analytics_figures", redis_stops_while_counting)
    response = client.get(URL)
    assert response.status_code == 200
    assert cells(response) == expected
    assert b"cache" not in response.content.lower()
    assert b"redis" not in response.content.lower()


def test_page_answers_while_redis_stays_down(redis_cache, client, login, supervisor, lawyer):
    build(lawyer)
    login(supervisor)
    first = cells(client.get(URL))
    redis_cache.stop()
    for _ in range(2):
        response = client.get(URL)
        assert response.status_code == 200
        assert cells(response) == first
