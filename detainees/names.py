"""Keys that make one person's name match however it was spelt, in either script.

An FIR, a PoR card and a relative on the phone spell the same detainee differently:
"Mohammad / Muhammad / Mohammed / Mohd", "Abdul Rahman / Abdurrahman / Abd-ur-Rehman",
"Gul Agha / Gulagha", and in Perso-Arabic script with Arabic or Persian forms of ی/ک/ه,
with or without diacritics. Perso-Arabic script writes few short vowels, so the common
ground of both scripts is the consonants: every name is reduced to a *skeleton* of
consonant classes (q/k, gh/g, the Arabic s- and z-letters, th/s ...), vowels, h, w and y
dropped inside a word, doubled letters written once. A word that starts with a vowel
(ا/ع, a/e/i/o/u), with w/v (و) or y (ی) keeps a mark of it, so Ahmad and Hamid stay apart.

Two keys come out of a person (``person_name_keys``):

- spelling keys "name|father", one from the Latin-script names and one from the
  Perso-Arabic ones: the duplicate check compares them exactly;
- search keys: the skeleton of every word of the name and the father's name, and of the
  whole name with its spaces removed (so "Gul Agha" meets "Gulagha"), space-separated.
  Search matches query words against these, then trigram similarity on PostgreSQL.
"""

import re
import unicodedata
from functools import lru_cache

# --- Perso-Arabic script -------------------------------------------------------------

# Arabic, Urdu and Pashto letter forms folded to one Persian form each.
_PERSO_ARABIC_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0626": "\u06cc", "\u06d2": "\u06cc",
        "\u06d3": "\u06cc", "\u06d0": "\u06cc", "\u06cd": "\u06cc",  # yeh forms -> ی
        "\u0643": "\u06a9", "\u06aa": "\u06a9",  # kaf forms -> ک
        "\u06ab": "\u06af",  # Pashto gaf -> گ
        "\u0629": "\u0647", "\u06c1": "\u0647", "\u06c2": "\u0647", "\u06c0": "\u0647",
        "\u06d5": "\u0647", "\u06be": "\u0647",  # teh marbuta, Urdu and Kurdish heh -> ه
        "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
        "\u0624": "\u0648",  # hamza seats -> bare letters
        "\u06ba": "\u0646", "\u06bc": "\u0646",  # noon ghunna, Pashto noon -> ن
        "\u0679": "\u062a", "\u067c": "\u062a",  # Urdu/Pashto retroflex t -> ت
        "\u0688": "\u062f", "\u0689": "\u062f",  # retroflex d -> د
        "\u0691": "\u0631", "\u0693": "\u0631",  # retroflex r -> ر
        "\u0696": "\u0698",  # Pashto zhe -> ژ
        "\u069a": "\u0634",  # Pashto x -> ش
        "\u0681": "\u0632", "\u0685": "\u0633",  # Pashto dze, tse -> ز, س
        "\u0640": None,  # tatweel
        "\u200d": None, "\u200e": None, "\u200f": None, "\ufeff": None,  # ZWJ, marks
        "\u200c": " ",  # ZWNJ separates the parts of a name
    }
)  # fmt: skip

# Perso-Arabic letter -> skeleton symbol; "" is a vowel carrier or h, dropped in a word.
_PERSO_ARABIC_SKELETON = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "c", "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ژ": "z",
    "ر": "r", "ش": "w", "غ": "g", "گ": "g", "ف": "f", "ق": "k", "ک": "k", "ل": "l",
    "م": "m", "ن": "n", "ا": "", "ع": "", "ء": "", "ه": "", "ح": "", "و": "", "ی": "",
}  # fmt: skip
_PERSO_ARABIC_MARK = {"ا": "a", "ع": "a", "و": "v", "ی": "y"}


def is_perso_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def _strip_marks(text: str) -> str:
    """Diacritics (harakat, shadda, superscript alef, Latin accents) go; NFKC first turns
    presentation forms into plain letters."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def fold_perso_arabic(text: str) -> str:
    text = _strip_marks(text).translate(_PERSO_ARABIC_FOLD)
    text = "".join(ch if ch.isalpha() else " " for ch in text)
    text = " ".join(text.split())
    # "عبد الرحمن" and "سمیع الله": the article and Allah belong to the word before them,
    # as "Abdurrahman" and "Samiullah" are one word in Latin letters.
    text = re.sub(r"(?<=\S) (?=ال)", "", text)
    return re.sub(r"(?:^|(?<= ))عبد (?=\S)", "عبد", text)


def _perso_arabic_word(word: str) -> tuple[str, str]:
    mark = _PERSO_ARABIC_MARK.get(word[:1], "")
    symbols = [_PERSO_ARABIC_SKELETON.get(ch, "") for ch in word]
    # Short vowels go unwritten, so two written letters in a row are two sounds (ننگیالی,
    # Nangialai), except the lam of the article before Allah or Latif (عبدالله, Abdullah).
    return mark, _collapse(symbols, only="l")


# --- Latin script --------------------------------------------------------------------

_VOWELS = "aeiou"
# Abbreviations clerks write for the commonest names.
_LATIN_WORDS = {"md": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad",
                "gh": "ghulam", "ghl": "ghulam",
                # s-h of Is-haq (اسحاق) is not the sh of Ashraf (اشرف).
                "ishaq": "isaq", "ishaque": "isaq", "ishak": "isaq",
                # Gulbadin (گلبدین) has no article, unlike Nasiruddin (نصیرالدین).
                "gulbuddin": "gulbadin", "gulbudin": "gulbadin"}  # fmt: skip
# Particles that join two parts of one Arabic compound: Zia ul Haq, Nasir ud Din.
_PARTICLES = {"ul", "al", "el", "ud", "ur", "us", "uz", "un", "ut", "ush", "ad", "ar", "as", "az"}
# What follows a sun-letter article in common names ("din" of Nasiruddin, "rahman" of
# Habiburrahman), without its first letter; written doubled in Latin, as al- in Arabic.
_SUN_ROOTS = "in|een|ahman|ehman|ahim|aheem|ashid|asheed|azzaq|azaq|auf|oof|amad|alam|aleem|attar|aman|abi|ur|oor"  # noqa: E501
_SUN_IN_WORD = re.compile(rf"(?<=[a-z]{{2}})[uao]([dnrstz])\1(?=(?:{_SUN_ROOTS})$)")
# A second half that never stands alone: "Sami Ullah", "Nasir Uddin", "Saif Urrahman".
_SECOND_HALF = re.compile(
    rf"[uao](?:ll(?:ah|a|ha)|l(?:haq|hak|huq|din|deen)|([dnrstz])\1(?:{_SUN_ROOTS}))"
)
_ABD_ALONE = re.compile(r"abd(?:[uaeo][dlnrstz]?)?")
_ABD = re.compile(r"^abd(?:[uaeo])?(?:l|([dnrstz])(?=\1))?")
_DIGRAPHS = {"kh": "x", "gh": "g", "sh": "w", "ch": "c", "zh": "z", "th": "s", "dh": "z",
             "ph": "f", "ck": "k"}  # fmt: skip
_LATIN_SKELETON = {
    "b": "b", "p": "p", "t": "t", "s": "s", "j": "j", "d": "d", "z": "z", "r": "r",
    "f": "f", "k": "k", "q": "k", "c": "k", "g": "g", "l": "l", "m": "m", "n": "n",
    "x": "ks",
}  # fmt: skip


def fold_latin(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words, abbreviations
    expanded and compound names joined the way Perso-Arabic script writes them:
    "Abd-ur-Rehman" -> "abdulrehman", "Nasir ud Din" -> "nasiruldin"."""
    text = _strip_marks(text).casefold()
    words = [_LATIN_WORDS.get(w, w) for w in re.sub(r"[^a-z]+", " ", text).split()]
    joined: list[str] = []
    particle = False
    for word in words:
        if joined and word in _PARTICLES:
            particle = True
        elif particle:
            joined[-1] += "ul" + word
            particle = False
        elif joined and _ABD_ALONE.fullmatch(joined[-1]):
            joined[-1] += word
        elif joined and _SECOND_HALF.fullmatch(word):
            joined[-1] += "ul" + word[2:]
        else:
            joined.append(word)
    if particle:
        joined[-1] += "ul"
    return " ".join(_SUN_IN_WORD.sub(r"ul\1", _ABD.sub("abdul", word)) for word in joined)


def _latin_word(word: str) -> tuple[str, str]:
    first = word[:1]
    mark = "a" if first in _VOWELS else "v" if first in "wv" else "y" if first == "y" else ""
    symbols: list[str] = []
    i = 0
    while i < len(word):
        if word[i : i + 2] in _DIGRAPHS:
            symbols.append(_DIGRAPHS[word[i : i + 2]])
            i += 2
        else:
            symbols.append(_LATIN_SKELETON.get(word[i], ""))
            i += 1
    return mark, _collapse(symbols)


def _collapse(symbols: list[str], only: str = "") -> str:
    """Join symbols, writing a letter doubled in the source once (Muhammad, Abdullah); a
    dropped letter in between keeps both (Wadud)."""
    out: list[str] = []
    previous = None
    for symbol in symbols:
        if symbol and symbol == previous and (not only or symbol in only):
            continue
        out.append(symbol)
        previous = symbol
    return "".join(out)


# --- Keys ----------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def name_words(text: str) -> tuple[tuple[str, str], ...]:
    """(mark, skeleton) per word of a name in either script. Cached: the same names
    come back again and again (Mohammad, Abdul Rahim, Ahmadzai)."""
    words: list[tuple[str, str]] = []
    for run, perso_arabic in _script_runs(text or ""):
        if perso_arabic:
            words += [_perso_arabic_word(w) for w in fold_perso_arabic(run).split()]
        else:
            words += [_latin_word(w) for w in fold_latin(run).split()]
    return tuple(words)


def _script_runs(text: str) -> list[tuple[str, bool]]:
    """Consecutive words of one script: a name typed half in each script still folds."""
    runs: list[tuple[str, bool]] = []
    for word in text.split():
        perso_arabic = is_perso_arabic(word)
        if runs and runs[-1][1] == perso_arabic:
            runs[-1] = (f"{runs[-1][0]} {word}", perso_arabic)
        else:
            runs.append((word, perso_arabic))
    return runs


def word_keys(text: str) -> list[str]:
    """The searchable key of each word: its mark and skeleton ("Ahmad" -> "amd")."""
    return [mark + body for mark, body in name_words(text) if mark + body]


def whole_key(text: str) -> str:
    """One key for the whole name, spaces removed, so spacing does not matter
    ("Gul Agha" and "Gulagha" -> "glg"); only the first word keeps its mark."""
    return _whole(name_words(text))


def _whole(words: tuple[tuple[str, str], ...]) -> str:
    if not words:
        return ""
    return words[0][0] + "".join(body for _, body in words)


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def spelling_key(name: str, father: str) -> str:
    """The "name|father" whole keys, or "" when either is missing (no key, no false match)."""
    name_key, father_key = whole_key(name), whole_key(father)
    if not name_key or not father_key:
        return ""
    return f"{name_key}|{father_key}"


def spelling_keys(
    *,
    given: str = "",
    family: str = "",
    father: str = "",
    given_native: str = "",
    family_native: str = "",
    father_native: str = "",
) -> tuple[str, str]:
    """The Latin-script and the Perso-Arabic spelling keys; a script that is missing a
    name borrows it from the other, so a half-filled record still has both keys."""
    latin_name, native_name = _join(given, family), _join(given_native, family_native)
    latin_father, native_father = father.strip(), father_native.strip()
    return (
        spelling_key(latin_name or native_name, latin_father or native_father),
        spelling_key(native_name or latin_name, native_father or latin_father),
    )  # fmt: skip


def search_keys(*, names: list[str], fathers: list[str]) -> str:
    """Space-separated keys, padded with spaces so that " key" matches a word's start."""
    keys: list[str] = []
    for text in [*names, *fathers]:
        keys += word_keys(text)
    for text in [*names, *fathers]:
        keys.append(whole_key(text))
    for name in names:
        for father in fathers:
            keys.append(_whole(name_words(name) + name_words(father)))
    unique = [k for k in dict.fromkeys(keys) if k]
    return f" {' '.join(unique)} " if unique else ""


def person_name_keys(person) -> dict[str, str]:
    """Every name key of a person, by field. The one place they are computed: every
    service that writes a person's names stores what this returns."""
    latin_name = _join(person.given_name, person.family_name)
    native_name = _join(person.given_name_native, person.family_name_native)
    key, key_native = spelling_keys(
        given=person.given_name, family=person.family_name, father=person.father_name,
        given_native=person.given_name_native, family_native=person.family_name_native,
        father_native=person.father_name_native,
    )  # fmt: skip
    names = [n for n in (latin_name, native_name) if n]
    fathers = [f for f in (person.father_name, person.father_name_native) if f and f.strip()]
    return {
        "spelling_key": key,
        "spelling_key_native": key_native,
        "search_keys": search_keys(names=names, fathers=fathers),
    }


NAME_KEY_FIELDS = ("spelling_key", "spelling_key_native", "search_keys")


def person_refresh_name_keys(person) -> list[str]:
    """Set the name keys on ``person`` (unsaved); returns the fields to save."""
    for name, value in person_name_keys(person).items():
        setattr(person, name, value)
    return list(NAME_KEY_FIELDS)
