"""case_for_user: one query for the case and what the user may do on it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from guardian.shortcuts import assign_perm

from casework.selectors import case_for_user, user_may


def test_the_case_comes_with_what_the_user_may_do_in_one_query(
    case, paralegal, django_assert_num_queries
):
    paralegal.membership  # noqa: B018 - the membership is loaded once per request
    with django_assert_num_queries(1):
        found = case_for_user(paralegal, case.reference)
    assert found.access.change and found.access.draft_petition
    assert not found.access.may("approve_petition")
    with django_assert_num_queries(0):
        assert user_may(paralegal, found, "change_case")
        assert not user_may(paralegal, found, "approve_petition")


def test_a_granted_approval_shows_in_the_access(case, lawyer):
    assign_perm("casework.approve_petition", lawyer, case)
    assert case_for_user(lawyer, case.reference).access.may("approve_petition")


def test_supervisors_may_everything_on_their_organisations_cases(case, supervisor):
    access = case_for_user(supervisor, case.reference).access
    assert access.change and access.membership.may_assign_cases


def test_seed_demo_refuses_without_debug(db):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", cases=1, other_cases=1)


@pytest.mark.django_db
def test_seed_demo_loads_demo_data_with_debug_on():
    from casework.models import Case

    with override_settings(DEBUG=True):
        call_command("seed_demo", cases=2, other_cases=1)
        seeded = Case.objects.count()
        call_command("seed_demo", cases=2, other_cases=1)
    assert seeded > 3
    assert Case.objects.count() == seeded  # safe to run again
