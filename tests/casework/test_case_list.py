from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Stage
from casework.services import case_assign
from detainees.models import Court, CustodyStatus
from detainees.services import detention_update
from tests.detainees.test_hearings import past_hearing
from tests.factories import open_case

pytestmark = pytest.mark.django_db
URL = reverse("casework:case-list")


def refs(response):
    return [c.reference for c in response.context["page"].items]


def test_longest_held_without_production_comes_first(login, supervisor, lawyer):
    recent = open_case(lawyer, hours_ago=2)
    oldest = open_case(lawyer, hours_ago=30)
    produced = open_case(lawyer, hours_ago=50)
    detention_update(
        case=produced, fields={"produced_at": timezone.now() - timedelta(hours=40)}, by=lawyer
    )
    middle = open_case(lawyer, hours_ago=21)
    response = login(supervisor).get(URL)
    assert refs(response) == [oldest.reference, middle.reference, recent.reference,
                              produced.reference]  # fmt: skip
    body = response.content.decode()
    assert "30 h" in body and "clock-over" in body and "clock-warning" in body


def test_filters_by_stage_lawyer_and_custody(login, supervisor, lawyer, colleague):
    mine = open_case(lawyer)
    theirs = open_case(colleague, hours_ago=5)
    past_hearing(theirs, court=Court.objects.first(), by=colleague)
    client = login(supervisor)
    assert refs(client.get(URL, {"stage": Stage.COURT})) == [theirs.reference]
    assert refs(client.get(URL, {"lawyer": str(lawyer.membership.public_id)})) == [mine.reference]
    detention_update(case=mine, fields={"produced_at": timezone.now()}, by=lawyer)
    assert refs(client.get(URL, {"custody": "awaiting"})) == [theirs.reference]
    assert refs(client.get(URL, {"custody": CustodyStatus.IN_CUSTODY})) == [
        theirs.reference, mine.reference,
    ]  # fmt: skip


@pytest.mark.parametrize("query", ["gul ahmad", "گل احمد", "sher moham", "شیر", "311/2026", "ISB-"])
def test_search_by_either_script_father_reference_and_fir(login, supervisor, lawyer, query):
    case = open_case(lawyer)
    open_case(lawyer, person={"given_name": "Nasrin", "family_name": "Noori",
                              "given_name_native": "نسرین", "family_name_native": "نوری",
                              "father_name": "Din Mohammad", "father_name_native": "دین محمد"},
              detention={"fir_number": "12/2025"})  # fmt: skip
    result = refs(login(supervisor).get(URL, {"q": query}))
    assert case.reference in result
    if query != "ISB-":
        assert len(result) == 1


def test_lawyer_sees_only_their_cases(login, lawyer, colleague):
    mine = open_case(lawyer)
    open_case(colleague)
    assert refs(login(lawyer).get(URL)) == [mine.reference]


def test_outsider_sees_none_of_the_organisation(login, outsider, lawyer):
    open_case(lawyer)
    assert refs(login(outsider).get(URL)) == []


def test_bad_filter_values_do_not_break_the_page(login, supervisor, lawyer):
    open_case(lawyer)
    response = login(supervisor).get(URL, {"lawyer": "abc", "page": "-3", "stage": "nope"})
    assert response.status_code == 200
    assert len(refs(response)) == 1


def test_pagination_without_counting(login, supervisor, lawyer, settings):
    settings.CASE_LIST_PAGE_SIZE = 2
    for hours in (1, 2, 3):
        open_case(lawyer, hours_ago=hours)
    client = login(supervisor)
    first = client.get(URL)
    assert first.context["page"].has_next
    second = client.get(URL, {"page": 2, "after": first.context["page"].next_after})
    assert len(second.context["page"].items) == 1
    assert not second.context["page"].has_next
    assert "does not count its cases" in second.content.decode()


def test_htmx_request_returns_only_the_results(login, supervisor, lawyer):
    open_case(lawyer)
    response = login(supervisor).get(
        URL, {"q": "gul"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="case-results"
    )
    assert b"<table" in response.content
    assert b"<html" not in response.content


@pytest.mark.parametrize("persona", ["supervisor", "lawyer"])
def test_query_count_does_not_grow_with_rows(
    login, supervisor, lawyer, paralegal, persona, django_assert_max_num_queries
):
    user = {"supervisor": supervisor, "lawyer": lawyer}[persona]
    client = login(user)
    open_case(lawyer)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for hours in range(1, 21):
        case = open_case(lawyer, hours_ago=hours)
        case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(URL)
    assert len(response.context["page"].items) == 21
    assert len(many.captured_queries) == len(few.captured_queries)


def test_cases_without_a_lead_lawyer_are_listed_and_shown(login, supervisor, paralegal):
    case = open_case(paralegal)
    client = login(supervisor)
    response = client.get(URL)
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    detail = client.get(reverse("casework:case-detail", args=[case.reference]))
    assert "Not assigned" in detail.content.decode()


def test_the_stage_follows_the_records_and_the_filter_agrees_with_the_page(
    login, supervisor, lawyer
):
    from documents.services import document_add
    from tests.documents.petition_helpers import template

    intake = open_case(lawyer)
    papers = open_case(lawyer)
    document_add(case=papers, fields={"kind": "por", "number": "AFG-7-FICT"}, by=lawyer)
    petition = open_case(lawyer)
    from documents.petitions.services import petition_create

    petition_create(case=petition, template=template("bail-497"), by=lawyer)
    client = login(supervisor)
    expected = {
        Stage.INTAKE: intake, Stage.DOCUMENTS: papers, Stage.PETITION: petition,
    }  # fmt: skip
    for stage, case in expected.items():
        assert refs(client.get(URL, {"stage": stage})) == [case.reference]
        page = client.get(reverse("casework:case-detail", args=[case.reference]))
        assert f"{case.reference} · {stage.label}" in page.content.decode()


def test_a_woman_is_listed_as_daughter_of_never_son_of(login, supervisor, lawyer):
    open_case(lawyer, person={"gender": "female", "father_name": "Nazar Gul"})
    open_case(lawyer, person={"gender": "", "father_name": "Sher Khan"})
    open_case(lawyer, person={"gender": "female", "father_name": "Gul Khan",
                              "husband_name": "Jawid Hotak"})  # fmt: skip
    body = login(supervisor).get(URL).content.decode()
    assert "w/o Jawid Hotak" in body and "Gul Khan" not in body
    assert "d/o Nazar Gul" in body and "s/o Nazar Gul" not in body
    assert "father Sher Khan" in body and "s/o Sher Khan" not in body
