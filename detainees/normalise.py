"""Name normalisation for the duplicate check.

Names arrive typed on phones in two scripts with inconsistent spacing, case,
Arabic-versus-Persian letter forms and optional diacritics. Two records are
"possibly the same person" when their normalised name and father's name agree.
"""

import unicodedata

# Arabic code points that Persian/Urdu keyboards replace with their own forms.
_LETTER_VARIANTS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi yeh
        "\u0649": "\u06cc",  # alef maksura -> Farsi yeh
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06c1": "\u0647",  # heh goal (Urdu) -> heh
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u200c": " ",  # zero-width non-joiner separates name parts
    }
)


def normalise_name(*parts: str) -> str:
    text = unicodedata.normalize("NFKD", " ".join(p for p in parts if p))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFKC", text).translate(_LETTER_VARIANTS).casefold()
    letters = "".join(ch if ch.isalpha() else " " for ch in text)
    return " ".join(letters.split())


def match_key(given: str, family: str, father: str) -> str:
    """'name|father' or '' when either half is missing (no key, no false matches)."""
    name = normalise_name(given, family)
    father_key = normalise_name(father)
    if not name or not father_key:
        return ""
    return f"{name}|{father_key}"
