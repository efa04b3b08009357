"""Document numbers: typed on phones, compared after normalising.

No reliable public source gives PoR or ACC number formats, so any text is
accepted; an organisation may set a pattern per kind, and breaking it only warns.

Patterns are an administrator's text evaluated on every case page, so they run on RE2,
whose time is linear in the input: ``(A+)+B`` cannot backtrack for minutes as it does in
Python's ``re``. RE2 has no backreferences or lookaround; such patterns are refused
with a message.
"""

import re
import unicodedata

import re2

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./]+")
MAX_PATTERN_LENGTH = 200


def normalise_number(number: str) -> str:
    """'ab-12 345' -> 'AB12345'; Persian and Arabic-Indic digits become 0-9."""
    text = unicodedata.normalize("NFKC", number or "")
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)
    return _SEPARATORS.sub("", text).upper()


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # a bad pattern is answered with a message, not a log line
    return options


def compile_pattern(pattern: str):
    """The pattern compiled (RE2), or ValueError with a message an administrator understands."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"Keep the pattern under {MAX_PATTERN_LENGTH} characters.")
    try:
        return re2.compile(pattern, _options())
    except re2.error as error:
        detail = error.args[0] if error.args else error
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        raise ValueError(
            f"This is not a valid pattern: {detail}. Back-references and look-arounds "
            "are not supported."
        ) from None


def breaks_pattern(normalised: str, pattern: str) -> bool:
    if not normalised or not pattern:
        return False
    try:
        return compile_pattern(pattern).fullmatch(normalised) is None
    except ValueError:
        return False
