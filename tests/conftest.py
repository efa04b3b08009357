"""The test run's environment, then the personas (architecture.md): a lawyer and a paralegal
on the case, a supervisor, a colleague in the same organisation who is not on the case, and
an outsider.

Each parallel worker (pytest-xdist) gets its own PostgreSQL database (pytest-django adds
the worker's suffix), SQLite file, Redis database and media folder. ``--clock`` (or
PANAH_TEST_CLOCK) runs the whole suite as if started at another instant, e.g. in the
evening in UTC, when the date in Karachi is already tomorrow."""

import os
import re
import shutil
from datetime import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings

from casework.models import Role
from casework.services import case_assign
from tests.factories import OrganisationFactory, member, open_case
from tests.signin import verified_login

IN_CI = bool(os.environ.get("CI"))
TEST_SETTINGS = "panah.settings_test"
REDIS_DATABASES = 16  # Redis's default number of databases


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="INSTANT",
        default=os.environ.get("PANAH_TEST_CLOCK") or None,
        help="start the run's clock at INSTANT, ISO 8601 with its offset "
        "(e.g. 2026-03-31T20:30:00Z); it ticks on from there. Default: $PANAH_TEST_CLOCK.",
    )


def _clock(config) -> datetime | None:
    value = config.getoption("clock")
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise pytest.UsageError(f"--clock wants an ISO 8601 instant with its offset, not {value!r}")
    return instant


def pytest_configure(config):
    # A run under other settings (DJANGO_SETTINGS_MODULE in the shell wins over pyproject)
    # would send mail, cache and hash passwords as production does.
    if django_settings.SETTINGS_MODULE != TEST_SETTINGS:
        raise pytest.UsageError(
            f"tests run with {TEST_SETTINGS}, not {django_settings.SETTINGS_MODULE}: "
            "unset DJANGO_SETTINGS_MODULE"
        )
    _clock(config)


def pytest_report_header(config):
    instant = _clock(config)
    if instant is not None:
        return f"clock: every test runs from {instant.isoformat()} on (--clock)"
    return None


def _worker_number(config) -> int:
    """0 for a run without workers and for xdist's gw0, n for gwn."""
    worker = getattr(config, "workerinput", {}).get("workerid", "")
    match = re.fullmatch(r"gw(\d+)", worker)
    return int(match.group(1)) if match else 0


def worker_redis_url(url: str, worker: int) -> str:
    """REDIS_URL names the first worker's database; each further worker takes the one
    below it (wrapping at 16), so two workers never consume each other's tasks."""
    if not url:
        return url
    match = re.fullmatch(r"(.*/)(\d+)", url)
    base, number = (match.group(1), int(match.group(2))) if match else (url.rstrip("/") + "/", 0)
    return f"{base}{(number - worker) % REDIS_DATABASES}"


@pytest.fixture(scope="session", autouse=True)
def _travelled_clock(request):
    """Under --clock, everything from the test database's creation on sees that instant,
    the live server's and the in-process worker's threads too."""
    instant = _clock(request.config)
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    database = django_settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        # A file, not memory: an in-memory test database is one connection shared by every
        # live-server thread, and concurrent browser requests then deadlock on it. One
        # file per worker, in the worker's own temporary folder.
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.getbasetemp() / "panah-test.sqlite3"
        )


@pytest.fixture(scope="session", autouse=True)
def _worker_files_and_redis(request, tmp_path_factory, _travelled_clock):
    """This worker's media folder and audit head file, removed at the end, and its Redis
    database."""
    folder = tmp_path_factory.mktemp("files")
    media = folder / "media"
    media.mkdir()
    redis = worker_redis_url(os.environ.get("REDIS_URL", ""), _worker_number(request.config))
    with override_settings(
        MEDIA_ROOT=media,
        AUDIT_HEAD_EXPORT_PATH=str(folder / "audit-heads.jsonl"),
        REDIS_URL=redis,
        CELERY_BROKER_URL=redis or django_settings.CELERY_BROKER_URL,
    ):
        yield
    shutil.rmtree(folder, ignore_errors=True)


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
def redis_url(request):
    """This worker's Redis database (worker_redis_url), when Redis answers."""
    url = worker_redis_url(os.environ.get("REDIS_URL", ""), _worker_number(request.config))
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
