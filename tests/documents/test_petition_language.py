"""How petitions speak: Urdu dates and digits, gender forms, the drafter's paragraphs."""

from datetime import date

import pytest

from documents.petitions.language import (
    as_that_clause,
    as_yeh_keh_clause,
    digits_in_html,
    name_with_script,
    parentage,
    parentage_ur,
    urdu_date,
)


def test_urdu_dates_use_urdu_month_names():
    assert urdu_date(date(2024, 8, 15)) == "15 اگست 2024"
    assert urdu_date(date(2025, 1, 1)) == "1 جنوری 2025"


def test_urdu_digits_convert_text_but_not_markup_entities_or_latin_runs():
    html = '<p class="p2">مورخہ 15 اگست 2024 &#x27; <bdi>PK-7731-0042-X</bdi> s.14 Act 1946</p>'
    out = digits_in_html(html, "urdu")
    assert 'class="p2"' in out and "&#x27;" in out
    assert "۱۵ اگست ۲۰۲۴" in out
    # A card number or an English citation keeps its own digits.
    assert "PK-7731-0042-X" in out and "s.14 Act 1946" in out


def test_western_digits_turn_urdu_digits_back():
    assert digits_in_html("<p>دفعہ ۴۹۷</p>", "western") == "<p>دفعہ 497</p>"


@pytest.mark.parametrize(
    ("gender", "english", "urdu"),
    [
        ("male", "son of Nazar Gul", "ولد نظر گل"),
        ("female", "daughter of Nazar Gul", "دختر نظر گل"),
        ("", "whose father is Nazar Gul", "والد کا نام نظر گل"),
        ("other", "whose father is Nazar Gul", "والد کا نام نظر گل"),
    ],
)
def test_parentage_follows_gender_and_reads_naturally_when_not_recorded(gender, english, urdu):
    assert parentage(gender, "Nazar Gul") == english
    assert parentage_ur(gender, "نظر گل") == urdu


def test_a_married_woman_is_named_as_her_husbands_wife():
    assert parentage("female", "Nazar Gul", "Jawid Hotak") == "wife of Jawid Hotak"
    assert parentage_ur("female", "نظر گل", "جاوید هوتک") == "زوجہ جاوید هوتک"
    # A husband's name recorded for a man changes nothing.
    assert parentage("male", "Nazar Gul", "Jawid Hotak") == "son of Nazar Gul"


def test_a_name_recorded_in_one_script_is_printed_once():
    assert name_with_script("", "عبدالولی") == "عبدالولی"
    assert name_with_script("Abdul Wali", "عبدالولی") == "Abdul Wali (عبدالولی)"
    assert name_with_script("عبدالولی", "عبدالولی") == "عبدالولی"


@pytest.mark.parametrize(
    ("typed", "clause"),
    [
        ("The petitioner was not told the grounds.", "the petitioner was not told the grounds."),
        ("That the petitioner was beaten.", "the petitioner was beaten."),
        ("THAT He was beaten.", "he was beaten."),
        ("FIR was lodged late.", "FIR was lodged late."),
        ("Zarif showed his card.", "Zarif showed his card."),
    ],
)
def test_drafted_sentences_are_not_prefixed_twice(typed, clause):
    assert as_that_clause(typed) == clause


def test_urdu_drafted_sentences_lose_a_typed_yeh_keh():
    assert as_yeh_keh_clause("یہ کہ درخواست گزار بے گناہ ہے۔") == "درخواست گزار بے گناہ ہے۔"
