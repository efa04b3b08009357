"""Pagination without COUNT(*): one row more than a page tells whether there is a next one.

An exact count over hundreds of thousands of cases on every page load is the
slowest part of a list page and tells a lawyer nothing they need.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool
    # Keyset pages (casework.list_position) know whether a page precedes them and carry
    # the positions their links read from; numbered pages work both out from the number.
    has_previous_page: bool | None = None
    next_after: str = ""
    previous_before: str = ""

    @property
    def has_previous(self) -> bool:
        return self.number > 1 if self.has_previous_page is None else self.has_previous_page

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_params(self) -> str:
        """The query string of the Next link (without the list's filters)."""
        extra = {"after": self.next_after} if self.next_after else {}
        return urlencode({"page": self.next_number, **extra})

    @property
    def previous_params(self) -> str:
        extra = {"before": self.previous_before} if self.previous_before else {}
        return urlencode({"page": self.previous_number, **extra})


def page_number_from(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 100_000)


def paginate(queryset, *, number: int, size: int, narrow: bool = False) -> Page:
    """One page of ``queryset`` in its order.

    ``narrow`` picks the page's ids first and loads the rows second: a large list
    ordered by joined columns is then sorted on a few narrow keys (a top-N sort in
    memory) instead of on every selected column (a sort spilled to disk). Two queries
    instead of one, whatever the size of the list.
    """
    start = (number - 1) * size
    if not narrow:
        rows = list(queryset[start : start + size + 1])
    else:
        ids = list(queryset.values_list("pk", flat=True)[start : start + size + 1])
        by_id = {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}
        rows = [by_id[pk] for pk in ids if pk in by_id]
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)
