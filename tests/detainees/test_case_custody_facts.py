"""The custody facts stored on the case row (still held, released when) follow the
detention whichever way it is written, and the migration that introduced them fills them
in for cases that existed before it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from casework.models import Case, Outcome
from detainees.models import CustodyKind, CustodyStatus, Detention
from detainees.outcomes import outcome_record
from detainees.services import custody_change_record
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def facts(case):
    row = Case.objects.values("custody_held", "custody_released_at").get(pk=case.pk)
    return row["custody_held"], row["custody_released_at"]


def test_a_new_case_is_held_and_not_released(lawyer):
    case = open_case(lawyer, hours_ago=5)
    assert facts(case) == (True, None)


def test_a_release_recorded_as_a_custody_change_is_copied(lawyer):
    case = open_case(lawyer, hours_ago=10)
    released = timezone.now() - timedelta(hours=1)
    custody_change_record(
        case=case,
        kind=CustodyKind.RELEASED,
        occurred_at=released,
        by=lawyer,
        outcome="released_by_police",
    )
    assert facts(case) == (False, released)


def test_an_outcome_that_releases_stamps_the_case(lawyer):
    case = open_case(lawyer, hours_ago=30)
    occurred = timezone.now() - timedelta(hours=2)
    outcome_record(
        case=case, outcome=Outcome.RELEASED_BY_POLICE, occurred_at=occurred, hearing=None,
        source="Fictional: seen at home by the lawyer", by=lawyer,
    )  # fmt: skip
    assert facts(case) == (False, Detention.objects.get(pk=case.detention_id).released_at)
    assert facts(case)[1] is not None


def test_a_transfer_to_a_holding_centre_is_still_held(lawyer):
    case = open_case(lawyer, hours_ago=30)
    moved = timezone.now() - timedelta(hours=3)
    custody_change_record(case=case, kind=CustodyKind.HOLDING_CENTRE, occurred_at=moved, by=lawyer)
    assert facts(case) == (True, None)
    custody_change_record(
        case=case, kind=CustodyKind.DEPORTED, occurred_at=moved + timedelta(hours=1), by=lawyer
    )
    assert facts(case) == (False, None)


def test_queryset_updates_and_stale_whole_row_saves_keep_the_facts_true(lawyer):
    case = open_case(lawyer, hours_ago=10)
    stale = Case.objects.get(pk=case.pk)
    released = timezone.now() - timedelta(hours=1)
    Detention.objects.filter(pk=case.detention_id).update(
        status=CustodyStatus.RELEASED, released_at=released
    )
    assert facts(case) == (False, released)
    stale.status_reason = "Fictional reason"
    stale.save()  # every column, the facts as read before the release among them
    assert facts(case) == (False, released)
    Detention.objects.filter(pk=case.detention_id).update(released_at=None)
    assert facts(case) == (False, None)


def test_the_migration_fills_the_facts_of_existing_cases(lawyer):
    from django.db.migrations.executor import MigrationExecutor

    case = open_case(lawyer, hours_ago=10)
    released = timezone.now() - timedelta(hours=1)
    Detention.objects.filter(pk=case.detention_id).update(
        status=CustodyStatus.RELEASED, released_at=released
    )
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("detainees", "0017_case_custody_facts")
    operation = migration.operations[0]
    apps = executor.loader.project_state().apps
    # As before the migration: the triggers without the facts, the columns at their defaults.
    operation.reverse_code(apps, connection.schema_editor())
    Case.objects.filter(pk=case.pk).update(custody_held=True, custody_released_at=None)
    assert facts(case) == (True, None)
    operation.code(apps, connection.schema_editor())
    assert facts(case) == (False, released)
