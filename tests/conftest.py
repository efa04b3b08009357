"""Personas (architecture.md): a lawyer and a paralegal on the case, a supervisor, a
colleague in the same organisation who is not on the case, and an outsider."""

import os
import shutil
from types import SimpleNamespace

import pytest
from django.db import connection

from casework.models import Role
from casework.services import case_assign
from tests.factories import OrganisationFactory, member, open_case
from tests.signin import verified_login

IN_CI = bool(os.environ.get("CI"))


def require(what: str, available: bool) -> None:
    """In CI a missing service is a failure; on a laptop without it, a skip that says why."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available here")


@pytest.fixture
def require_postgres(db):
    require("PostgreSQL (set DATABASE_URL)", connection.vendor == "postgresql")


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    available = False
    if url:
        import redis

        try:
            available = redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError:
            available = False
    require("Redis (set REDIS_URL)", available)
    return url


@pytest.fixture
def chromium_path():
    path = shutil.which("chromium") or "/usr/bin/chromium"
    require("Chromium at /usr/bin/chromium", os.path.exists(path))
    return path


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Demo Legal Aid", reference_prefix="ISB")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Other Chambers", reference_prefix="PEW")


@pytest.fixture
def supervisor(org):
    return member(org, Role.SUPERVISOR, "supervisor")


@pytest.fixture
def admin_user(org):
    return member(org, Role.ADMIN, "orgadmin")


@pytest.fixture
def lawyer(org):
    return member(org, Role.LAWYER, "lawyer")


@pytest.fixture
def paralegal(org):
    return member(org, Role.PARALEGAL, "paralegal")


@pytest.fixture
def colleague(org):
    """Same organisation, not on the case."""
    return member(org, Role.LAWYER, "colleague")


@pytest.fixture
def outsiders(other_org):
    """Every role of the other organisation."""
    return [member(other_org, role, f"other-{role}") for role in Role.values]


@pytest.fixture
def outsider(outsiders):
    return next(u for u in outsiders if u.username == "other-supervisor")


@pytest.fixture
def case(lawyer, paralegal, supervisor):
    opened = open_case(lawyer)
    case_assign(case=opened, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    opened.refresh_from_db()
    return opened


@pytest.fixture
def personas(lawyer, paralegal, supervisor, colleague, outsiders):
    return SimpleNamespace(
        lawyer=lawyer, paralegal=paralegal, supervisor=supervisor,
        colleague=colleague, outsiders=outsiders,
    )  # fmt: skip


@pytest.fixture
def login(client):
    """Sign ``user`` in with password and second factor, as the real sign-in leaves it."""

    def _login(user):
        verified_login(client, user)
        return client

    return _login


@pytest.fixture
def assert_hidden_from_strangers(client, colleague, outsiders):
    """The 404 rule: the colleague not on the case and every outsider role get 404."""

    def _check(url: str, methods=("get", "post")):
        for user in [colleague, *outsiders]:
            verified_login(client, user)
            for method in methods:
                response = getattr(client, method)(url)
                assert response.status_code == 404, (user.username, method, url)
        client.logout()

    return _check


@pytest.fixture(autouse=True)
def _interface_in_the_default_language():
    """A request in Urdu leaves Urdu active on the thread (Django's translation is
    thread-local and nothing resets it after a test-client request): start each test in
    the default language so no test depends on the ones before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
