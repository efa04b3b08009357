"""Tables as CSV files that open safely in a spreadsheet.

- UTF-8 with a byte-order mark, so Excel shows Urdu and Dari names instead of mojibake;
- a cell that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) is prefixed with an apostrophe, so a name typed as
  ``=HYPERLINK(...)`` stays text;
- a table about cases gets one more column, the address of each case, so a reader goes
  back to the record and not to a copy;
- the header row is in the language of whoever downloads it, like the page they saw.
"""

import csv
import io
from collections.abc import Callable

from django.utils.translation import gettext, gettext_noop

from analytics.tables import Table

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINK_COLUMN = gettext_noop("Link")


def neutralise(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def table_csv(table: Table, case_url: Callable[[str], str]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    links = table.about_cases
    # Columns are kept untranslated (gettext_noop) and worded as the file is written.
    header = [gettext(column) for column in table.columns]
    if links:
        header.append(gettext(LINK_COLUMN))
    writer.writerow([neutralise(column) for column in header])
    for row in table.rows:
        cells = [neutralise(c) for c in row.cells]
        if links:
            cells.append(case_url(row.reference) if row.reference else "")
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")
