"""The coverage table: worked examples on the shared timeline as seeded by migration 0006.

Every rule boundary (first day, last day, day after), every gap, and every kind, from the
domain brief as corrected: renewals cover only their own cards, assumed start dates and
uncertain rules give "unknown", rules that end a kind's validity override printed
expiries, and a date before the first recorded rule is unknown.
"""

from datetime import date
from urllib.parse import urlsplit

import pytest

from documents.coverage import Basis, Citation, CoverageStatus, evaluate
from documents.selectors import rules_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]

D = date.fromisoformat
COVERED, NOT_COVERED, UNKNOWN = (
    CoverageStatus.COVERED, CoverageStatus.NOT_COVERED, CoverageStatus.UNKNOWN,
)  # fmt: skip

# Cards as a detainee may hold them: (printed expiry, issue date).
OLD = ("2012-12-31", "2010-03-01")  # issued before the 2014 renewal, never renewed
CARD14 = ("2015-12-31", "2014-06-10")  # the 2014 renewal's card, never renewed in DRIVE
SMART = ("2023-06-30", "2021-09-20")  # a DRIVE smart card

# kind, printed expiry, issued on, arrest date, status, valid until, words in the advice
EXAMPLES = [
    # Before the first recorded PoR rule: missing records are not a lapse.
    ("por", *OLD, "2013-06-01", UNKNOWN, None, "no rule for PoR cards before 1 Feb 2014"),
    # The 2014 renewal covers its own cards from their issue day to 31 Dec 2015...
    ("por", *CARD14, "2014-06-10", COVERED, "2015-12-31", "2014 renewal"),
    ("por", *CARD14, "2015-12-31", COVERED, "2015-12-31", "nation.com.pk/01-Oct-2014"),
    # ...and not a card it never replaced.
    ("por", *OLD, "2014-06-10", NOT_COVERED, None, "issued on or after 1 Feb 2014"),
    # The PM's extension to 30 Jun 2016 was reported on 14 Jan 2016; before that it rests
    # on its assumed start date.
    ("por", *CARD14, "2016-01-01", UNKNOWN, "2016-06-30", "assumed from 1 Jan 2016; confirm"),
    ("por", *CARD14, "2016-01-13", UNKNOWN, "2016-06-30", "assumed start"),
    ("por", *CARD14, "2016-01-14", COVERED, "2016-06-30", "temporary extension"),
    ("por", *CARD14, "2016-06-30", COVERED, "2016-06-30", "dawn.com"),
    ("por", *CARD14, "2016-07-01", UNKNOWN, "2016-12-31", "marked uncertain"),
    ("por", *CARD14, "2016-12-31", UNKNOWN, "2016-12-31", "31 Dec 2016 (inferred)"),
    ("por", *CARD14, "2017-01-01", COVERED, "2017-03-31", "31 Mar 2017"),
    ("por", *CARD14, "2017-03-31", COVERED, "2017-03-31", "31 Mar 2017"),
    ("por", *CARD14, "2017-04-01", UNKNOWN, "2018-01-31", "marked uncertain"),
    ("por", *CARD14, "2018-01-31", UNKNOWN, "2018-01-31", "31 Jan 2018 (inferred)"),
    ("por", *CARD14, "2018-02-01", COVERED, "2018-03-31", "dated 31 Jan 2018"),
    ("por", *CARD14, "2018-03-31", COVERED, "2018-03-31", "60-day"),
    ("por", *CARD14, "2018-04-01", COVERED, "2018-06-30", "dated 20 Feb 2018"),
    ("por", *CARD14, "2018-06-30", COVERED, "2018-06-30", "30 Jun 2018"),
    # Decided on 2 Oct 2018, after the 30 Jun 2018 lapse; the report gives no start.
    ("por", *CARD14, "2018-07-01", UNKNOWN, "2019-06-30", "assumed from 1 Jul 2018"),
    ("por", *CARD14, "2018-10-01", UNKNOWN, "2019-06-30", "certainly applied from 2 Oct 2018"),
    ("por", *CARD14, "2018-10-02", COVERED, "2019-06-30", "dated 2 Oct 2018"),
    ("por", *CARD14, "2019-06-30", COVERED, "2019-06-30", "reliefweb.int"),
    ("por", *CARD14, "2019-07-01", COVERED, "2020-06-30", "source to be confirmed"),
    ("por", *CARD14, "2020-06-30", COVERED, "2020-06-30", "27 Jun 2019"),
    ("por", *CARD14, "2020-07-01", UNKNOWN, "2021-06-30", "COVID-19 (inferred)"),
    ("por", *CARD14, "2021-06-30", UNKNOWN, "2021-06-30", "marked uncertain"),
    # The 2021-22 renewal (DRIVE) and later extensions cover only the smart cards.
    ("por", *CARD14, "2021-07-01", NOT_COVERED, None, "issued on or after 15 Mar 2021"),
    ("por", *CARD14, "2024-05-01", NOT_COVERED, None, "this one was issued on 10 Jun 2014"),
    ("por", *SMART, "2021-09-20", COVERED, "2023-06-30", "DRIVE"),
    ("por", *SMART, "2023-06-30", COVERED, "2023-06-30", "DRIVE"),
    # The Nov 2023 decision says it runs from 1 Jul 2023: no assumption, retroactive.
    ("por", *SMART, "2023-07-01", COVERED, "2023-12-31", "from 1 Jul 2023 to 31 Dec 2023"),
    ("por", *SMART, "2023-08-05", COVERED, "2023-12-31", "decided on 10 Nov 2023"),
    ("por", *SMART, "2023-12-31", COVERED, "2023-12-31", "dated 10 Nov 2023"),
    # Jan-Mar 2024: only the inferred 31 Mar 2024 rule, not the April decision stretched back.
    ("por", *SMART, "2024-01-01", UNKNOWN, "2024-03-31", "31 Mar 2024 (inferred)"),
    ("por", *SMART, "2024-03-12", UNKNOWN, "2024-03-31", "marked uncertain"),
    ("por", *SMART, "2024-03-31", UNKNOWN, "2024-03-31", "assumed from 1 Jan 2024"),
    ("por", *SMART, "2024-04-01", COVERED, "2024-06-30", "dated 26 Apr 2024"),
    ("por", *SMART, "2024-06-30", COVERED, "2024-06-30", "from 1 Apr 2024"),
    ("por", *SMART, "2024-07-01", COVERED, "2025-06-30", "SAFRON notification"),
    ("por", *SMART, "2025-06-30", COVERED, "2025-06-30", "thenews.com.pk"),
    # July 2025: the SAFRON circular pending a decision is uncertain; the SRO ends it.
    ("por", *SMART, "2025-07-01", UNKNOWN, "2025-07-31", "SAFRON circular"),
    ("por", *SMART, "2025-07-30", UNKNOWN, "2025-07-31", "brecorder.com"),
    ("por", *SMART, "2025-07-31", NOT_COVERED, None, "ceased to give a right of stay"),
    ("por", *SMART, "2025-09-01", NOT_COVERED, None, "holders' stay is unlawful"),
    ("por", "2026-06-30", "2021-09-20", "2025-08-05", NOT_COVERED, None,
     "overrides the printed expiry of 30 Jun 2026"),
    # Without the issue date nobody can tell whether the renewal covers the card...
    ("por", None, None, "2024-10-01", UNKNOWN, "2025-06-30", "Record the issue date"),
    # ...but a printed expiry that runs through the day covers it on its face.
    ("por", "2023-06-30", None, "2022-05-01", COVERED, "2023-06-30", "printed expiry"),
    # A card issued after the arrest did not exist on the day.
    ("por", None, "2024-01-01", "2023-12-01", NOT_COVERED, None, "issued on 1 Jan 2024"),
    # A family certificate follows the PoR card's dates.
    ("por_family", None, "2022-01-10", "2024-10-01", COVERED, "2025-06-30",
     "PoR family certificates"),
    ("por_family", None, "2022-01-10", "2025-07-31", NOT_COVERED, None, "unlawful"),
    # ACC: registration from 16 Aug 2017 (stay periods unverified); SAFRON Oct 2023
    # confirmed; phase 2 ended it from 1 Apr 2025, whatever the card says.
    ("acc", None, None, "2017-08-15", UNKNOWN, None, "before 16 Aug 2017"),
    ("acc", None, None, "2017-08-16", UNKNOWN, "2025-03-31", "marked uncertain"),
    ("acc", None, None, "2023-10-10", UNKNOWN, "2025-03-31", "marked uncertain"),
    ("acc", None, None, "2023-10-11", COVERED, "2025-03-31", "arynews.tv"),
    ("acc", None, None, "2025-03-31", COVERED, "2025-03-31", "reside temporarily"),
    ("acc", None, None, "2025-04-01", NOT_COVERED, None, "leave by 31 Mar 2025"),
    ("acc", "2026-12-31", None, "2025-04-15", NOT_COVERED, None, "overrides the printed"),
    # Identity documents never give a right of stay.
    ("passport", "2027-01-01", "2022-01-01", "2024-05-01", NOT_COVERED, None,
     "only a valid Pakistani visa does"),
    ("tazkira", None, None, "2024-05-01", NOT_COVERED, None, "never gives a right of stay"),
    # Kinds without rules follow the printed expiry.
    ("visa", "2025-01-31", None, "2025-01-31", COVERED, "2025-01-31", "printed expiry"),
    ("visa", "2025-01-31", None, "2025-02-01", NOT_COVERED, None, "no validity rules"),
    ("unhcr_asylum", None, None, "2024-06-01", UNKNOWN, None, "no printed expiry"),
    ("unhcr_refugee", "2025-12-31", None, "2025-12-31", COVERED, "2025-12-31", "printed"),
    ("other", "2024-12-31", None, "2025-01-01", NOT_COVERED, None, "had passed"),
]  # fmt: skip


def verdict(kind, expiry, issued, on):
    return evaluate(
        kind=kind,
        on_date=D(on),
        rules=rules_for(),
        expires_on=D(expiry) if expiry else None,
        issued_on=D(issued) if issued else None,
    )


def test_the_table_is_big_enough_and_spans_every_kind():
    assert len(EXAMPLES) >= 40
    kinds = {row[0] for row in EXAMPLES}
    assert kinds >= {"por", "por_family", "acc", "passport", "tazkira", "visa"}
    assert kinds >= {"unhcr_asylum", "unhcr_refugee", "other"}


@pytest.mark.parametrize("kind, expiry, issued, on, status, until, words", EXAMPLES)
def test_worked_example(kind, expiry, issued, on, status, until, words):
    result = verdict(kind, expiry, issued, on)
    assert result.status == status, result.advice
    assert result.valid_until == (D(until) if until else None), result.advice
    assert words in result.advice + (result.citation.text if result.citation else "")
    # Never covered on an uncertain rule or an assumed date; unknown always says why.
    if result.status == COVERED:
        assert not result.rests_on_uncertain and result.pleadable
    if result.status == UNKNOWN:
        assert not result.pleadable


def test_covered_by_rule_carries_a_full_citation():
    result = verdict("por", *SMART, "2024-10-01")
    assert result.basis == Basis.RULE
    citation = result.citation
    assert citation.rule_id == result.rule.pk
    assert citation.revision_id is not None and citation.revision_number >= 1
    assert citation.decided_on == D("2024-07-10")
    assert citation.source_url == (
        "https://www.thenews.com.pk/amp/1212486-afghan-refugees-stay-extended-for-a-year"
    )
    assert citation.certainty == "confirmed"
    assert "Source: The News" in citation.text
    assert result.as_dict()["rule"]["valid_until"] == "2025-06-30"
    assert result.as_dict()["pleadable"] is True


def test_citation_states_each_date_once():
    citation = verdict("por", *SMART, "2023-08-05").citation
    assert citation.text.count("10 Nov 2023") == 1
    assert "of 10 Nov 2023) of 10 Nov 2023" not in citation.text


def test_assumed_start_is_shown_and_makes_the_verdict_unknown():
    result = verdict("por", *CARD14, "2018-08-15")
    assert result.status == UNKNOWN and result.rests_on_uncertain
    assert result.assumptions == (
        "Start date of Federal cabinet decision extending PoR cards to 30 Jun 2019 assumed "
        "from 1 Jul 2018; confirm (it certainly applied from 2 Oct 2018).",
    )
    assert result.as_dict()["assumptions"] == list(result.assumptions)


def test_missing_issue_date_asks_for_it():
    result = verdict("por", None, None, "2024-10-01")
    assert result.confirm_notes and "Record the issue date" in result.confirm_notes[0]
    assert "15 Mar 2021" in result.confirm_notes[0]


def test_gap_before_the_first_rule_names_it():
    result = verdict("por", None, None, "2013-05-01")
    assert result.status == UNKNOWN
    assert result.next_rule.valid_from == D("2014-02-01")
    assert result.previous_rule is None


def test_every_shared_rule_links_a_specific_source_or_says_to_confirm_it():
    for rule in rules_for():
        if rule.source_url:
            link = urlsplit(rule.source_url)
            assert link.path.strip("/") or link.query, rule.source_url  # not a home page
        else:
            assert "source to be confirmed" in Citation.of(rule).text


def test_correction_updates_the_first_seed_in_place_and_keeps_its_history():
    """What migration 0006 does to a database seeded by 0004: no duplicates, old versions kept."""
    import importlib

    from django.apps import apps

    from documents.models import ValidityRule, ValidityRuleRevision
    from documents.seed_timeline import CORRECTION_REASON, RULES, seed_validity_timeline

    first_seed = importlib.import_module("documents.migrations.0004_seed_validity_timeline")
    ValidityRuleRevision.objects.all().delete()
    ValidityRule.objects.all().delete()
    first_seed.seed(apps, None)
    withdrawn = ValidityRule.objects.get(
        decision__startswith="Extension of PoR cards to 31 Mar 2017"
    )
    ValidityRule.objects.filter(pk=withdrawn.pk).update(active=False)
    # Every row changes or is new, except the ACC registration rule, which was right.
    assert seed_validity_timeline(ValidityRule, ValidityRuleRevision) == len(RULES) - 1
    assert ValidityRule.objects.count() == len(RULES)
    april = ValidityRule.objects.get(decision__contains="from 1 Apr 2024 to 30 Jun 2024")
    first, second = april.revisions.order_by("number")
    assert first.valid_from == date(2024, 1, 1) and second.valid_from == date(2024, 4, 1)
    assert second.reason == CORRECTION_REASON and second.by_platform_staff
    assert april.valid_from == date(2024, 4, 1) and april.issued_from == date(2021, 3, 15)
    withdrawn.refresh_from_db()
    assert not withdrawn.active  # a withdrawal is a decision the correction keeps
    assert seed_validity_timeline(ValidityRule, ValidityRuleRevision) == 0
