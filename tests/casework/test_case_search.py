"""Case list search: exact identifiers and spellings first, then close spellings, never a
case the user may not open."""

import pytest
from django.urls import reverse

from detainees.case_list import CaseFilters, case_list
from documents.services import document_add
from tests.factories import open_case

pytestmark = pytest.mark.django_db
URL = reverse("casework:case-list")

SHERZAD = {"family_name": "Sherzad", "father_name": "Abdul Wahid", "given_name_native": "",
           "family_name_native": "", "father_name_native": ""}  # fmt: skip


def refs(response):
    return [c.reference for c in response.context["page"].items]


def test_the_exact_spelling_comes_first_then_the_other_spellings(login, supervisor, lawyer):
    muhammad = open_case(lawyer, person={**SHERZAD, "given_name": "Muhammad Nabi"})
    mohammad = open_case(lawyer, person={**SHERZAD, "given_name": "Mohammad Nabi"})
    open_case(lawyer, person={**SHERZAD, "given_name": "Ahmad Nabi"}, hours_ago=40)
    client = login(supervisor)
    # (PostgreSQL may list Ahmad Nabi after them, as a close spelling.)
    assert refs(client.get(URL, {"q": "Muhammad Nabi Sherzad"}))[:2] == [
        muhammad.reference, mohammad.reference,
    ]  # fmt: skip
    assert refs(client.get(URL, {"q": "mohammad nabi sherzad"}))[:2] == [
        mohammad.reference, muhammad.reference,
    ]  # fmt: skip
    assert set(refs(client.get(URL, {"q": "Mohd Nabi Sherzaad"}))[:2]) == {
        muhammad.reference, mohammad.reference,
    }  # fmt: skip


def test_urdu_heh_finds_persian_heh_and_either_script_finds_the_other(login, supervisor, lawyer):
    native_only = open_case(
        lawyer,
        person={"given_name": "", "family_name": "", "father_name": "",
                "given_name_native": "سمیع الله", "family_name_native": "کریمی",
                "father_name_native": "عبدالکریم"},
    )  # fmt: skip
    latin_only = open_case(
        lawyer,
        person={"given_name": "Zabihullah", "family_name": "Mujahid", "father_name": "Abdul Basir",
                "given_name_native": "", "family_name_native": "", "father_name_native": ""},
    )  # fmt: skip
    client = login(supervisor)
    for query in ("سمیع اللہ", "سميع الله کريمي", "Samiullah Karimi", "Sami Ullah"):
        assert refs(client.get(URL, {"q": query})) == [native_only.reference], query
    for query in ("ذبیح الله مجاهد", "Zabiullah", "ذبيح‌الله"):
        assert refs(client.get(URL, {"q": query})) == [latin_only.reference], query


def test_document_number_fir_and_reference_find_their_case_first(login, supervisor, lawyer):
    named = open_case(lawyer, person={"given_name": "Nabi", "family_name": "Khan"})
    other = open_case(lawyer, detention={"fir_number": "77/2026"})
    document_add(case=other, fields={"kind": "por", "number": "PK-123 456"}, by=lawyer)
    client = login(supervisor)
    assert refs(client.get(URL, {"q": "pk123456"})) == [other.reference]
    assert refs(client.get(URL, {"q": "PK 123 456"})) == [other.reference]
    assert refs(client.get(URL, {"q": "77/2026"})) == [other.reference]
    assert refs(client.get(URL, {"q": named.reference.lower()})) == [named.reference]
    assert refs(client.get(URL, {"q": "77"})) == [other.reference]  # an FIR's beginning


def test_search_keeps_the_other_filters_and_what_the_user_may_see(
    login, supervisor, lawyer, colleague, outsider
):
    mine = open_case(lawyer)
    theirs = open_case(colleague)
    assert [c.reference for c in case_list(lawyer, CaseFilters(q="gul ahmad"))] == [mine.reference]
    assert [c.reference for c in case_list(colleague, CaseFilters(q="Gul Ahmad"))] == [
        theirs.reference
    ]
    assert list(case_list(outsider, CaseFilters(q="gul ahmad"))) == []
    assert list(case_list(supervisor, CaseFilters(q="gul ahmad", stage="court"))) == []
    assert list(case_list(lawyer, CaseFilters(q=theirs.reference))) == []


def test_nothing_found_is_an_empty_list(login, supervisor, lawyer):
    open_case(lawyer)
    assert refs(login(supervisor).get(URL, {"q": "Zzyzx"})) == []
    assert refs(login(supervisor).get(URL, {"q": "  -- "})) == []


def test_query_count_with_a_search_does_not_grow_with_rows(
    login, supervisor, lawyer, django_assert_max_num_queries
):
    client = login(supervisor)
    open_case(lawyer)
    with django_assert_max_num_queries(20) as few:
        client.get(URL, {"q": "Gul Ahmad Safi"})
    for hours in range(1, 21):
        open_case(lawyer, hours_ago=hours)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(URL, {"q": "Gul Ahmad Safi"})
    assert len(response.context["page"].items) == 21
    # With few exact matches PostgreSQL also asks for close spellings: two more queries.
    assert len(many.captured_queries) <= len(few.captured_queries)
