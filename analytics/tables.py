"""What a page shows as a table, once: the template, the chart's "show as table" and the
CSV export all read the same ``Table``, so an export can hold nothing the page does not."""

from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

# Below this many cases a share is not shown as a percentage: 1 of 2 is not "50 %".
MIN_CASES = 5


@dataclass
class Row:
    cells: list
    # The case the row is about; the page links it and the export adds its address.
    reference: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    empty: str = gettext_noop("Nothing to show.")
    note: str = ""
    # Work queues say how many rows they hold in all, and whether the page shows fewer.
    total: int | None = None
    more: bool = False

    @property
    def about_cases(self) -> bool:
        return any(row.reference for row in self.rows)

    @property
    def display_rows(self) -> list[list[tuple[str, object, bool]]]:
        """Each row as (column, value, links to the case) for the template."""
        return [
            [
                (column, cell, bool(row.reference) and cell == row.reference)
                for column, cell in zip(self.columns, row.cells, strict=True)
            ]
            for row in self.rows
        ]

    @property
    def count_label(self) -> str:
        return str(self.total)


# Cells are worded in the active language when they are counted: the figures' cache is kept
# per language (analytics.selectors), and Today is counted for each reader.
def share(part: int, whole: int) -> str:
    """A percentage only when the whole is at least ``MIN_CASES`` cases; otherwise says so."""
    if whole == 0:
        return gettext("no cases")
    if whole < MIN_CASES:
        return gettext("%(part)s of %(whole)s: too few cases for a percentage") % {
            "part": part, "whole": whole,
        }  # fmt: skip
    return gettext("%(percent)s%% (%(part)s of %(whole)s)") % {
        "percent": round(100 * part / whole), "part": part, "whole": whole,
    }  # fmt: skip


def hours(value: float | None, count: int) -> str:
    """Hours for a median or percentile, or why there is none."""
    if count == 0:
        return gettext("no cases")
    if count < MIN_CASES:
        return gettext("too few cases (%(count)s)") % {"count": count}
    return gettext("%(hours).1f h") % {"hours": value}
