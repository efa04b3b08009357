"""`/healthz/`: for monitoring, without sign-in, and telling nothing but the machinery's state."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from casework.health import HEARTBEAT_KEY, heartbeat_record
from casework.models import OutboxMessage
from casework.outbox import jobs_check
from documents.models import Petition, PetitionState
from tests.broker import UNREACHABLE
from tests.documents.petition_helpers import case_with_por, template

EXPECTED_KEYS = {"database", "broker", "workers", "audit_linking", "jobs"}
IDLE = {"ok": True, "waiting": 0, "oldest_waiting_seconds": None, "given_up": 0}


@pytest.fixture
def fresh_heartbeats(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [HEARTBEAT_KEY.format(queue=q) for q in ("celery", "pdf", "outbox")]
    client.delete(*keys)
    yield
    client.delete(*keys)


def test_everything_well_answers_200_without_sign_in(client, db, redis_url, fresh_heartbeats):
    with override_settings(REDIS_URL=redis_url):
        for queue in ("celery", "pdf", "outbox"):
            heartbeat_record(queue)
        response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == EXPECTED_KEYS
    assert body["checks"]["workers"]["pdf"]["seen_seconds_ago"] < 60  # a busy machine is slow
    jobs = body["checks"]["jobs"]
    assert jobs["ok"] is True
    assert jobs["kinds"]["petition_render"] == IDLE
    assert response["Cache-Control"] == "no-store"


def test_no_worker_seen_is_failing(client, db, redis_url, fresh_heartbeats):
    with override_settings(REDIS_URL=redis_url):
        heartbeat_record("celery")  # the PDF workers are all down
        heartbeat_record("outbox")
        response = client.get("/healthz/")
    assert response.status_code == 503
    workers = response.json()["checks"]["workers"]
    assert workers["celery"]["ok"] and not workers["pdf"]["ok"]
    assert workers["pdf"]["seen_seconds_ago"] is None


def test_broker_down_is_failing_and_says_no_more(client, db):
    with override_settings(REDIS_URL=UNREACHABLE):
        response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"] == {"ok": False}
    assert "127.0.0.1" not in response.content.decode()  # no hosts, no error texts


def test_eager_mode_has_no_broker_to_miss(client, db):
    with override_settings(REDIS_URL=""):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == {"ok": True, "mode": "in-process"}


def test_each_kind_of_job_shows_its_oldest_waiting_without_saying_whose(
    client, lawyer, paralegal, supervisor, django_capture_on_commit_callbacks
):
    from documents.petitions import services

    case = case_with_por(lawyer, paralegal, supervisor)
    petition = services.petition_create(case=case, template=template("bail-497"), by=paralegal)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_submit(petition=petition, by=paralegal)
    with django_capture_on_commit_callbacks(execute=False):  # the broker lost them
        services.petition_approve(petition=petition, by=supervisor)
    assert Petition.objects.get(pk=petition.pk).state == PetitionState.RENDERING
    render = OutboxMessage.objects.get(task__endswith="render_petition")
    with override_settings(REDIS_URL=""):
        response = client.get("/healthz/")
    assert response.status_code == 200  # waiting a moment is normal
    kinds = response.json()["checks"]["jobs"]["kinds"]
    assert kinds["petition_render"]["waiting"] == 1
    assert kinds["petition_render"]["oldest_waiting_seconds"] < 60
    assert kinds["petition_approved"]["waiting"] == 1
    assert kinds["email"] == IDLE

    OutboxMessage.objects.filter(pk=render.pk).update(
        created_at=timezone.now() - timedelta(minutes=20)
    )
    with override_settings(REDIS_URL=""):
        response = client.get("/healthz/")
    assert response.status_code == 503
    jobs = response.json()["checks"]["jobs"]
    assert jobs["ok"] is False
    assert jobs["kinds"]["petition_render"]["ok"] is False
    assert 20 * 60 <= jobs["kinds"]["petition_render"]["oldest_waiting_seconds"] < 21 * 60
    assert jobs["kinds"]["petition_approved"]["ok"] is True
    page = response.content.decode()
    assert case.reference not in page and "Hotaki" not in page and render.key not in page


def test_the_jobs_line_is_one_query(db, django_assert_num_queries):
    jobs_check()  # the kinds are known once the task modules are loaded
    with django_assert_num_queries(1):
        jobs_check()


def test_only_get(client, db):
    assert client.post("/healthz/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_database_restart_costs_no_request(require_postgres, client):
    """A persistent connection killed under the web worker (PostgreSQL restarted) is
    noticed at the start of the next request and replaced, instead of failing it."""
    import psycopg
    from django.db import close_old_connections

    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        params = connection.get_connection_params()
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        close_old_connections()  # what Django does when every request starts
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        connection.close()
        connection.settings_dict["CONN_MAX_AGE"] = saved
