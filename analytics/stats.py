"""Medians and percentiles computed by the database.

PostgreSQL has ``percentile_cont``; SQLite has no ordered-set aggregates, so there the
same continuous percentile is read from at most two ordered rows per fraction: a few
queries whatever the number of cases, and the same figure to the last decimal.
"""

import math

from django.db import connections
from django.db.models import Aggregate, Count, FloatField, Func, QuerySet


class PercentileCont(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        # A float of ours, not user input: safe to place in the SQL text.
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


class HoursBetween(Func):
    """Hours from the second expression to the first (end, start), as a float."""

    arity = 2
    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 24.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def percentiles(
    qs: QuerySet, value, fractions: tuple[float, ...] = (0.5, 0.9)
) -> tuple[int, list[float | None]]:
    """(how many values, the continuous percentile of each fraction) of ``value`` over
    the rows of ``qs`` where it is not null."""
    rows = qs.annotate(_value=value).filter(_value__isnull=False)
    if connections[qs.db].vendor == "postgresql":
        result = rows.aggregate(
            n=Count("_value"),
            **{f"p{i}": PercentileCont("_value", f) for i, f in enumerate(fractions)},
        )
        return result["n"], [result[f"p{i}"] for i in range(len(fractions))]
    count = rows.count()
    if count == 0:
        return 0, [None for _ in fractions]
    ordered = rows.order_by("_value").values_list("_value", flat=True)
    found = []
    for fraction in fractions:
        rank = fraction * (count - 1)
        low = math.floor(rank)
        pair = list(ordered[low : low + 2])
        high_value = pair[1] if len(pair) > 1 else pair[0]
        found.append(pair[0] + (high_value - pair[0]) * (rank - low))
    return count, found
