"""Properties of the coverage engine, on random timelines (no database)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from documents.coverage import Basis, CoverageStatus, evaluate
from documents.models import ValidityRule

START = date(2014, 1, 1)
dates = st.integers(min_value=0, max_value=4000).map(lambda n: START + timedelta(days=n))
optional_dates = st.none() | dates
kinds = st.sampled_from(["por", "por_family", "acc", "visa", "passport"])
rule_kinds = st.sampled_from(["por", "acc", "visa", "passport"])
IDENTITY_ONLY = {"passport", "tazkira"}


@st.composite
def rules(draw, kind=rule_kinds):
    start = draw(dates)
    assumed = draw(st.booleans())
    return ValidityRule(
        kind=draw(kind),
        effect=draw(st.sampled_from(["extends", "extends", "ends"])),
        valid_from=start,
        valid_until=start + timedelta(days=draw(st.integers(0, 900))),
        decision="A decision",
        decided_on=draw(optional_dates),
        source_title="A source",
        certainty=draw(st.sampled_from(["confirmed", "uncertain"])),
        active=draw(st.booleans()),
        start_assumed=assumed,
        known_from=start + timedelta(days=draw(st.integers(0, 90))) if assumed else None,
        issued_from=draw(st.none() | dates),
        organisation_id=draw(st.sampled_from([None, None, 1, 2])),
    )


timelines = st.lists(rules(), max_size=8).map(
    lambda rs: [setattr(r, "pk", i + 1) or r for i, r in enumerate(rs)]
)
documents = st.fixed_dictionaries(
    {
        "kind": kinds,
        "expires_on": optional_dates,
        "issued_on": optional_dates,
        "on_date": dates,
        "organisation_id": st.sampled_from([None, 1]),
    }
)


def applicable(timeline, doc):
    """The rules evaluate may look at: active, the document's kind, shared or its own."""
    kind = "por" if doc["kind"] == "por_family" else doc["kind"]
    return [
        r for r in timeline
        if r.active and r.kind == kind and r.organisation_id in (None, doc["organisation_id"])
    ]  # fmt: skip


def spanning(rules, on):
    return [
        r for r in rules if r.valid_from <= on and (r.valid_until is None or on <= r.valid_until)
    ]


def confirmed_rule(kind, on_date, pk=999, organisation_id=None):
    return ValidityRule(
        pk=pk, kind="por" if kind == "por_family" else kind, effect="extends",
        valid_from=on_date - timedelta(days=3), valid_until=on_date + timedelta(days=3),
        decision="Confirmed extension", source_title="Gazette", certainty="confirmed",
        active=True, organisation_id=organisation_id,
    )  # fmt: skip


@settings(max_examples=300)
@given(documents, timelines)
def test_verdict_is_one_of_three_and_covered_means_valid_through_the_date(doc, timeline):
    result = evaluate(rules=timeline, **doc)
    assert result.status in CoverageStatus.values
    assert result.explanation
    if result.status == CoverageStatus.COVERED:
        assert result.valid_until is None or result.valid_until >= doc["on_date"]
        assert result.basis in (Basis.RULE, Basis.PRINTED_EXPIRY)


@given(documents, timelines)
def test_a_confirmed_rule_spanning_the_date_always_covers_unless_validity_ended(doc, timeline):
    if doc["issued_on"] and doc["issued_on"] > doc["on_date"]:
        doc["issued_on"] = None
    own = doc["organisation_id"]
    extra = confirmed_rule(doc["kind"], doc["on_date"], organisation_id=own)
    result = evaluate(rules=[*timeline, extra], **doc)
    deciding = spanning(applicable([*timeline, extra], doc), doc["on_date"])
    if own is not None:
        deciding = [r for r in deciding if r.organisation_id == own]
    ended = any(r.effect == "ends" for r in deciding)
    if doc["kind"] in IDENTITY_ONLY or ended:
        assert result.status != CoverageStatus.COVERED
    else:
        assert result.status == CoverageStatus.COVERED


@given(documents, timelines, rules())
def test_adding_an_extension_never_takes_coverage_away(doc, timeline, extra):
    extra.pk, extra.effect, extra.organisation_id = 1000, "extends", None
    own_spans = spanning(
        [r for r in applicable(timeline, doc) if r.organisation_id is not None], doc["on_date"]
    )
    before = evaluate(rules=timeline, **doc)
    after = evaluate(rules=[*timeline, extra], **doc)
    if before.status == CoverageStatus.COVERED and not own_spans:
        assert after.status == CoverageStatus.COVERED


@given(documents, timelines)
def test_covered_never_rests_on_an_uncertain_rule_or_an_assumed_date(doc, timeline):
    result = evaluate(rules=timeline, **doc)
    if result.status == CoverageStatus.COVERED:
        assert not result.rests_on_uncertain and result.pleadable
        if result.basis == Basis.RULE:
            rule = result.rule
            assert rule.certainty == "confirmed"
            assert not rule.start_assumed or rule.known_from <= doc["on_date"]
            assert rule.issued_from is None or (
                doc["issued_on"] is not None and doc["issued_on"] >= rule.issued_from
            )
    if result.rests_on_uncertain:
        assert result.status == CoverageStatus.UNKNOWN


@given(documents, timelines)
def test_a_confirmed_end_of_validity_spanning_the_date_is_never_covered(doc, timeline):
    end = confirmed_rule(doc["kind"], doc["on_date"], organisation_id=doc["organisation_id"])
    end.effect, end.valid_until = "ends", None
    result = evaluate(rules=[*timeline, end], **doc)
    assert result.status == CoverageStatus.NOT_COVERED


@given(documents, timelines)
def test_other_organisations_rules_never_matter(doc, timeline):
    mine = [r for r in timeline if r.organisation_id in (None, doc["organisation_id"])]
    assert evaluate(rules=timeline, **doc).status == evaluate(rules=mine, **doc).status


@given(documents, timelines)
def test_a_date_before_every_rule_of_the_kind_is_never_not_covered(doc, timeline):
    rules = applicable(timeline, doc)
    if doc["kind"] in IDENTITY_ONLY or not rules:
        return
    if doc["issued_on"] and doc["issued_on"] > doc["on_date"]:
        return
    if doc["on_date"] < min(r.valid_from for r in rules):
        assert evaluate(rules=timeline, **doc).status != CoverageStatus.NOT_COVERED


@given(st.sampled_from(sorted(IDENTITY_ONLY)), dates, optional_dates, timelines)
def test_passports_and_tazkiras_never_give_a_right_of_stay(kind, on_date, expires_on, timeline):
    result = evaluate(kind=kind, on_date=on_date, rules=timeline, expires_on=expires_on)
    assert result.status == CoverageStatus.NOT_COVERED
    assert result.basis == Basis.IDENTITY_ONLY and "right of stay" in result.explanation


@given(documents, timelines, st.lists(optional_dates, min_size=8, max_size=8))
def test_when_a_rule_was_decided_never_changes_the_verdict(doc, timeline, decided):
    before = evaluate(rules=timeline, **doc)
    for rule, when in zip(timeline, decided, strict=False):
        rule.decided_on = when
    assert evaluate(rules=timeline, **doc).status == before.status


@given(documents, timelines)
def test_winner_runs_longest_among_printed_expiry_and_solid_rules(doc, timeline):
    result = evaluate(rules=timeline, **doc)
    if result.status != CoverageStatus.COVERED:
        return
    on = doc["on_date"]
    deciding = spanning(applicable(timeline, doc), on)
    own = [r for r in deciding if r.organisation_id is not None]
    untils = [
        r.valid_until for r in (own or deciding)
        if r.effect == "extends" and r.certainty == "confirmed"
        and (not r.start_assumed or r.known_from <= on)
        and (r.issued_from is None or (doc["issued_on"] or date.min) >= r.issued_from)
    ]  # fmt: skip
    if doc["expires_on"] and on <= doc["expires_on"]:
        untils.append(doc["expires_on"])
    assert result.valid_until == max(untils)


@given(documents, timelines)
def test_rules_of_other_kinds_and_withdrawn_rules_never_matter(doc, timeline):
    relevant = applicable(timeline, doc)
    assert evaluate(rules=timeline, **doc).status == evaluate(rules=relevant, **doc).status


@given(documents, st.lists(rules(kind=st.just("por")), min_size=1, max_size=5))
def test_only_uncertain_rules_spanning_the_date_give_unknown(doc, timeline):
    doc.update(kind="por", expires_on=None, issued_on=None)
    for index, rule in enumerate(timeline):
        rule.pk, rule.certainty, rule.active, rule.effect = index + 1, "uncertain", True, "extends"
        rule.organisation_id = None
        rule.valid_from = min(rule.valid_from, doc["on_date"])
        rule.valid_until = max(rule.valid_until, doc["on_date"])
    result = evaluate(rules=timeline, **doc)
    assert result.status == CoverageStatus.UNKNOWN and result.rests_on_uncertain
    assert result.rule is not None and result.rule.certainty == "uncertain"


@given(st.sampled_from(["visa", "unhcr_asylum", "unhcr_refugee", "other"]), dates, optional_dates)
def test_kind_without_rules_follows_the_printed_expiry(kind, on_date, expires_on):
    result = evaluate(kind=kind, on_date=on_date, rules=[], expires_on=expires_on)
    if expires_on is None:
        assert result.status == CoverageStatus.UNKNOWN
    elif on_date <= expires_on:
        assert result.status == CoverageStatus.COVERED
        assert result.basis == Basis.PRINTED_EXPIRY
    else:
        assert result.status == CoverageStatus.NOT_COVERED


@given(documents, timelines)
def test_document_issued_after_the_date_is_never_covered(doc, timeline):
    doc["issued_on"] = doc["on_date"] + timedelta(days=1)
    assert evaluate(rules=timeline, **doc).status == CoverageStatus.NOT_COVERED


@given(timelines, dates)
def test_gap_neighbours_bracket_the_date(timeline, on_date):
    result = evaluate(kind="por", on_date=on_date, rules=timeline)
    if result.status != CoverageStatus.NOT_COVERED or result.basis == Basis.ENDED:
        return
    if result.previous_rule is not None:
        assert result.previous_rule.valid_until < on_date
    if result.next_rule is not None:
        assert result.next_rule.valid_from > on_date
        assert "The gap ends on" in result.explanation
