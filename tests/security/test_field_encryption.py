import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from casework import crypto
from casework.models import Event
from detainees.models import RiskScreening
from detainees.risk.services import risk_screening_save

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "ethnicity": "Hazara",
    "religion": "Ismaili",
    "sogi": "Gay man",
    "affiliations": "Reporter for an independent radio station",
    "notes": "Named on a list circulated at checkpoints.",
}


def _raw_row(pk: int) -> dict[str, str]:
    columns = ["groups", *SECRETS]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM detainees_riskscreening WHERE id = %s", [pk]
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


@pytest.fixture
def screening(case, lawyer):
    return risk_screening_save(
        case=case,
        fields={"level": "high", "groups": ["lgbtqi", "journalist_hrd"], **SECRETS},
        by=lawyer,
    )


def test_raw_database_shows_only_ciphertext(screening):
    raw = _raw_row(screening.pk)

    for name, value in raw.items():
        assert value.startswith(crypto.PREFIX), name
        assert value not in SECRETS.values()
    for secret in [*SECRETS.values(), "lgbtqi", "journalist_hrd"]:
        assert all(secret not in value for value in raw.values())


def test_orm_reads_plaintext_back(screening):
    fresh = RiskScreening.objects.get(pk=screening.pk)
    assert fresh.ethnicity == "Hazara"
    assert fresh.group_list == ["lgbtqi", "journalist_hrd"]


def test_encrypting_the_same_value_twice_gives_different_ciphertext(db):
    assert crypto.encrypt("Hazara") != crypto.encrypt("Hazara")


def test_a_key_that_was_never_configured_cannot_read(screening, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        RiskScreening.objects.get(pk=screening.pk)


def test_rotation_re_encrypts_every_row_so_the_old_key_can_go(screening, settings, case, lawyer):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = crypto.generate_key()
    before = _raw_row(screening.pk)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_keys", stdout=io.StringIO())
    after = _raw_row(screening.pk)

    assert all(after[name] != before[name] for name in before)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert RiskScreening.objects.get(pk=screening.pk).notes == SECRETS["notes"]
    assert not any(crypto.needs_rotation(value) for value in after.values())
    assert Event.objects.filter(verb="keys.rotated", organisation=None).exists()


def test_rotating_twice_leaves_nothing_to_do(screening, settings, capsys):
    call_command("rotate_field_keys")
    first = _raw_row(screening.pk)
    call_command("rotate_field_keys")
    assert _raw_row(screening.pk) == first
    assert capsys.readouterr().out.splitlines()[-1].startswith("Done: 0 row(s)")


def test_production_refuses_to_start_without_field_keys():
    env = {
        k: v for k, v in os.environ.items() if k not in ("FIELD_ENCRYPTION_KEYS", "DATABASE_URL")
    }
    env.update(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="panah.example")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "panah.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_a_malformed_key_is_reported_clearly(settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="Fernet key"):
        crypto.encrypt("x")


def test_system_check_reports_a_bad_key(settings):
    from casework.crypto import check_field_encryption_keys

    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    assert [e.id for e in check_field_encryption_keys()] == ["panah.E001"]
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    assert check_field_encryption_keys() == []


def test_missing_field_key_gives_a_clear_page_not_a_500(screening, case, lawyer, login, settings):
    from django.urls import reverse

    client = login(lawyer)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # restored without keys
    response = client.get(reverse("detainees:risk-detail", args=[case.reference]))
    assert response.status_code == 503
    page = response.content.decode()
    assert "This data was encrypted with a key this server does not have" in page
    assert "Nothing has been lost" in page
    assert SECRETS["notes"] not in page


def test_illness_is_stored_as_ciphertext_and_read_back(case, lawyer):
    from detainees.services import person_update

    person_update(case=case, fields={"illness": "diabetic, needs insulin"}, by=lawyer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT illness FROM detainees_person WHERE id = %s", [case.person_id])
        (raw,) = cursor.fetchone()

    assert raw.startswith(crypto.PREFIX) and "insulin" not in raw
    case.person.refresh_from_db()
    assert case.person.illness == "diabetic, needs insulin"


def test_the_migration_encrypts_illness_already_recorded(case, lawyer):
    from django.db.migrations.executor import MigrationExecutor

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE detainees_person SET illness = %s WHERE id = %s", ["asthma", case.person_id]
        )
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("detainees", "0011_person_illness_encrypted")
    encrypt_existing = migration.operations[1].code
    encrypt_existing(executor.loader.project_state().apps, connection.schema_editor())

    case.person.refresh_from_db()
    assert case.person.illness == "asthma"
    with connection.cursor() as cursor:
        cursor.execute("SELECT illness FROM detainees_person WHERE id = %s", [case.person_id])
        assert cursor.fetchone()[0].startswith(crypto.PREFIX)
