"""Pagination without COUNT(*): one row more than a page tells whether there is a next one.

An exact count over hundreds of thousands of cases on every page load is the
slowest part of a list page and tells a lawyer nothing they need.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_number_from(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 100_000)


def paginate(queryset, *, number: int, size: int) -> Page:
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)
