import pytest

from casework.models import Case
from casework.paging import page_number_from, paginate
from tests.factories import open_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("narrow", [False, True])
def test_pages_keep_the_order_and_know_if_more_follow(lawyer, narrow):
    cases = [open_case(lawyer, hours_ago=h) for h in (1, 2, 3, 4, 5)]
    ordered = Case.objects.order_by("-detention__arrested_at")
    first = paginate(ordered, number=1, size=2, narrow=narrow)
    last = paginate(ordered, number=3, size=2, narrow=narrow)
    assert [c.pk for c in first.items] == [cases[0].pk, cases[1].pk]
    assert first.has_next and not first.has_previous
    assert [c.pk for c in last.items] == [cases[4].pk]
    assert not last.has_next and last.has_previous


def test_narrow_page_costs_two_queries_whatever_its_size(lawyer, django_assert_num_queries):
    for hours in range(6):
        open_case(lawyer, hours_ago=hours)
    with django_assert_num_queries(2):
        paginate(Case.objects.order_by("pk"), number=1, size=5, narrow=True)
    with django_assert_num_queries(1):
        assert paginate(Case.objects.filter(pk=-1), number=1, size=5, narrow=True).items == []


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("3", 3), ("-2", 1), ("x", 1), ("9" * 9, 100_000)]
)
def test_page_numbers_from_the_query_string_are_clamped(raw, number):
    assert page_number_from(raw) == number
