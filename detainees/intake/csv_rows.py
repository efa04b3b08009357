"""Reading the bulk-intake CSV: strict about its shape, clear about every problem.

Files come from phones, Excel and messaging apps: a byte-order mark, Windows line ends,
headers with stray capitals or spaces and Dari text are all normal and accepted. What
cannot be read safely (not UTF-8, no header, unknown columns, too big) is refused with a
message saying what to do, never guessed at.
"""

import csv
import io
from dataclasses import dataclass, field

from detainees.intake.services import MAX_ROWS

COLUMNS = (
    "name", "father_name", "gender", "husband_name", "date_of_birth", "age", "age_approximate",
    "document_kind", "document_number", "issued_on", "expires_on",
)  # fmt: skip
REQUIRED_COLUMNS = ("name", "father_name")
MAX_BYTES = 1_000_000
TEMPLATE_FILENAME = "panah-bulk-intake.csv"


class CsvProblem(Exception):
    """The file as a whole cannot be used; the message tells the user why."""


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)


def template_bytes() -> bytes:
    # The byte-order mark makes Excel open the file as UTF-8, so Dari names survive.
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def decode_upload(data: bytes) -> str:
    if not data.strip():
        raise CsvProblem("The file is empty.")
    if len(data) > MAX_BYTES:
        raise CsvProblem(f"The file is larger than {MAX_BYTES // 1_000_000} MB; split the list.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvProblem(
            "The file is not UTF-8 text. In Excel use “Save as… CSV UTF-8”, or in LibreOffice "
            "choose the UTF-8 character set, then upload it again."
        ) from None


# Headers people write by hand instead of copying the template's.
ALIASES = {
    "fathers_name": "father_name", "father": "father_name", "fathername": "father_name",
    "sex": "gender", "document": "document_kind", "document_type": "document_kind",
    "kind": "document_kind", "number": "document_number", "expiry": "expires_on",
    "expiry_date": "expires_on", "printed_expiry": "expires_on", "issue_date": "issued_on",
    "husband": "husband_name", "husbands_name": "husband_name", "dob": "date_of_birth",
    "birth_date": "date_of_birth", "born": "date_of_birth", "approximate": "age_approximate",
    "age_is_approximate": "age_approximate",
}  # fmt: skip
# How a spreadsheet says yes or no in the "approximate" column.
YES = frozenset({"yes", "y", "true", "1", "x", "approximate", "approx", "~"})
NO = frozenset({"", "no", "n", "false", "0"})


def _column(raw: str) -> str:
    name = "_".join(raw.strip().lstrip("\ufeff").lower().replace("'", "").split())
    name = name.replace("-", "_")
    return ALIASES.get(name, name)


def _delimiter(text: str) -> str:
    """Comma, or what a spreadsheet set to another locale wrote instead (; or tab)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for other in (";", "\t"):
            if other in first:
                return other
    return ","


def _header(reader) -> list[str]:
    for raw in reader:
        if any(cell.strip() for cell in raw):
            header = [_column(cell) for cell in raw]
            while header and not header[-1]:
                header.pop()  # trailing empty cells that spreadsheets add
            break
    else:
        raise CsvProblem("The file is empty.")
    if not set(REQUIRED_COLUMNS) & set(header):
        raise CsvProblem(
            "The first line must name the columns: " + ",".join(COLUMNS) + ". Download the "
            "template and paste the rows under its first line."
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c or "(blank)" for c in header if c not in COLUMNS]
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"Missing column: {', '.join(missing)}.")
    if unknown:
        problems.append(
            f"Unknown column: {', '.join(unknown)}. The columns are: {', '.join(COLUMNS)}."
        )
    if repeated:
        problems.append(f"Column named twice: {', '.join(repeated)}.")
    if problems:
        raise CsvProblem(" ".join(problems))
    return header


# A quoted cell may span lines; a name or number never does, and a line break inside one
# would follow it into petitions and lists.
LINE_BREAKS = ("\r", "\n", "\v", "\f", "\x85", "\u2028", "\u2029")


def _line_breaks(values: dict[str, str]) -> list[str]:
    return [
        f"The {column.replace('_', ' ')} “{' '.join(value.split())}” is split over several "
        "lines (a line break inside quotes): put it on one line."
        for column, value in values.items()
        if any(mark in value for mark in LINE_BREAKS)
    ]


def _approximate(values: dict[str, str]) -> list[str]:
    """The form's checkbox reads any word as ticked: say "true" or "false" for it."""
    if "age_approximate" not in values:
        return []
    said = values["age_approximate"].lower()
    if said in YES:
        values["age_approximate"] = "true"
    elif said in NO:
        values["age_approximate"] = "false"
    else:
        return [f"Age approximate “{said}”: write yes, no or leave it empty."]
    return []


def parse_intake_csv(text: str, *, max_rows: int | None = None) -> list[CsvRow]:
    max_rows = max_rows or MAX_ROWS
    if len(text) > MAX_BYTES:
        raise CsvProblem(f"The text is larger than {MAX_BYTES // 1_000_000} MB; split the list.")
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[CsvRow] = []
    try:
        header = _header(reader)
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            values = dict(zip(header, (c.strip() for c in raw), strict=False))
            for column in ("gender", "document_kind"):
                if column in values:
                    values[column] = values[column].lower()
            row = CsvRow(line=reader.line_num, values=values)
            row.problems += _line_breaks(values)
            row.problems += _approximate(values)
            extra = [cell for cell in raw[len(header) :] if cell.strip()]
            if extra:
                row.problems.append(
                    f"This line has {len(header) + len(extra)} values but there are "
                    f"{len(header)} columns; a name containing a comma must be in double quotes."
                )
            rows.append(row)
            if len(rows) > max_rows:
                raise CsvProblem(f"More than {max_rows} detainees; split the list into parts.")
    except csv.Error as error:
        raise CsvProblem(f"Line {reader.line_num} cannot be read as CSV ({error}).") from None
    if not rows:
        raise CsvProblem("The file has a header line but no detainees under it.")
    return rows
