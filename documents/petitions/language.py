"""How a petition speaks: dates and digits in Urdu, the forms that follow the client's
gender in both languages, and the drafter's paragraphs as numbered "That …" paragraphs.

Pure functions over plain values, so the Urdu rules are tested without a database.
"""

import re
from datetime import date

URDU_MONTHS = (
    "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون",
    "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر",
)  # fmt: skip

WESTERN_DIGITS = "0123456789"
URDU_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
TO_URDU = str.maketrans(WESTERN_DIGITS, URDU_DIGITS)
TO_WESTERN = str.maketrans(URDU_DIGITS, WESTERN_DIGITS)

# Tags and character references are left alone: only the text between them is converted.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
# A run of Latin-script text (a police station, a citation, a card number like PK-7731):
# it keeps its own digits, as it would be printed in English.
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;:()'/&-]*")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def long_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def urdu_date(value: date | None) -> str:
    """ "15 اگست 2024": an Urdu month; the digits follow the organisation's choice later."""
    return f"{value.day} {URDU_MONTHS[value.month - 1]} {value.year}" if value else ""


def digits_in_html(html: str, system: str) -> str:
    """One digit system throughout an Urdu petition's text, whatever the template or the case
    data used: ``urdu`` (۱۲۳) or ``western`` (123). With Urdu digits, a Latin-script run
    (a card number, an English citation) keeps its own."""
    if system != "urdu":
        return html.translate(TO_WESTERN)

    def run(match: re.Match) -> str:
        text = match.group(0)
        return text if _LATIN_LETTER.search(text) else text.translate(TO_URDU)

    return "".join(
        part if _MARKUP.fullmatch(part) else _LATIN_RUN.sub(run, part)
        for part in _MARKUP.split(html)
    )


# The forms a petition needs, by recorded gender. When gender is not recorded the English
# repeats the party's role ("the petitioner") and names the father plainly; Urdu agrees with
# the noun درخواست گزار, which takes masculine agreement whoever it names.
GENDER_FORMS = {
    "male": {
        "child_of": "son of", "child_of_short": "s/o", "he": "he", "him": "him", "his": "his",
        "relation_ur": "ولد", "ka_ur": "کا", "ki_ur": "کی", "gaya_ur": "گیا", "tha_ur": "تھا",
        "hoga_ur": "ہوگا", "raha_ur": "رہا", "karta_ur": "کرتا", "wala_ur": "والا",
    },
    "female": {
        "child_of": "daughter of", "child_of_short": "d/o", "he": "she", "him": "her",
        "his": "her",
        "relation_ur": "دختر", "ka_ur": "کی", "ki_ur": "کی", "gaya_ur": "گئی", "tha_ur": "تھی",
        "hoga_ur": "ہوگی", "raha_ur": "رہی", "karta_ur": "کرتی", "wala_ur": "والی",
    },
    "": {
        "child_of": "", "child_of_short": "", "he": "the petitioner", "him": "the petitioner",
        "his": "the petitioner's",
        "relation_ur": "", "ka_ur": "کا", "ki_ur": "کی", "gaya_ur": "گیا", "tha_ur": "تھا",
        "hoga_ur": "ہوگا", "raha_ur": "رہا", "karta_ur": "کرتا", "wala_ur": "والا",
    },
}  # fmt: skip


def gender_forms(gender: str) -> dict:
    return GENDER_FORMS.get(gender if gender in ("male", "female") else "", GENDER_FORMS[""])


def parentage(gender: str, father: str, husband: str = "") -> str:
    """The relation a petition names: "son of …", "daughter of …", "wife of …" for a married
    woman whose husband is recorded; unrecorded gender: "whose father is …"."""
    if gender == "female" and husband:
        return f"wife of {husband}"
    if not father:
        return ""
    forms = gender_forms(gender)
    return f"{forms['child_of']} {father}" if forms["child_of"] else f"whose father is {father}"


def parentage_ur(gender: str, father: str, husband: str = "") -> str:
    """The Urdu relation: "ولد …", "دختر …", "زوجہ …"; unrecorded gender: "والد کا نام …"."""
    if gender == "female" and husband:
        return f"زوجہ {husband}"
    if not father:
        return ""
    forms = gender_forms(gender)
    return f"{forms['relation_ur']} {father}" if forms["relation_ur"] else f"والد کا نام {father}"


def name_with_script(latin: str, native: str) -> str:
    """A name in Latin script with its Perso-Arabic form in brackets, each only once: a name
    recorded in one script is printed in that script alone."""
    if latin and native and latin != native:
        return f"{latin} ({native})"
    return latin or native


# First words a drafter capitalises only because a sentence starts there; after "That" they
# are lower case. Anything else (a name, "FIR", "UNHCR") keeps its capital.
_ORDINARY_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "he",
        "she",
        "his",
        "her",
        "it",
        "its",
        "they",
        "their",
        "this",
        "that",
        "these",
        "those",
        "on",
        "in",
        "at",
        "since",
        "when",
        "after",
        "before",
        "during",
        "upon",
        "both",
        "no",
        "neither",
        "there",
        "as",
        "while",
    ]
)
_THAT = re.compile(r"^(that|that,)\s+", re.IGNORECASE)
_YEH_KEH = re.compile(r"^یہ\s*کہ[\s،,]*")


def as_that_clause(paragraph: str) -> str:
    """The text a template puts after "That": the drafter's own "That" is not repeated and an
    ordinary first word loses its sentence capital ("The petitioner…" → "the petitioner…")."""
    text = _THAT.sub("", paragraph.strip(), count=1)
    first, _, rest = text.partition(" ")
    if first.lower() in _ORDINARY_STARTS and first[:1].isupper() and first[1:].islower():
        text = f"{first.lower()} {rest}".rstrip()
    return text


def as_yeh_keh_clause(paragraph: str) -> str:
    """The Urdu counterpart: a typed "یہ کہ" is not repeated after the template's own."""
    return _YEH_KEH.sub("", paragraph.strip(), count=1)


def rupees(amount: int | None) -> str:
    """ "Rs. 1,50,000/-": the sum as Pakistani courts write it, grouped in lakhs."""
    if amount is None:
        return ""
    digits = str(amount)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return f"Rs. {','.join([*groups, tail])}/-"


def rupees_ur(amount: int | None) -> str:
    """ "1,50,000/- روپے": the Urdu form; the digits follow the organisation's choice later."""
    return f"{rupees(amount).removeprefix('Rs. ')} روپے" if amount is not None else ""


# The deponent's own forms, from how the affidavit names them (s/o, d/o, w/o).
DEPONENT_RELATION = {
    "son_of": ("son of", "s/o", "ولد"),
    "daughter_of": ("daughter of", "d/o", "دختر"),
    "wife_of": ("wife of", "w/o", "زوجہ"),
}
# The first-person verbs of an Urdu affidavit: masculine, feminine, and both as a printed
# form gives them when nothing tells which.
DEPONENT_VERBS_UR = {
    "karta": ("کرتا", "کرتی"), "janta": ("جانتا", "جانتی"), "leta": ("لیتا", "لیتی"),
    "deta": ("دیتا", "دیتی"), "karunga": ("کروں گا", "کروں گی"),
}  # fmt: skip


def deponent_forms(relation: str, relation_name: str) -> dict:
    """How an affidavit names a surety or next friend ("son of …" / "ولد …"), and the Urdu
    verbs that agree with them (کرتا / کرتی). Unrecorded: the relation is left out and both
    verb forms are printed, as on a blank form."""
    forms = DEPONENT_RELATION.get(relation)
    female = relation in ("daughter_of", "wife_of")
    if forms is None:
        verbs = {key: f"{male} / {fem}" for key, (male, fem) in DEPONENT_VERBS_UR.items()}
    else:
        verbs = {key: pair[1] if female else pair[0] for key, pair in DEPONENT_VERBS_UR.items()}
    named = forms is not None and bool(relation_name)
    return {
        "parentage": f"{forms[0]} {relation_name}" if named else "",
        "parentage_short": f"{forms[1]} {relation_name}" if named else "",
        "parentage_ur": f"{forms[2]} {relation_name}" if named else "",
        "female": female,
        "verbs_ur": verbs,
    }
