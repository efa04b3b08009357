"""Finding a case by what a lawyer has at hand: a name in any spelling or script, the
father's name, a document number, the FIR number or the case reference.

Every function takes a queryset of cases the user may already see and only ever narrows
it, so search cannot show a case its access rules hide.

Tiers, best first (the score ``search_scores`` gives each case):

- 100 the exact case reference, FIR number or identity-document number (and then nothing
  else is looked for); 95 a reference or FIR number that starts with what was typed
  ("ISB-2026-00", "311");
- 90 to 55 the name keys of ``detainees.names``: the whole key typed equal to one of the
  person's (90 if every word typed is spelt as on the record, else 80), every word's key
  equal (70 or 65), or every word's but the last, a key's beginning (55); plus up to 4.9
  for how close the spelling is to the record's;
- below 50, on PostgreSQL only and when the tiers above found nothing:
  trigram word similarity of the whole typed key to the person's keys, for typing
  mistakes the normalisation does not absorb.

Identifiers and names are looked up in separate, index-friendly queries (an OR across
the case, detention, person and document tables would scan every case).
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models import Case as SQLCase

from detainees.key_frequency import all_rare
from detainees.models import Person
from detainees.names import fold_perso_arabic, is_perso_arabic, whole_key, word_keys
from documents.numbers import normalise_number

# Enough candidates to rank one page well; a query matching more ("Mohammad") is too
# vague for the order among the rest to mean anything.
MAX_CANDIDATES = 200
FUZZY_LIMIT = 50
# Whole keys shorter than this say too little for similarity; above it pg_trgm's default
# word-similarity threshold (0.6) admits one or two wrong letters.
FUZZY_MIN_KEY = 5
EXACT = 100.0
_IDENTIFIER = re.compile(r"\d|^[A-Za-z]{2,8}-$")
_REFERENCE_START = re.compile(r"^[A-Za-z]{2,8}-")


@dataclass(frozen=True)
class SearchQuery:
    text: str
    identifiers: tuple[str, ...]
    words: tuple[str, ...]  # word keys of the name part
    whole: str  # whole-name key of the name part
    spelt: tuple[str, ...]  # the name part's words as typed, folded

    @property
    def is_empty(self) -> bool:
        return not (self.identifiers or self.words)


def _fold_words(text: str) -> list[str]:
    if is_perso_arabic(text):
        return fold_perso_arabic(text).split()
    return re.findall(r"[^\W\d_]+", text.casefold())


def parse_query(text: str) -> SearchQuery:
    text = " ".join(text.split())
    tokens = text.split()
    identifiers = [t for t in tokens if _IDENTIFIER.search(t)]
    if len(tokens) > 1 and any(_IDENTIFIER.search(t) for t in tokens):
        identifiers.append(text)  # "AB 123 456": a document number typed with spaces
    name = " ".join(t for t in tokens if not _IDENTIFIER.search(t))
    return SearchQuery(
        text=text,
        identifiers=tuple(dict.fromkeys(identifiers)),
        words=tuple(word_keys(name)),
        whole=whole_key(name),
        spelt=tuple(_fold_words(name)),
    )


def _identifier_matches(cases: QuerySet, query: SearchQuery) -> dict[int, float]:
    if not query.identifiers:
        return {}
    upper = [t.upper() for t in query.identifiers]
    numbers = [n for n in (normalise_number(t) for t in query.identifiers) if n]
    plain = cases.order_by().values_list("pk", flat=True)
    exact = plain.filter(reference__in=upper).union(
        plain.filter(detention__fir_number__in=[*query.identifiers, *upper]),
        plain.filter(person__documents__number_normalised__in=numbers),
    )
    found = dict.fromkeys(exact, EXACT)
    if found:
        return found
    starts = Q()
    for token, up in zip(query.identifiers, upper, strict=True):
        starts |= Q(detention__fir_number__startswith=token)  # an index serves this
        if _REFERENCE_START.match(token):  # "ISB-", "ISB-2026-00"; no index serves this
            starts |= Q(reference__startswith=up)
    return dict.fromkeys(plain.filter(starts)[:MAX_CANDIDATES], 95.0)


_NAME_COLUMNS = (
    "person__search_keys", "person__given_name", "person__family_name",
    "person__given_name_native", "person__family_name_native", "person__father_name",
    "person__father_name_native",
)  # fmt: skip


def _name_score(query: SearchQuery, row: tuple) -> float:
    """The tier (whole key equal, then every word's key, then beginnings; spelt exactly as
    on the record a notch higher), plus up to 4.9 for how close the spelling is."""
    keys = set(row[1].split())
    words_equal = all(w in keys for w in query.words)
    whole_equal = bool(query.whole) and query.whole in keys
    given, family, given_n, family_n, father, father_n = (_fold_words(t or "") for t in row[2:])
    on_record = {*given, *family, *given_n, *family_n, *father, *father_n}
    spelt = bool(query.spelt) and all(w in on_record for w in query.spelt)
    if whole_equal:
        tier = 90.0 if spelt else 80.0
    elif words_equal:
        tier = 70.0 if spelt else 65.0
    else:
        tier = 55.0
    return round(tier + 4.9 * _closeness(query, row), 3)


def _closeness(query: SearchQuery, row: tuple) -> float:
    """0 to 1: how alike the typed words and the record's (name, or name and father's
    name) are, in the script typed."""
    given, family, given_n, family_n, father, father_n = (_fold_words(t or "") for t in row[2:])
    name, dad = (given_n + family_n, father_n) if is_perso_arabic(query.text) else (
        given + family, father)  # fmt: skip
    typed = " ".join(query.spelt)
    return max(
        SequenceMatcher(None, typed, " ".join(name)).ratio(),
        SequenceMatcher(None, typed, " ".join(name + dad)).ratio(),
    )


class _KeysMatch(Func):
    """``to_tsvector('simple', keys) @@ to_tsquery('simple', query)``: served by the GIN
    index of migration 0005, whose posting list per key intersects fast even for
    "mmd" (Mohammad), unlike trigrams of such short keys."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple'::regconfig, "
    output_field = BooleanField()


def _keys_condition(query: SearchQuery, stage: str, field: str = "person__search_keys"):
    """``whole``: the whole key is one of the person's keys; ``words``: every word's key
    is; ``starts``: every word's but the last, which may be a key's beginning, as when a
    name is still being typed ("sher moham")."""
    *before, last = query.words
    starts = stage == "starts" and len(last) > 1
    if connection.vendor == "postgresql":
        if stage == "whole":
            text = query.whole
        else:
            text = " & ".join([*before, f"{last}:*" if starts else last])
        return _KeysMatch(F(field), Value(text))
    if stage == "whole":
        return Q(**{f"{field}__contains": f" {query.whole} "})
    keys = [f" {w} " for w in before] + [f" {last}" if starts else f" {last} "]
    return reduce(and_, (Q(**{f"{field}__contains": k}) for k in keys))


def _whole_keys(query: SearchQuery, stage: str) -> list[str]:
    """The keys a stage requires in full (a beginning typed last is not one)."""
    if stage == "whole":
        return [query.whole]
    return list(query.words[:-1] if stage == "starts" else query.words)


def _name_condition(query: SearchQuery, stage: str):
    """The stage's condition on a case, starting from the people with the keys when a key
    is rare (``detainees.key_frequency``). The slice keeps the people's subquery apart
    (PostgreSQL does not merge a subquery with a LIMIT into the outer query), so it is
    read first, from the index on the keys; it never cuts anyone off."""
    condition = _keys_condition(query, stage)
    if not all_rare(_whole_keys(query, stage)):
        return condition
    people = Person.objects.filter(_keys_condition(query, stage, "search_keys"))
    return Q(person_id__in=people.values("pk")[:_NO_LIMIT])


_NO_LIMIT = 2**62


def _name_matches(cases: QuerySet, query: SearchQuery) -> dict[int, float]:
    """Whole keys first, so that among thousands of Mohammads the one typed in full is
    not cut off by the candidate limit; then every word; word beginnings only when
    nothing matched in full."""
    if not query.words:
        return {}
    plain = cases.order_by()
    rows: list[tuple] = []
    for stage in ("whole", "words", "starts"):
        if len(rows) >= MAX_CANDIDATES or (stage == "starts" and rows):
            break
        if (stage == "whole" and not query.whole) or (
            stage == "words" and query.words == (query.whole,)
        ):
            continue
        found = plain.filter(_name_condition(query, stage))
        if rows:
            found = found.exclude(pk__in=[row[0] for row in rows])
        rows += found.values_list("pk", *_NAME_COLUMNS)[: MAX_CANDIDATES - len(rows)]
    return {row[0]: _name_score(query, row) for row in rows}


class _WordSimilar(Func):
    """``keys %> typed``: pg_trgm word similarity above pg_trgm.word_similarity_threshold
    (0.6 unless the server is told otherwise), GIN-indexed."""

    template = "%(expressions)s"
    arg_joiner = " %%> "
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def _fuzzy_matches(cases: QuerySet, query: SearchQuery) -> dict[int, float]:
    """Close spellings: people with every typed word but one (narrowed on the word index),
    ranked by trigram word similarity of the whole typed key to their keys. A single word
    is looked up by trigrams alone, and only when its key is long enough to say much."""
    if connection.vendor != "postgresql" or len(query.whole) < FUZZY_MIN_KEY:
        return {}
    typed = query.whole
    candidates = cases.order_by().filter(_WordSimilar(F("person__search_keys"), Value(typed)))
    words = list(dict.fromkeys(query.words))
    if len(words) > 1:
        all_but_one = (" & ".join(w for w in words if w != left_out) for left_out in words)
        text = " | ".join(f"({alternative})" for alternative in all_but_one)
        candidates = candidates.filter(_KeysMatch(F("person__search_keys"), Value(text)))
    rows = (
        candidates.annotate(similarity=_WordSimilarity(Value(typed), F("person__search_keys")))
        .order_by("-similarity")
        .values_list("pk", "similarity", *_NAME_COLUMNS)[:FUZZY_LIMIT]
    )
    return {row[0]: round(44.0 * row[1] + 4.9 * _closeness(query, row[1:]), 3) for row in rows}


def search_scores(cases: QuerySet, text: str) -> dict[int, float]:
    """Case id -> score (higher is better) for the cases of ``cases`` that match."""
    query = parse_query(text)
    if query.is_empty:
        return {}
    scores = _identifier_matches(cases, query)
    if any(score == EXACT for score in scores.values()):
        return scores  # a document, FIR or case number typed in full says who is meant
    for pk, score in _name_matches(cases, query).items():
        scores[pk] = max(score, scores.get(pk, 0.0))
    if not scores:
        scores = _fuzzy_matches(cases, query)
    return scores


def search_cases(cases: QuerySet, text: str, *, pool: QuerySet | None = None) -> QuerySet:
    """``cases`` narrowed to those matching ``text``, annotated with ``search_rank`` to
    order by (descending). Matches are looked up in ``pool`` (by default ``cases``): a
    plain queryset of the same visible cases, without the annotations of a list page,
    keeps the lookups on their indexes."""
    scores = search_scores(cases if pool is None else pool, text)
    by_score: dict[float, list[int]] = {}
    for pk, score in scores.items():
        by_score.setdefault(score, []).append(pk)
    rank = SQLCase(
        *[When(pk__in=ids, then=Value(score)) for score, ids in by_score.items()],
        default=Value(0.0),
        output_field=FloatField(),
    )
    return cases.filter(pk__in=list(scores)).annotate(search_rank=rank)
