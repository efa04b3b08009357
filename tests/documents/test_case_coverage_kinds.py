"""The kinds of document each detainee holds, stored beside the papers verdict for the
Analytics page, follow the documents through the services, and the migration that
introduced them fills them in for cases that existed before it."""

from datetime import date

import pytest
from django.db import connection

from documents.models import CaseCoverage
from documents.selectors import kinds_held
from documents.services import document_add, document_update, documents_add_bulk
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]


def stored_kinds(case) -> list[str]:
    return kinds_held(CaseCoverage.objects.get(case_id=case.pk).kinds)


def test_a_new_case_holds_no_kinds(lawyer):
    case = open_case(lawyer)
    assert CaseCoverage.objects.get(case_id=case.pk).kinds == ""


def test_adding_and_correcting_documents_moves_the_kinds(lawyer):
    case = open_case(lawyer)
    tazkira = document_add(case=case, fields={"kind": "tazkira"}, by=lawyer)
    fields = {"kind": "por", "expires_on": date(2025, 6, 30)}
    document_add(case=case, fields=fields, by=lawyer)
    assert stored_kinds(case) == ["por", "tazkira"]
    document_update(case=case, document=tazkira, fields={"kind": "passport"}, by=lawyer)
    assert stored_kinds(case) == ["por", "passport"]


def test_two_documents_of_one_kind_are_one_kind(lawyer):
    case = open_case(lawyer)
    document_add(case=case, fields={"kind": "tazkira", "number": "T-1"}, by=lawyer)
    document_add(case=case, fields={"kind": "tazkira", "number": "T-2"}, by=lawyer)
    assert stored_kinds(case) == ["tazkira"]


def test_bulk_intake_documents_are_stored_for_each_case(lawyer):
    first, second = open_case(lawyer), open_case(lawyer)
    documents_add_bulk(items=[(first, {"kind": "acc"}), (second, {"kind": "visa"})], by=lawyer)
    assert (stored_kinds(first), stored_kinds(second)) == (["acc"], ["visa"])


def test_a_change_of_kinds_alone_leaves_the_verdicts_time(lawyer):
    case = open_case(lawyer)
    expired = {"kind": "passport", "expires_on": date(2020, 1, 1)}
    document_add(case=case, fields=expired, by=lawyer)
    before = CaseCoverage.objects.get(case_id=case.pk)
    # A tazkira proves who he is, not a right to stay: still not covered.
    document_add(case=case, fields={"kind": "tazkira"}, by=lawyer)
    after = CaseCoverage.objects.get(case_id=case.pk)
    assert kinds_held(after.kinds) == ["passport", "tazkira"]
    assert (after.status, after.changed_at) == (before.status, before.changed_at)
    assert after.status == "not_covered"


def test_the_migration_fills_the_kinds_of_existing_cases(lawyer):
    from django.db.migrations.executor import MigrationExecutor

    case = open_case(lawyer)
    document_add(case=case, fields={"kind": "unhcr_refugee"}, by=lawyer)
    CaseCoverage.objects.filter(case_id=case.pk).update(kinds="")
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("documents", "0013_case_coverage_kinds")
    fill = migration.operations[1].code
    fill(executor.loader.project_state().apps, connection.schema_editor())
    assert stored_kinds(case) == ["unhcr_refugee"]
