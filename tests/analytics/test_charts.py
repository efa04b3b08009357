"""Charts: an SVG without scripts, drawn once for each set of numbers."""

from analytics.charts import _drawn, bar_chart
from analytics.tables import Row, Table


def _table(values: list[int]) -> Table:
    rows = [Row([f"Court {i}", value]) for i, value in enumerate(values)]
    return Table(key="courts", title="Courts", columns=["Court", "Cases"], rows=rows)


def _chart(values: list[int]):
    labels = [f"Court {i}" for i in range(len(values))]
    return bar_chart(_table(values), labels=labels, series={"Cases": values}, alt="Cases")


def test_the_same_numbers_are_drawn_once_and_new_numbers_anew():
    _drawn.cache_clear()
    first = _chart([3, 1, 4])
    again = _chart([3, 1, 4])
    changed = _chart([3, 1, 5])
    assert again.svg == first.svg
    assert changed.svg != first.svg
    assert _drawn.cache_info().hits == 1
    assert _drawn.cache_info().misses == 2
    assert "<script" not in first.svg


def test_nothing_to_draw_gives_no_chart():
    assert _chart([0, 0]) is None
