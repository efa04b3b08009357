"""The case list's Next and Previous links read on from where a page ended: every case
exactly once, in the list's order, forwards and backwards, and a deep page costs what the
first one does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.list_position import Position, keyset_page
from detainees.case_list import CaseFilters, case_list
from detainees.models import CustodyStatus, Detention, RiskScreening
from tests.casework.test_case_list_plan import build, plan_nodes
from tests.factories import open_case

URL = reverse("casework:case-list")
SIZE = 4


@pytest.fixture
def mixed(db, lawyer, supervisor):
    """Cases in every segment of the order, with ties on the arrest time."""
    cases = [open_case(lawyer, hours_ago=[5, 5, 5, 9, 2, 7][i % 6]) for i in range(23)]
    for i, case in enumerate(cases):
        if i % 3 == 0:
            Detention.objects.filter(pk=case.detention_id).update(produced_at=timezone.now())
        if i % 5 == 0:
            Detention.objects.filter(pk=case.detention_id).update(
                status=CustodyStatus.RELEASED, released_at=timezone.now()
            )
        if i % 4 == 0:
            RiskScreening.objects.create(
                organisation=case.organisation, case=case, level="high", screened_by=lawyer
            )
    return cases


def _walk(user):
    order = list(case_list(user, CaseFilters()).values_list("pk", flat=True))
    pages, page = [], keyset_page(case_list(user, CaseFilters()), number=1, size=SIZE)
    while True:
        pages.append(page)
        if not page.has_next:
            break
        page = keyset_page(
            case_list(user, CaseFilters()), number=page.next_number, size=SIZE,
            after=page.next_after,
        )  # fmt: skip
    return order, pages


def test_next_links_list_every_case_once_in_order(mixed, supervisor, lawyer):
    for user in (supervisor, lawyer):
        order, pages = _walk(user)
        assert len(order) == 23
        assert [c.pk for p in pages for c in p.items] == order
        assert [p.number for p in pages] == list(range(1, len(pages) + 1))
        assert not pages[0].has_previous and all(p.has_previous for p in pages[1:])
        # The order really mixes the segments: urgent, awaiting, neither.
        keys = list(case_list(user, CaseFilters()).values_list("list_urgent", "list_awaiting"))
        assert len(set(keys)) >= 3


def test_previous_links_give_back_the_same_pages(mixed, supervisor):
    _, pages = _walk(supervisor)
    page = pages[-1]
    back = []
    while page.has_previous:
        page = keyset_page(
            case_list(supervisor, CaseFilters()), number=page.previous_number, size=SIZE,
            before=page.previous_before,
        )  # fmt: skip
        back.append(page)
    assert [[c.pk for c in p.items] for p in back] == [
        [c.pk for c in p.items] for p in reversed(pages[:-1])
    ]
    assert back[-1].number == 1 and not back[-1].has_previous


def test_the_page_links_carry_the_position_and_keep_the_filters(login, mixed, supervisor, settings):
    settings.CASE_LIST_PAGE_SIZE = SIZE
    client = login(supervisor)
    first = client.get(URL, {"custody": "awaiting"})
    page = first.context["page"]
    assert page.has_next and page.next_after
    html = first.content.decode()
    assert f"custody=awaiting&amp;{page.next_params.replace('&', '&amp;')}" in html
    second = client.get(URL, {"custody": "awaiting", "page": 2, "after": page.next_after})
    shown = [c.pk for c in second.context["page"].items]
    expected = list(
        case_list(supervisor, CaseFilters(custody="awaiting")).values_list("pk", flat=True)
    )
    assert shown == expected[SIZE : SIZE * 2]
    assert second.context["page"].number == 2 and second.context["page"].has_previous


@pytest.mark.parametrize(
    "token",
    ["nonsense", "x" * 5000, Position(True, True, None, 1).token()[:-2]],
    # Named, not shown: the signed token holds the time it was made, and parallel workers
    # must collect the same test names.
    ids=["nonsense", "too-long", "signature-cut"],
)
def test_a_broken_position_shows_the_first_page(login, mixed, supervisor, token):
    response = login(supervisor).get(URL, {"page": 7, "after": token, "before": token})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 1 and not page.has_previous
    assert [c.pk for c in page.items] == list(
        case_list(supervisor, CaseFilters()).values_list("pk", flat=True)[: len(page.items)]
    )


def test_a_position_past_the_end_shows_the_first_page(mixed, supervisor):
    last = (
        case_list(supervisor, CaseFilters())
        .values_list("list_urgent", "list_awaiting", "list_arrested_at", "pk")
        .last()
    )
    page = keyset_page(
        case_list(supervisor, CaseFilters()), number=9, size=SIZE, after=Position(*last).token()
    )
    assert page.number == 1 and page.items


def test_a_deep_page_reads_no_more_of_the_index_than_the_first(
    require_postgres, org, lawyer, colleague
):
    """4,000 cases, half of them the lawyer's: the page after the 1,000th case seeks into
    the list's index instead of walking (and probing grants for) the thousand before it."""
    build(org, lawyer, colleague)
    cases = case_list(lawyer, CaseFilters())
    deep = cases.values_list("list_urgent", "list_awaiting", "list_arrested_at", "pk")[1000]
    with CaptureQueriesContext(connection) as captured:
        page = keyset_page(cases, number=41, size=25, after=Position(*deep).token())
    assert len(page.items) == 25 and page.has_previous
    reads = [q["sql"] for q in captured.captured_queries if "LIMIT 26" in q["sql"]]
    assert reads
    for sql in reads:
        nodes = plan_nodes(sql=sql, analyze=True)
        walked = [n for n in nodes if n.get("Relation Name") == "casework_case"]
        assert walked and max(n["Actual Rows"] for n in walked) < 200, [
            (n["Node Type"], n.get("Index Name"), n["Actual Rows"]) for n in walked
        ]
