"""Worked examples from the real timeline (seeded by migration 0004 from domain.md)."""

from datetime import date

import pytest

from documents.coverage import Basis, CoverageStatus, evaluate
from documents.selectors import rules_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]

D = date.fromisoformat
COVERED, NOT_COVERED, UNKNOWN = (
    CoverageStatus.COVERED, CoverageStatus.NOT_COVERED, CoverageStatus.UNKNOWN,
)  # fmt: skip

# kind, printed expiry, issued on, date, status, valid until, words in the explanation
EXAMPLES = [
    # Extended by the Apr 2024 cabinet decision, which overlaps the uncertain 31 Mar 2024
    # rule: the confirmed rule that runs longest wins; decided after the date (retroactive).
    (
        "por",
        "2023-06-30",
        None,
        "2024-03-12",
        COVERED,
        "2024-06-30",
        "cabinet decision of Apr 2024",
    ),
    ("por", "2023-06-30", None, "2024-05-01", COVERED, "2024-06-30", "30 Jun 2024"),
    # Notified on 10 Nov 2023, it still covers an arrest in August 2023.
    ("por", "2023-06-30", None, "2023-08-05", COVERED, "2023-12-31", "retroactively"),
    # The printed expiry and the DRIVE rule both end 30 Jun 2023: the citable rule wins.
    ("por", "2023-06-30", None, "2023-05-01", COVERED, "2023-06-30", "DRIVE"),
    ("por", "2023-06-30", None, "2024-10-01", COVERED, "2025-06-30", "SAFRON"),
    ("por", None, None, "2019-03-01", COVERED, "2019-06-30", "2 Oct 2018"),
    # A family certificate follows the PoR card's dates.
    ("por_family", None, None, "2024-10-01", COVERED, "2025-06-30", "PoR family certificates"),
    # After the lapse: not covered, and the Interior Ministry's notice is cited.
    ("por", "2023-06-30", None, "2025-08-05", NOT_COVERED, None, "unlawful from 31 Jul 2025"),
    ("por", "2023-06-30", None, "2025-07-10", NOT_COVERED, None, "No later extension"),
    # Before the first recorded rule: the gap ends when the 2014 renewal begins.
    ("por", None, None, "2013-05-01", NOT_COVERED, None, "The gap ends on 1 Jan 2014"),
    # Only the inferred 31 Jan 2018 rule spans this date, and it is uncertain.
    ("por", "2015-12-31", None, "2017-10-10", UNKNOWN, "2018-01-31", "marked uncertain"),
    # ACC: stay for periods the government sets, not verified; phase 2 ended it.
    ("acc", None, None, "2024-01-10", UNKNOWN, "2025-03-31", "marked uncertain"),
    ("acc", None, None, "2025-04-15", NOT_COVERED, None, "leave by 31 Mar 2025"),
    # Kinds without rules fall back to the printed expiry.
    ("visa", "2025-01-31", None, "2025-01-15", COVERED, "2025-01-31", "printed expiry"),
    ("visa", "2024-12-31", None, "2025-02-01", NOT_COVERED, None, "no validity rules"),
    ("unhcr_asylum", None, None, "2024-06-01", UNKNOWN, None, "no printed expiry"),
    # A card issued after the arrest did not exist on the day.
    ("por", None, "2024-01-01", "2023-12-01", NOT_COVERED, None, "issued on 1 Jan 2024"),
]


@pytest.mark.parametrize("kind, expiry, issued, on, status, until, words", EXAMPLES)
def test_worked_example(kind, expiry, issued, on, status, until, words):
    result = evaluate(
        kind=kind,
        on_date=D(on),
        rules=rules_for(),
        expires_on=D(expiry) if expiry else None,
        issued_on=D(issued) if issued else None,
    )
    assert result.status == status, result.explanation
    assert result.valid_until == (D(until) if until else None)
    assert words in result.explanation


def test_covered_by_rule_carries_a_full_citation():
    result = evaluate(kind="por", on_date=D("2024-10-01"), rules=rules_for(), expires_on=None)
    assert result.basis == Basis.RULE
    citation = result.citation
    assert citation.rule_id == result.rule.pk
    assert citation.revision_number == 1 and citation.revision_id is not None
    assert citation.decided_on == D("2024-07-10")
    assert citation.source_url == "https://www.thenews.com.pk/print/1212486"
    assert citation.certainty == "confirmed"
    assert "Source: The News" in citation.text
    assert result.as_dict()["rule"]["valid_until"] == "2025-06-30"


def test_gap_names_the_rule_that_ends_it():
    result = evaluate(kind="por", on_date=D("2013-05-01"), rules=rules_for())
    assert result.next_rule.valid_from == D("2014-01-01")
    assert result.previous_rule is None
