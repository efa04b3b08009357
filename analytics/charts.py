"""Charts drawn on the server as SVG with pygal, shown as images.

The page's Content Security Policy allows no inline script or style. pygal writes a
``<style>`` element and a configuration ``<script>`` into every chart; the script is
removed here, and the chart is shown through ``<img src="data:image/svg+xml…">``, where a
browser never runs scripts and the SVG's own styles stay inside the image. No chart
service, no CDN: the bytes are made here and travel inside the page.
"""

import base64
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

import pygal
from django.utils.translation import get_language
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from analytics.tables import Table

SVG_NS = "http://www.w3.org/2000/svg"
# The standard library's ElementTree, whether or not lxml is installed (pikepdf brings it):
# charts are post-processed with ElementTree below and kept, pickled, in the cache.
pygal_etree.to_etree()
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

# Dark enough to print in black and white; the second series is a hatch-free lighter tone.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    colors=("#1d4f91", "#9fb3c8", "#b7410e", "#3e7c17"),
    font_family='"Noto Sans", "DejaVu Sans", Arial, sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    title_font_size=15,
)
WIDTH = 640


@dataclass(frozen=True)
class Chart:
    table: Table
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _without_scripts(chart) -> str:
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return ET.tostring(root, encoding="unicode")


def bar_chart(
    table: Table, *, labels: list[str], series: dict[str, list[int]], alt: str
) -> Chart | None:
    """Horizontal bars, one row per label; several series are stacked. None when there is
    nothing to draw (the table then says so on its own)."""
    if not labels or not any(any(values) for values in series.values()):
        return None
    drawn = _drawn(
        tuple(labels),
        tuple((str(name), tuple(values)) for name, values in series.items()),
        get_language(),
    )
    return Chart(table=table, svg=drawn, alt=alt)


# pygal takes 40 to 90 ms a chart, as long as counting the figures; the same numbers make
# the same picture, and from one load to the next they rarely change. Kept per process,
# by content, so nothing can go stale. The language is part of the key: the same counts
# read "Released" on an English page and "رہا" on an Urdu one.
@lru_cache(maxsize=256)
def _drawn(
    labels: tuple[str, ...], series: tuple[tuple[str, tuple[int, ...]], ...], language: str
) -> str:
    kind = pygal.HorizontalStackedBar if len(series) > 1 else pygal.HorizontalBar
    chart = kind(
        style=STYLE,
        width=WIDTH,
        height=90 + 34 * len(labels) + (30 if len(series) > 1 else 0),
        js=[],
        disable_xml_declaration=True,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        print_values=True,
        print_zeroes=False,
        truncate_label=40,
        y_labels_major_every=None,
        min_scale=1,
        max_scale=6,
        tooltip_border_radius=0,
        margin=8,
        order_min=0,
        pretty_print=False,
    )
    # pygal draws horizontal bars from the bottom up; reversed, they read like the table.
    chart.x_labels = list(labels[::-1])
    for name, values in series:
        chart.add(name, list(values[::-1]))
    return _without_scripts(chart)
