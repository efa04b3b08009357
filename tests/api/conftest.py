"""API clients: a bearer token per persona, as a script would hold one."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.services import api_token_create, inbox_token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def token_client(user, scope: str = "read_write") -> APIClient:
    _, raw = api_token_create(user=user, name=f"{user.username} script", scope=scope, days=30)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def api_as():
    return token_client


@pytest.fixture
def inbox_client(admin_user):
    _, raw = inbox_token_create(by=admin_user, name="Peshawar hotline")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client
