"""What every table of the Today page shares: the day it is read on, how a queue is cut
for the page (and left whole for its CSV), and how a row names a person."""

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from analytics.tables import Row, Table
from casework.models import Case, Membership

# Rows a queue shows on the page; its count is exact and its CSV holds every row.
LIST_LIMIT = 50


def name_of(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def detainee_of(case: Case) -> str:
    if case.anonymised_at is not None:
        return gettext("(anonymised)")
    name = case.person.display_name or "—"
    return gettext("%(name)s (child)") % {"name": name} if case.person.minor else name


def local(moment: datetime, fmt: str = "DATETIME_FORMAT") -> str:
    """A moment in the organisation's time, in the reader's language's format."""
    return date_format(timezone.localtime(moment), fmt)


@dataclass(frozen=True)
class Today:
    start: datetime
    week_end: datetime
    now: datetime
    # Rows kept per queue: LIST_LIMIT for the page, None for a CSV of the whole queue.
    limit: int | None = LIST_LIMIT

    @property
    def date(self) -> date:
        return self.start.date()


def today_window(
    membership: Membership, now: datetime | None = None, *, limit: int | None = LIST_LIMIT
) -> Today:
    now = now or timezone.now()
    zone = zoneinfo.ZoneInfo(membership.organisation.time_zone)
    start = datetime.combine(timezone.localtime(now, zone).date(), time.min, tzinfo=zone)
    # Today and the seven days after it.
    return Today(start=start, week_end=start + timedelta(days=8), now=now, limit=limit)


def cut(items: QuerySet | Iterable, table: Table, build: Callable, window: Today) -> Table:
    """The queue's first ``window.limit`` rows, most urgent first, and its exact count.

    A queryset is counted only when it holds more rows than are shown: a queue is a few
    rows on most mornings, and the count is one indexed query on the others."""
    limit = window.limit
    if isinstance(items, QuerySet):
        rows = list(items if limit is None else items[: limit + 1])
        total = len(rows) if limit is None or len(rows) <= limit else items.count()
    else:
        rows = list(items)
        total = len(rows)
    shown = rows if limit is None else rows[:limit]
    table.rows = [build(item) for item in shown]
    table.total = total
    table.more = total > len(table.rows)
    return table


__all__ = ["LIST_LIMIT", "Row", "Today", "cut", "detainee_of", "local", "name_of", "today_window"]
