"""Pages of the case list read from where the last one ended ("keyset" paging).

``OFFSET 10000`` makes PostgreSQL walk ten thousand rows of the list's index and, for a
lawyer, probe a grant for each case it passes (66,000 probes for a lawyer who sees one
case in seven): 250 ms at 1,000,000 cases, against under a millisecond for the first
page (bench/README.md). The Next and Previous links therefore carry the list position of
the page's last or first case, and the page is read onwards from that position.

The list's order (``detainees.case_list``) is urgent first, then awaiting production,
then earliest arrest (cases without an arrest time last), then newest case. Because the
first two keys are booleans, the list is eight segments of one (urgent, awaiting, dated)
combination each; within a segment the position is a seek into the ``case_list_order``
index (``arrested_at >= t``), not a walk. A page reads the segment it starts in and, if
that runs out, the next ones: at most eight small index reads, whatever the depth.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import connection
from django.db.models import QuerySet, Value

from casework.models import Case
from casework.paging import Page

SALT = "panah.case-list-position"
KEYS = ("list_urgent", "list_awaiting", "list_arrested_at", "pk")
# (urgent, awaiting, has an arrest time), in list order.
SEGMENTS = tuple((u, a, d) for u in (True, False) for a in (True, False) for d in (True, False))


@dataclass(frozen=True)
class Position:
    urgent: bool
    awaiting: bool
    arrested_at: datetime | None
    pk: int

    @property
    def segment(self) -> int:
        return SEGMENTS.index((self.urgent, self.awaiting, self.arrested_at is not None))

    def token(self) -> str:
        """Signed, so a hand-edited link is refused instead of read as some other place."""
        when = self.arrested_at.isoformat() if self.arrested_at else None
        return signing.dumps([self.urgent, self.awaiting, when, self.pk], salt=SALT)

    @classmethod
    def from_token(cls, token: str | None) -> "Position | None":
        if not token or len(token) > 200:
            return None
        try:
            urgent, awaiting, when, pk = signing.loads(token, salt=SALT)
            return cls(bool(urgent), bool(awaiting),
                       datetime.fromisoformat(when) if when else None, int(pk))  # fmt: skip
        except (signing.BadSignature, TypeError, ValueError):
            return None


def _segment(cases: QuerySet, index: int, *, after: Position | None, forward: bool, limit: int):
    """Up to ``limit`` rows of one segment from ``after`` on (or back): their list keys
    and the segment's number."""
    urgent, awaiting, dated = SEGMENTS[index]
    rows = cases.filter(
        list_urgent=urgent, list_awaiting=awaiting, list_arrested_at__isnull=not dated
    )
    if after is not None and after.segment == index:
        if not dated:
            rows = rows.filter(pk__lt=after.pk) if forward else rows.filter(pk__gt=after.pk)
        elif forward:
            rows = rows.filter(list_arrested_at__gte=after.arrested_at).exclude(
                list_arrested_at=after.arrested_at, pk__gte=after.pk
            )
        else:
            rows = rows.filter(list_arrested_at__lte=after.arrested_at).exclude(
                list_arrested_at=after.arrested_at, pk__lte=after.pk
            )
    order = ["list_arrested_at", "-pk"] if dated else ["-pk"]
    if not forward:
        order = [_reverse(key) for key in order]
    read = rows.annotate(segment=Value(index)).order_by(*order)[:limit]
    if not connection.features.supports_slicing_ordering_in_compound:
        # SQLite allows no ORDER BY in a part of a UNION, but does in a subquery.
        read = Case.objects.filter(pk__in=read.values("pk")).annotate(segment=Value(index))
    return read.values_list(*KEYS, "segment")


def _reverse(key: str) -> str:
    return key[1:] if key.startswith("-") else f"-{key}"


def _read(cases: QuerySet, start: Position | None, *, forward: bool, limit: int) -> list:
    """Up to ``limit`` positions from ``start`` (exclusive) onwards or backwards, in
    list order: one statement, a ``UNION ALL`` of small index reads sorted by segment (a
    few dozen rows at most)."""
    first = start.segment if start else 0
    indexes = range(first, len(SEGMENTS)) if forward else range(first, -1, -1)
    parts = [_segment(cases, i, after=start, forward=forward, limit=limit) for i in indexes]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    order = ["segment", "list_arrested_at", "-pk"]
    found = list(union.order_by(*(order if forward else map(_reverse, order)))[:limit])
    rows = [row[:-1] for row in found]
    return rows if forward else rows[::-1]


def keyset_page(
    cases: QuerySet, *, number: int, size: int, after: str = "", before: str = ""
) -> Page:
    """The page after the position ``after`` (or before ``before``, or the first page),
    numbered ``number`` for display. The rows are loaded by a second query, with
    everything the list shows, for the page's ids only."""
    start_after, start_before = Position.from_token(after), Position.from_token(before)
    found, more_before, more_after = [], False, False
    if start_before is not None:
        found = _read(cases, start_before, forward=False, limit=size + 1)
        more_before, more_after, found = len(found) > size, True, found[-size:]
    elif start_after is not None:
        found = _read(cases, start_after, forward=True, limit=size + 1)
        more_before, more_after, found = True, len(found) > size, found[:size]
    if not found:  # the first page: asked for, or nothing is left where a link pointed
        found = _read(cases, None, forward=True, limit=size + 1)
        more_before, more_after, found = False, len(found) > size, found[:size]
    ids = [row[-1] for row in found]
    by_id = {case.pk: case for case in cases.filter(pk__in=ids)} if ids else {}
    positions = [Position(*row) for row in found]
    return Page(
        items=[by_id[pk] for pk in ids if pk in by_id],
        number=max(number, 2) if more_before else 1,
        has_next=more_after,
        has_previous_page=more_before,
        next_after=positions[-1].token() if positions and more_after else "",
        previous_before=positions[0].token() if positions and more_before else "",
    )
