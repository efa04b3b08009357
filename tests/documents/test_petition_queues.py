"""The queues: "Awaiting my approval" and "Returned to me", as pages and header counts."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from casework.context_processors import membership as header
from documents.models import PetitionState
from documents.petitions import services
from documents.petitions.queues import awaiting_my_approval, returned_to_me
from tests.documents.petition_helpers import case_with_por, template

AWAITING = reverse("documents:petition-queue-awaiting")
RETURNED = reverse("documents:petition-queue-returned")


def _drafts(lawyer, paralegal, supervisor, names):
    bail = template("bail-497")
    return [
        services.petition_create(
            case=case_with_por(lawyer, paralegal, supervisor, given=name), template=bail,
            by=paralegal,
        )
        for name in names
    ]  # fmt: skip


@pytest.fixture
def in_review(lawyer, paralegal, supervisor):
    petitions = _drafts(lawyer, paralegal, supervisor, ["Jawid", "Samir"])
    for petition in petitions:
        services.petition_submit(petition=petition, by=paralegal)
    return petitions


def test_awaiting_lists_what_i_may_approve_and_nothing_i_edited(
    in_review, supervisor, lawyer, paralegal, colleague
):
    first, second = in_review
    assert set(awaiting_my_approval(supervisor.membership)) == {first, second}
    assert list(awaiting_my_approval(paralegal.membership)) == []  # the drafter
    assert list(awaiting_my_approval(lawyer.membership)) == []  # no grant yet
    assign_perm("casework.approve_petition", lawyer, first.case)
    assert list(awaiting_my_approval(lawyer.membership)) == [first]
    services.petition_return(petition=first, by=supervisor, comment="Add the grounds.")
    services.petition_update(
        petition=first, by=lawyer, court=first.court, facts="Lawyer's facts.", grounds="",
        prayer_additions="",
    )  # fmt: skip
    services.petition_submit(petition=first, by=paralegal)
    assert list(awaiting_my_approval(lawyer.membership)) == []  # edited it: four eyes
    colleague.membership.approves_petitions = True
    colleague.membership.save()
    assert set(awaiting_my_approval(colleague.membership)) == {first, second}


def test_returned_lists_my_drafts_sent_back_until_i_send_them_again(
    in_review, supervisor, paralegal
):
    first, _ = in_review
    assert list(returned_to_me(paralegal.membership)) == []
    services.petition_return(petition=first, by=supervisor, comment="Cite the 2024 extension.")
    assert list(returned_to_me(paralegal.membership)) == [first]
    assert _counts(paralegal) == {"petitions_awaiting": 0, "petitions_returned": 1}
    services.petition_submit(petition=first, by=paralegal)
    assert list(returned_to_me(paralegal.membership)) == []


def _counts(user):
    return header(SimpleNamespace(user=user))["header_counts"]


def test_the_header_counts_both_queues_and_the_notifications_in_one_query(
    in_review, supervisor, django_assert_num_queries
):
    with django_assert_num_queries(1):
        context = header(SimpleNamespace(user=supervisor))
    assert context["header_counts"] == {"petitions_awaiting": 2, "petitions_returned": 0}
    assert (
        context["unread_notifications"]
        == supervisor.notifications.filter(read_at__isnull=True).count()
    )


def test_the_header_shows_the_counts_and_links(login, in_review, supervisor, paralegal):
    page = login(supervisor).get(reverse("casework:case-list")).content.decode()
    assert f'href="{AWAITING}"' in page and "Awaiting my approval" in page
    services.petition_return(petition=in_review[0], by=supervisor, comment="Shorter, please.")
    page = login(paralegal).get(reverse("casework:case-list")).content.decode()
    assert f'href="{RETURNED}"' in page


def test_queue_pages_show_references_names_and_links(login, in_review, supervisor, paralegal):
    page = login(supervisor).get(AWAITING).content.decode()
    for petition in in_review:
        assert petition.case.reference in page
        assert str(petition.public_id) in page
    assert "Jawid" in page and "Samir" in page
    services.petition_return(petition=in_review[1], by=supervisor, comment="Cite the order.")
    page = login(paralegal).get(RETURNED).content.decode()
    assert in_review[1].case.reference in page and "Cite the order." in page
    assert in_review[0].case.reference not in page


@pytest.mark.parametrize("queue", [AWAITING, RETURNED])
def test_queue_pages_cost_the_same_queries_for_two_rows_or_six(
    login, lawyer, paralegal, supervisor, queue, django_assert_num_queries
):
    def make(names):
        for petition in _drafts(lawyer, paralegal, supervisor, names):
            services.petition_submit(petition=petition, by=paralegal)
            if queue == RETURNED:
                services.petition_return(petition=petition, by=supervisor, comment="Again.")

    viewer = supervisor if queue == AWAITING else paralegal
    make(["Jawid", "Samir"])
    client = login(viewer)
    client.get(queue)  # sessions and caches warm
    with CaptureQueriesContext(connection) as two:
        assert client.get(queue).status_code == 200
    make(["Nabil", "Wali", "Tariq", "Faheem"])
    with django_assert_num_queries(len(two)):
        page = client.get(queue)
    assert page.content.decode().count("/petitions/") >= 6


def test_strangers_see_nothing_of_the_organisations_queues(login, in_review, outsider, colleague):
    for user in (outsider, colleague):
        for queue in (AWAITING, RETURNED):
            page = login(user).get(queue)
            assert page.status_code == 200
            for petition in in_review:
                assert petition.case.reference not in page.content.decode()


def test_paging_a_queue_is_not_a_500(login, in_review, supervisor):
    client = login(supervisor)
    assert client.get(AWAITING + "?page=abc").status_code == 200
    assert client.get(AWAITING + "?page=99999999999").status_code == 200
    assert all(p.state == PetitionState.IN_REVIEW for p in in_review)
