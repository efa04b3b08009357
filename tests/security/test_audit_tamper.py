"""Finding 7: the audit chain could be rewritten or emptied without ``audit_verify``
noticing, by whoever owns the tables. Each attack below passes the plain check (that is
the finding) and fails ``audit_verify --since-export`` against the signed heads exported
outside the database. And the application's own role cannot do any of them."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from casework.audit import (
    GENESIS,
    audit_link_pending,
    audit_verify,
    event_digest,
    heads_export,
    log_action,
)
from casework.models import AuditChainHead, Event

APP_ROLE = "panah_test_app"


@pytest.fixture
def export_path(tmp_path, settings):
    settings.AUDIT_HEAD_EXPORT_PATH = str(tmp_path / "heads.jsonl")
    return settings.AUDIT_HEAD_EXPORT_PATH


@pytest.fixture
def trail(org, lawyer):
    for n in range(5):
        log_action("case.viewed", organisation=org, actor=lawyer, data={"page": f"p{n}"})
    return org


def _owner(sql: str, params=()) -> None:
    """What the owner of the tables can do: switch the append-only trigger off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's own inserts leave deferred checks that ALTER TABLE will not wait for.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE casework_event DISABLE TRIGGER casework_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE casework_event ENABLE TRIGGER casework_event_append_only")


def _rehash(chain: int) -> None:
    previous = GENESIS
    for event in Event.objects.filter(chain=chain).order_by("seq"):
        event.hash = previous = event_digest(previous, event)
        _owner("UPDATE casework_event SET hash = %s WHERE id = %s", [event.hash, event.pk])
    last = Event.objects.filter(chain=chain).order_by("-seq").first()
    AuditChainHead.objects.filter(chain=chain).update(seq=last.seq if last else 0, hash=previous)


def _verify_since_export():
    call_command("audit_verify", "--since-export", stdout=io.StringIO(), stderr=io.StringIO())


def test_an_untouched_trail_passes_against_its_export(trail, export_path):
    heads_export()
    log_action("case.viewed", organisation=trail, actor=None, data={"page": "later"})
    _verify_since_export()


def test_removing_the_last_events_and_moving_the_head_back_is_caught(trail, export_path):
    heads_export()
    chain = trail.pk
    _owner("DELETE FROM casework_event WHERE chain = %s AND seq > 3", [chain])
    _rehash(chain)
    assert audit_verify()[0] == []  # the plain check is fooled
    with pytest.raises(CommandError, match="tampered"):
        _verify_since_export()


def test_editing_an_event_and_re_hashing_the_chain_is_caught(trail, export_path):
    heads_export()
    chain = trail.pk
    _owner("UPDATE casework_event SET verb = 'auth.logged_in' WHERE chain = %s AND seq = 2",
           [chain])  # fmt: skip
    _rehash(chain)
    assert audit_verify()[0] == []
    with pytest.raises(CommandError, match="tampered"):
        _verify_since_export()


def test_emptying_the_trail_is_caught(trail, export_path):
    heads_export()
    _owner("DELETE FROM casework_event")
    AuditChainHead.objects.all().delete()
    assert audit_verify() == ([], 0)
    with pytest.raises(CommandError, match="tampered"):
        _verify_since_export()


def test_an_export_signed_with_another_key_is_refused(trail, export_path, settings):
    heads_export()
    settings.AUDIT_HEAD_KEY = "not-the-key-that-signed-it"
    with pytest.raises(CommandError, match="tampered"):
        _verify_since_export()


def test_the_export_needs_a_file_to_check_against(trail, export_path):
    with pytest.raises(CommandError, match="No exported audit heads"):
        _verify_since_export()


@pytest.fixture
def app_role(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
    call_command("grant_app_role", APP_ROLE, stdout=io.StringIO())
    return APP_ROLE


def _as_app(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE casework_event",
        "ALTER TABLE casework_event DISABLE TRIGGER casework_event_append_only",
        "ALTER TABLE casework_event DISABLE TRIGGER ALL",
        "UPDATE casework_event SET verb = 'x'",
        "DELETE FROM casework_event",
        "DELETE FROM casework_auditchainhead",
        "TRUNCATE casework_auditchainhead",
        "DROP TABLE casework_event",
    ],
)
def test_the_application_role_cannot_rewrite_history(trail, app_role, sql):
    with pytest.raises(DatabaseError):
        _as_app(sql)


def test_the_application_role_appends_and_reads(trail, app_role, org, lawyer):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        log_action("case.viewed", organisation=org, actor=lawyer, data={"page": "app"})
        assert Event.objects.filter(data__page="app").exists()
    assert audit_verify()[0] == []


def test_the_application_role_links_events_but_cannot_alter_them(trail, app_role, org):
    """The chainer runs as the application: it may give an event its place (seq, hash)
    once, and nothing more."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        assert audit_link_pending() == 5
    assert audit_verify() == ([], 5)
    log_action("case.viewed", organisation=org, actor=None, data={"page": "unlinked"})
    for sql in (
        "UPDATE casework_event SET verb = 'x' WHERE seq IS NULL",
        "UPDATE casework_event SET hash = 'x', seq = 99 WHERE seq = 1",
    ):
        with pytest.raises(DatabaseError):
            _as_app(sql)
