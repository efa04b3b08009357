"""The name keys: which spellings meet, which stay apart, and who keeps them current."""

import pytest
from django.apps import apps

from detainees.models import Person
from detainees.names import person_name_keys, spelling_keys, whole_key, word_keys
from detainees.services import person_update
from tests.factories import open_case

SAME = [
    ["Mohammad", "Muhammad", "Mohammed", "Mohd", "Md.", "Mohamad", "محمد", "مُحَمَّد"],
    ["Abdul Rahman", "Abdurrahman", "Abd-ur-Rehman", "Abd al-Rahman", "عبدالرحمن", "عبد الرحمان"],
    ["Gul Agha", "Gulagha", "Ghul Agha", "گل آغا", "گلاغا"],
    ["Sami Ullah", "Samiullah", "Sameeullah", "سمیع الله", "سمیع اللہ", "سمیع\u200cالله"],
    ["Karim", "Kareem", "Qarim", "کریم", "كريم", "كـريـم"],
    ["Nasir ud Din", "Nasiruddin", "Naseer-ud-Din", "نصیرالدین", "نصیر الدین"],
    ["Zia ul Haq", "Ziaulhaq", "Zia-ul-Haq", "ضیاءالحق"],
    ["Yousuf", "Yusuf", "Yousaf", "یوسف", "يوسف"],
    ["Osman", "Usman", "Uthman", "عثمان"],
    ["Hussain", "Husain", "Hosain", "حسین", "حسين"],
    ["Fatima", "Fatema", "Fatimah", "فاطمه", "فاطمة", "فاطمۀ"],
    ["Nangialai", "Nangyalai", "ننگیالی"],
    ["Spozhmai", "سپوږمۍ", "سپوږمی"],
    ["Ishaq", "Ishaque", "اسحاق"],
]
APART = [
    ("Ahmad", "Hamid"),
    ("Abdul Wahid", "Abdul Wadud"),
    ("Wali", "Ali"),
    ("Sherzad", "Sherzai"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_of_one_name_share_their_key(spellings):
    assert len({whole_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(("one", "other"), APART)
def test_different_names_keep_different_keys(one, other):
    assert whole_key(one) != whole_key(other)


def test_words_keep_their_order_and_a_mark_of_a_leading_vowel():
    assert word_keys("Ahmad Shah Hamid") == ["amd", "w", "md"]
    assert word_keys("Gul Ahmad گل احمد") == ["gl", "amd", "gl", "amd"]


def test_spelling_key_needs_name_and_father_and_borrows_a_missing_script():
    assert spelling_keys(given="Gul Ahmad") == ("", "")
    latin, native = spelling_keys(given="Gul Ahmad", father_native="شیر محمد")
    assert latin == native == "glmd|wrmmd"


def _person(**names) -> Person:
    fields = ("given_name", "family_name", "given_name_native", "family_name_native",
              "father_name", "father_name_native")  # fmt: skip
    return Person(**{f: names.get(f, "") for f in fields})


def test_search_keys_hold_each_word_and_each_whole_name_padded_with_spaces():
    keys = person_name_keys(_person(given_name="Gul Agha", father_name="Sher Ali"))
    assert keys["search_keys"] == " gl ag wr al glg wrl glgwrl "
    assert keys["spelling_key"] == keys["spelling_key_native"] == "glg|wrl"


@pytest.mark.django_db
def test_intake_and_edit_keep_the_keys_current(lawyer):
    case = open_case(lawyer)  # Gul Ahmad Safi, son of Sher Mohammad
    assert case.person.spelling_key == "glmdsf|wrmmd"
    person_update(
        case=case, fields={"given_name": "Gulahmad", "father_name": "Sher Ali"}, by=lawyer
    )
    person = Person.objects.get(pk=case.person_id)
    assert person.spelling_key == "glmdsf|wrl"
    assert " wrl " in person.search_keys


@pytest.mark.django_db
def test_the_migration_fills_keys_of_existing_people(lawyer):
    from importlib import import_module

    fill_keys = import_module("detainees.migrations.0005_person_name_keys").fill_keys
    case = open_case(lawyer)
    Person.objects.update(spelling_key="", spelling_key_native="", search_keys="")
    fill_keys(apps, None)
    person = Person.objects.get(pk=case.person_id)
    assert person.spelling_key == person.spelling_key_native == "glmdsf|wrmmd"
    assert person.search_keys.startswith(" gl amd sf ")
