"""Every spelling of every corpus person finds that person; namesakes stay apart.

The same assertions run on SQLite and PostgreSQL: every corpus variant differs from the
record only in ways the name keys absorb, which both databases search alike. Typing
mistakes beyond that are found by trigram similarity, on PostgreSQL only.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.duplicates import cases_matching
from casework.selectors import cases_visible_to
from detainees.case_list import CaseFilters, case_list
from detainees.intake.services import IntakeRow, cases_open
from detainees.names import spelling_keys
from detainees.search import search_scores
from tests.detainees.name_corpus import CORPUS, TYPOS, variant_fields

pytestmark = pytest.mark.django_db


def case_open(*, opened_by, person_fields, detention_fields):
    # Namesakes are different people on purpose: confirmed as such, as at intake.
    (case,) = cases_open(
        membership=opened_by.membership,
        rows=[IntakeRow(person_fields=person_fields, detention_fields=detention_fields)],
        confirmed={0},
    )
    return case


def possible_duplicates(user, *, spelling_keys: list[str]) -> list:
    """What the intake duplicate check finds for these keys (casework.duplicates)."""
    matches = cases_matching(user, name_keys=spelling_keys)
    return list(dict.fromkeys(c for key in spelling_keys for c in matches.by_key.get(key, [])))


def _open_corpus(user) -> list:
    return [
        case_open(
            opened_by=user,
            person_fields=person.person_fields(),
            detention_fields={
                "arrested_at": timezone.now() - timedelta(hours=5),
                "custody_location": "Police Station Golra",
            },
        )
        for person in CORPUS
    ]


def _top3(user, query: str) -> list[str]:
    return [c.reference for c in case_list(user, CaseFilters(q=query))[:3]]


def _keys(name: str, father: str) -> list[str]:
    fields = variant_fields(name, father)
    return list(
        spelling_keys(
            given=fields.get("given_name", ""),
            father=fields.get("father_name", ""),
            given_native=fields.get("given_name_native", ""),
            father_native=fields.get("father_name_native", ""),
        )
    )


def _namesakes(index: int) -> set[int]:
    root = CORPUS[index].namesake_of if CORPUS[index].namesake_of is not None else index
    return {i for i, p in enumerate(CORPUS) if i == root or p.namesake_of == root} - {index}


def test_corpus_is_large_and_varied():
    assert len(CORPUS) >= 60
    assert all(3 <= len(p.variants) <= 5 for p in CORPUS)
    for person in CORPUS:
        scripts = {bool(variant_fields(n, f).get("given_name_native")) for n, f in person.variants}
        assert scripts == {True, False}, person.given  # each has variants in both scripts


def test_every_variant_finds_its_person_in_the_top_three(supervisor):
    cases = _open_corpus(supervisor)
    misses = []
    for index, person in enumerate(CORPUS):
        reference = cases[index].reference
        for name, father in person.variants:
            for query in (name, f"{name} {father}"):
                if reference not in _top3(supervisor, query):
                    misses.append(f"{person.given} {person.family}: {query}")
    assert misses == []


def test_name_and_father_put_the_person_before_a_namesake(supervisor):
    cases = _open_corpus(supervisor)
    for index, person in enumerate(CORPUS):
        if person.namesake_of is None:
            continue
        for mine, other in ((index, person.namesake_of), (person.namesake_of, index)):
            for name, father in CORPUS[mine].variants:
                ranked = list(case_list(supervisor, CaseFilters(q=f"{name} {father}")))
                # PostgreSQL may list the namesake lower down, as a close spelling.
                assert ranked[0].reference == cases[mine].reference
                below = [c.search_rank for c in ranked if c.pk == cases[other].pk]
                assert all(rank < ranked[0].search_rank for rank in below)


def test_duplicate_check_finds_every_variant_and_never_a_namesake(supervisor):
    cases = _open_corpus(supervisor)
    wrong, missed = [], []
    for index, person in enumerate(CORPUS):
        for name, father in person.variants:
            found = {
                c.reference
                for c in possible_duplicates(supervisor, spelling_keys=_keys(name, father))
            }
            if cases[index].reference not in found:
                missed.append(f"{name} / {father}")
            others = found - {cases[index].reference}
            if others:
                wrong.append(f"{name} / {father} -> {sorted(others)}")
    assert missed == []
    assert wrong == []


def test_namesakes_are_told_apart_by_the_duplicate_check(supervisor):
    cases = _open_corpus(supervisor)
    pairs = [(i, p.namesake_of) for i, p in enumerate(CORPUS) if p.namesake_of is not None]
    assert len(pairs) >= 3
    for index, namesake in pairs:
        assert _namesakes(index) == {namesake}
        keys = _keys(f"{CORPUS[index].given} {CORPUS[index].family}", CORPUS[index].father)
        found = {c.reference for c in possible_duplicates(supervisor, spelling_keys=keys)}
        assert found == {cases[index].reference}


def test_search_never_shows_a_case_the_user_may_not_open(lawyer, colleague, outsider):
    mine = _open_corpus(lawyer)
    theirs = case_open(
        opened_by=colleague,
        person_fields=CORPUS[0].person_fields(),
        detention_fields={"arrested_at": timezone.now(), "custody_location": "Lock-up"},
    )
    name, father = CORPUS[0].variants[0]
    for user, expected, visible in ((lawyer, mine[0], mine), (colleague, theirs, [theirs])):
        found = [c.reference for c in case_list(user, CaseFilters(q=f"{name} {father}"))]
        assert found[0] == expected.reference
        assert set(found) <= {c.reference for c in visible}
        keys = _keys(name, father)
        assert [c.reference for c in possible_duplicates(user, spelling_keys=keys)] == [
            expected.reference
        ]
    assert search_scores(cases_visible_to(outsider), name) == {}
    assert possible_duplicates(outsider, spelling_keys=_keys(name, father)) == []


def test_typing_mistakes_are_found_by_trigram_similarity(supervisor, require_postgres):
    cases = _open_corpus(supervisor)
    for index, typed in TYPOS:
        assert cases[index].reference in _top3(supervisor, typed), typed
