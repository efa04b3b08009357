"""Document numbers: typed on phones, compared after normalising.

No reliable public source gives PoR or ACC number formats, so any text is
accepted; an organisation may set a pattern per kind, and breaking it only warns.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./]+")
MAX_PATTERN_LENGTH = 200


def normalise_number(number: str) -> str:
    """'ab-12 345' -> 'AB12345'; Persian and Arabic-Indic digits become 0-9."""
    text = unicodedata.normalize("NFKC", number or "")
    text = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text)
    return _SEPARATORS.sub("", text).upper()


def compile_pattern(pattern: str) -> re.Pattern:
    """The pattern compiled, or ValueError with a message an administrator understands."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"Keep the pattern under {MAX_PATTERN_LENGTH} characters.")
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ValueError(f"This is not a valid pattern: {error}.") from None


def breaks_pattern(normalised: str, pattern: str) -> bool:
    if not normalised or not pattern:
        return False
    try:
        return compile_pattern(pattern).fullmatch(normalised) is None
    except ValueError:
        return False
