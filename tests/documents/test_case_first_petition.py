"""Each case's first petition time, copied onto the case row for the Analytics page,
follows the petitions however they are written, and the migration that introduced it
fills it in for cases that existed before it."""

from datetime import timedelta

import pytest
from django.db import connection

from casework.models import Case
from documents.models import Petition, PetitionTemplate
from documents.petitions.services import petition_create
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def first_petition_at(case):
    return Case.objects.values_list("first_petition_at", flat=True).get(pk=case.pk)


def draft(case, by) -> Petition:
    template = PetitionTemplate.objects.filter(organisation=None).order_by("pk").first()
    return petition_create(case=case, template=template, by=by)


def test_a_case_without_petitions_has_none(lawyer):
    assert first_petition_at(open_case(lawyer)) is None


def test_the_first_petition_drafted_is_copied_and_a_later_one_leaves_it(lawyer):
    case = open_case(lawyer, hours_ago=30)
    first = draft(case, lawyer)
    assert first_petition_at(case) == first.created_at
    draft(case, lawyer)
    assert first_petition_at(case) == first.created_at


def test_a_queryset_update_and_a_stale_whole_row_save_keep_it_true(lawyer):
    case = open_case(lawyer, hours_ago=30)
    stale = Case.objects.get(pk=case.pk)
    petition = draft(case, lawyer)
    earlier = petition.created_at - timedelta(hours=20)
    Petition.objects.filter(pk=petition.pk).update(created_at=earlier)
    assert first_petition_at(case) == earlier
    stale.status_reason = "Fictional reason"
    stale.save()  # every column, the time as read before the petition among them
    assert first_petition_at(case) == earlier


def test_the_migration_fills_the_time_of_existing_cases(lawyer):
    from django.db.migrations.executor import MigrationExecutor

    case = open_case(lawyer, hours_ago=30)
    petition = draft(case, lawyer)
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("documents", "0014_case_first_petition")
    operation = migration.operations[0]
    apps = executor.loader.project_state().apps
    # As before the migration: no triggers, the column at its default.
    operation.reverse_code(apps, connection.schema_editor())
    Case.objects.filter(pk=case.pk).update(first_petition_at=None)
    assert first_petition_at(case) is None
    operation.code(apps, connection.schema_editor())
    assert first_petition_at(case) == petition.created_at
