"""Every template, for a client whose papers are covered, uncertain, unknown and not
covered, in English and Urdu, read back from the PDF as pdftotext extracts it.

The verdict advises the drafter; the pleading argues for the client. So no engine wording
and no ground against the client may appear, whatever the verdict; the facts, the court's
seat and the client's gender forms must. Each PDF is rendered once for the module.
"""

import json

import pytest
from django.db import transaction

from casework.models import Organisation, Role
from documents.petitions.context import petition_context
from documents.petitions.language import TO_WESTERN
from documents.petitions.render import PetitionRenderer
from tests.documents.petition_helpers import pdf_text
from tests.documents.pleading_cases import (
    FATHER,
    FATHER_UR,
    FIR,
    NAME,
    NAME_UR,
    SECTIONS,
    SITUATION,
    SITUATIONS,
    draft,
    global_templates,
    make_case,
)
from tests.factories import member

# What the coverage engine says to the drafter, and what would concede the case.
ENGINE_WORDING = (
    "Not covered", "not covered", "Unknown", "unknown", "Confirm it", "before relying",
    "no validity rules", "unlawful", "Source:", "News reports", "Interior Ministry",
    "assumed", "inferred", "uncertain", "printed expiry", "the gap",
)  # fmt: skip
AGAINST_THE_CLIENT = (
    "prohibitory clause", "expired", "lapsed", "not valid", "without valid", "in violation",
    "him/her", "he/she", "his/her", "child of", "1666", "That The ", "That That ",
)  # fmt: skip
# The marker makes pytest-django set up the test database the module fixture writes to; the
# group keeps the module on one parallel worker, so its PDFs are rendered once.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("petition-pleadings")]

DRAFTED_FACT = "The petitioner was picked up from a rented room in the early morning."
DRAFTED_FACT_UR = "یہ کہ درخواست گزار کو صبح سویرے کرائے کے کمرے سے اٹھایا گیا۔"


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{(key, language, situation): pdf text}, every PDF rendered once, nothing kept."""
    texts = {}
    with django_db_blocker.unblock(), transaction.atomic():
        organisation = Organisation.objects.create(name="Pleading Test Aid", reference_prefix="PL")
        lawyer = member(organisation, Role.LAWYER, "pleading-lawyer")
        paralegal = member(organisation, Role.PARALEGAL, "pleading-paralegal")
        supervisor = member(organisation, Role.SUPERVISOR, "pleading-supervisor")
        templates = global_templates()
        for name in SITUATIONS:
            situation = SITUATION[name]
            case = make_case(situation, lawyer=lawyer, paralegal=paralegal, supervisor=supervisor)
            for template in templates:
                fact = DRAFTED_FACT_UR if template.language == "ur" else DRAFTED_FACT
                petition = draft(case, template, paralegal, situation=situation, facts=fact)
                _, _, data = PetitionRenderer().generate(petition)
                texts[(template.key, template.language, name)] = plain(pdf_text(data))
        transaction.set_rollback(True)
    return texts


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    """pdftotext marks right-to-left runs with embedding controls; compare without them."""
    return text.translate(BIDI_CONTROLS)


def combinations():
    keys = [
        "bail-497", "bail-after-refusal", "habeas-corpus", "habeas-491-1a",
        "release-registration", "vakalatnama", "surety-affidavit", "unhcr-letter",
    ]  # fmt: skip
    return [(k, lang, s) for k in keys for lang in ("en", "ur") for s in SITUATIONS]


def test_every_template_is_rendered_in_both_languages_for_every_verdict(rendered):
    assert set(rendered) == set(combinations())


@pytest.mark.parametrize(("key", "language", "situation"), combinations())
def test_no_engine_wording_and_no_ground_against_the_client(rendered, key, language, situation):
    text = rendered[(key, language, situation)]
    for words in ENGINE_WORDING + AGAINST_THE_CLIENT:
        assert words not in text, f"{words!r} in {key}.{language} for a {situation} case"
    # Rahil Azizi only where UNHCR has verified the client (the covered case).
    assert ("Rahil Azizi" in text or "رحیل عزیزی" in text) is (
        situation == "covered" and key in ("bail-497", "bail-after-refusal", "habeas-corpus",
                                           "habeas-491-1a", "release-registration")
    )  # fmt: skip


@pytest.mark.parametrize(("key", "language", "situation"), combinations())
def test_the_document_is_pleaded_only_when_established(rendered, key, language, situation):
    text = rendered[(key, language, situation)]
    number = SITUATION[situation].number
    pleads_documents = key not in ("vakalatnama", "surety-affidavit")
    assert (number in text) is (SITUATION[situation].pleaded and pleads_documents)
    if SITUATION[situation].pleaded and pleads_documents and key != "unhcr-letter":
        assert ("SAFRON notification" in text) and ("30 June 2025" in text or "جون" in text)


@pytest.mark.parametrize(("key", "language", "situation"), combinations())
def test_facts_court_seat_and_gender_forms(rendered, key, language, situation):
    text = rendered[(key, language, situation)]
    s = SITUATION[situation]
    if language == "en":
        assert (NAME if s.latin_name else NAME_UR) in text
        # A name recorded in one script alone is printed once.
        assert f"({NAME_UR})" not in text or s.latin_name
        assert s.month in text
        assert "Page 1 of" in text
        if key != "unhcr-letter":
            assert s.district.upper() in text.upper()
        father = FATHER if s.latin_name else FATHER_UR
        expected = {"male": f"son of {father}", "female": f"daughter of {father}"}
        expected = expected.get(s.gender, f"whose father is {father}")
        assert expected in text
        for other in ("son of", "daughter of"):
            if other not in expected:
                assert f"{other} {father}" not in text
    else:
        assert NAME_UR.split()[0] in text
        assert s.month_ur in text and s.month not in text
        assert "صفحہ" in text and "Page" not in text
        assert "۲۰۲۴" in text or "۲۰۲۵" in text  # Urdu digits, the organisation's default
        if key != "unhcr-letter":
            for word in s.district_ur.replace("(", " ").replace(")", " ").split():
                assert word in text
        relation = {"male": "ولد", "female": "دختر"}.get(s.gender, "والد کا نام")
        assert f"{relation} {FATHER_UR}" in text
        if s.gender == "female":
            assert f"ولد {FATHER_UR}" not in text


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("key", ["bail-497", "bail-after-refusal", "release-registration"])
def test_sections_charged_come_from_the_case(rendered, key, language):
    text = rendered[(key, language, "covered")]
    assert SECTIONS in text
    assert FIR in text or "۲۱۹" in text


@pytest.mark.parametrize("language", ["en", "ur"])
def test_bail_after_refusal_cites_the_earlier_order(rendered, language):
    text = rendered[("bail-after-refusal", language, "covered")]
    if language == "en":
        assert "refused by order dated 15 August 2024" in text
        assert "Judicial Magistrate, Islamabad (East)" in text
        assert "412/2024" in text
    else:
        assert "خارج" in text and "۴۱۲/۲۰۲۴" in text


def test_the_province_police_authority_is_named(rendered):
    assert "Inspector General of Police, Punjab" in rendered[("habeas-corpus", "en", "uncertain")]
    assert "Islamabad Capital Territory" in rendered[("habeas-corpus", "en", "covered")]


def test_advocate_block_and_index_include_enrolment_and_vakalatnama(rendered):
    text = rendered[("bail-497", "en", "covered")]
    assert "ICTBC/4711" in text and "Office 7, Blue Area, Islamabad" in text
    assert "Vakalatnama" in text
    assert "وکالت نامہ" in rendered[("bail-497", "ur", "covered")]


def test_drafted_sentences_are_not_prefixed_twice(rendered):
    assert "That the petitioner was picked up" in rendered[("bail-497", "en", "covered")]
    ur = rendered[("bail-497", "ur", "covered")]
    assert ur.count("یہ کہ درخواست گزار کو صبح سویرے") == 1


@pytest.mark.parametrize("key", ["bail-497", "bail-after-refusal"])
def test_family_in_pakistan_and_illness_are_pleaded_only_when_recorded(rendered, key):
    covered, uncertain = rendered[(key, "en", "covered")], rendered[(key, "en", "uncertain")]
    assert "wife and three children in Islamabad" in covered
    assert "sick or infirm" in covered and "diabetic, needs insulin" in covered
    assert "family lives in Pakistan" not in uncertain and "sick" not in uncertain
    # In a right-to-left paragraph a wrapped Latin phrase may come out in another word order.
    urdu = rendered[(key, "ur", "covered")]
    assert all(word in urdu for word in ("wife", "three", "children", "diabetic", "insulin"))
    assert "بیمار" in urdu and "بیمار" not in rendered[(key, "ur", "uncertain")]


def test_each_recorded_surety_has_an_affidavit_with_cnic_bond_and_solvency(rendered):
    text = rendered[("surety-affidavit", "en", "covered")]
    assert "I, Habib Noorzai, son of Wali Noorzai, holder of CNIC No. 61101-4455667-1" in text
    assert "resident of House 3, Street 9, G-9/2, Islamabad, the cousin of the accused" in text
    assert "I, Shazia Bibi, wife of Karim Khan, holder of CNIC No. 37405-7788990-2" in text
    assert "in the sum of Rs. 1,00,000/-, the amount fixed by the District and Sessions " in text
    assert "owner of a shop in Sitara Market, G-7, Islamabad, of the value of Rs. 8,00,000/-" in (
        text
    )
    assert "a teacher at a private school" in text
    assert "______" not in text.split("Verification:")[0]  # only the oath's place and date
    assert "son / daughter / wife of" not in text


def test_the_urdu_surety_affidavit_agrees_with_each_surety(rendered):
    # pdftotext reorders the Latin runs inside right-to-left text: look for the pieces.
    text = rendered[("surety-affidavit", "ur", "covered")].translate(TO_WESTERN)
    first, second = text.split("بیان حلفی ضامن")[1:3]
    assert "Habib Noorzai" in first and "ولد" in first and "Wali Noorzai" in first
    assert "Shazia Bibi" in second and "زوجہ" in second and "Karim Khan" in second
    assert "61101-4455667-1" in first and "37405-7788990-2" in second
    assert "1,00,000" in first and "روپے" in first and "8,00,000" in first
    # The wife speaks in the feminine, the man in the masculine; neither gets both forms.
    assert "بیان کرتا ہوں" in first and "بیان کرتی ہوں" in second
    assert "کرتا / کرتی" not in text


@pytest.mark.parametrize("language", ["en", "ur"])
def test_with_no_surety_recorded_the_affidavit_is_a_form_to_fill_in(rendered, language):
    text = rendered[("surety-affidavit", language, "unknown")]
    assert "______________________" in text
    if language == "en":
        assert "son / daughter / wife of" in text
    else:
        assert all(form in text.split("بیان حلفی ضامن")[1] for form in ("ولد", "دختر", "زوجہ"))


@pytest.mark.parametrize("key", ["habeas-corpus", "habeas-491-1a"])
def test_habeas_names_the_next_friend_in_the_title_and_the_verification(rendered, key):
    text = rendered[(key, "en", "covered")]
    assert "through Jawed Hotaki, son of Nazar Gul, the petitioner's brother, CNIC No. " in text
    assert "I, Jawed Hotaki, son of Nazar Gul, brother and next friend of the petitioner" in text
    assert "CNIC No. 61101-2233445-5, resident of House 12" in text
    urdu = rendered[(key, "ur", "covered")].translate(TO_WESTERN)
    title = urdu.split("درخواست گزار بنام")[0]
    assert "بذریعہ قریبی عزیز" in title and "Jawed Hotaki" in title
    assert "61101-2233445-5" in title
    assert "کرتا ہوں" in urdu and "کرتا/کرتی" not in urdu
    # Without a next friend the deponent stays blank, to be written in by hand.
    assert (
        "I, ______________________, relative and next friend" in rendered[(key, "en", "uncertain")]
    )


def test_no_cnic_is_kept_in_the_stored_snapshot(db, lawyer, paralegal, supervisor):

    from tests.documents.pleading_cases import SITUATION, make_case

    case = make_case(
        SITUATION["covered"], lawyer=lawyer, paralegal=paralegal, supervisor=supervisor
    )

    snapshot = json.dumps(petition_context(case))
    assert "Habib Noorzai" in snapshot
    assert "4455667" not in snapshot and "2233445" not in snapshot
